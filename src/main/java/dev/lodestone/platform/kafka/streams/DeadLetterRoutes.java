package dev.lodestone.platform.kafka.streams;

import dev.lodestone.platform.kafka.PlatformTopics;
import dev.lodestone.platform.kafka.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which dead-letter topic takes the records of a source topic: {@code streams-dlq} unless the feature
 * owning the source declared its own. Static because Kafka Streams instantiates the handlers itself;
 * routes are declared while the topology is built, before any handler runs, and never change.
 */
public final class DeadLetterRoutes {

    private static final Map<String, String> ROUTES = new ConcurrentHashMap<>();

    private DeadLetterRoutes() {}

    /** Records of {@code source} that cannot be read or processed go to {@code deadLetter}. */
    public static void route(Topic<?, ?> source, Topic<?, ?> deadLetter) {
        ROUTES.put(source.name(), deadLetter.name());
    }

    /** The dead-letter topic for records of {@code sourceTopic}. */
    static String deadLetterTopicFor(String sourceTopic) {
        return ROUTES.getOrDefault(sourceTopic, PlatformTopics.STREAMS_DLQ.name());
    }
}
