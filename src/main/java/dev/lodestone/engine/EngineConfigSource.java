package dev.lodestone.engine;

import dev.lodestone.platform.kafka.Topic;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Settings the composition derives from what the features declare, so no feature edits a shared line:
 * the topics Kafka Streams waits for before it starts ({@code quarkus.kafka-streams.topics}). Below
 * {@code application.properties} (ordinal 250), so an operator can still override it.
 */
public class EngineConfigSource extends MapBackedConfigSource {

    static final int ORDINAL = 200;

    public EngineConfigSource() {
        super(
                "lodestone-composition",
                Map.of(
                        "quarkus.kafka-streams.topics",
                        EngineTopics.STREAMS_SOURCES.stream().map(Topic::name).collect(Collectors.joining(","))),
                ORDINAL);
    }
}
