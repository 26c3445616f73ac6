package dev.lodestone.platform.kafka;

import java.util.List;

/**
 * The topics the running composition owns, handed to the platform by the composition root so the
 * platform creates and checks them without knowing any feature.
 *
 * @param all every topic, created at start-up in this order
 * @param keyPartitioned topics whose partition count must equal {@code lodestone.streams.partitions}
 */
public record TopicRegistry(List<Topic<?, ?>> all, List<Topic<?, ?>> keyPartitioned) {}
