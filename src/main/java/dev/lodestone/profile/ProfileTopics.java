package dev.lodestone.profile;

import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The profile feature's topics. {@code docs/architecture.md} registers each of them. */
public final class ProfileTopics {

    /**
     * Latest preference profile per shopper, in the binary layout of {@link ShopperProfileSerde} (written
     * for every event that changes a profile); compacted, tombstone when forgotten.
     */
    public static final Topic<String, ShopperProfile> SHOPPER_PROFILES =
            new Topic<>("shopper-profiles", Serdes.String(), new ShopperProfileSerde(), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(SHOPPER_PROFILES);

    private ProfileTopics() {}
}
