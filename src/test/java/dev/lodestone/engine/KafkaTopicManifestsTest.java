package dev.lodestone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.platform.kafka.Topic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated KafkaTopic resources carry every registered topic with its own settings. */
class KafkaTopicManifestsTest {

    @Test
    void shouldListEveryRegisteredTopicOnce() {
        String yaml = KafkaTopicManifests.yaml(EngineTopics.ALL, KafkaTopicManifests.Layout.DEFAULT);
        for (Topic<?, ?> topic : EngineTopics.ALL) {
            assertTrue(yaml.contains("  topicName: " + topic.name() + "\n"), topic.name());
        }
        assertEquals(EngineTopics.ALL.size(), yaml.split("\nkind: KafkaTopic\n", -1).length - 1);
    }

    @Test
    void shouldRequireTwoInSyncReplicasBesideTheTopicsOwnSettings() {
        Map<String, String> config =
                KafkaTopicManifests.config(IngestTopics.SHOPPER_EVENTS, KafkaTopicManifests.Layout.DEFAULT);
        assertEquals("2", config.get("min.insync.replicas"));
        assertTrue(config.containsKey("retention.ms") || config.containsKey("cleanup.policy"), config.toString());
    }
}
