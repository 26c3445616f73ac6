package dev.lodestone.engine;

import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.TopicBootstrap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Strimzi {@code KafkaTopic} resources of every registered topic ({@link EngineTopics#ALL}), with the
 * settings the engine itself creates them with (compaction, retention) plus the cluster's replication:
 * {@code ./lodestone k8s-topics > k8s/base/kafka/topics.yaml}. Kafka Streams' internal topics
 * (changelogs, repartition topics) are not listed: Streams creates them with
 * {@code kafka-streams.replication.factor}, set in the engine's ConfigMap.
 */
public final class KafkaTopicManifests {

    /** The Strimzi API version of the generated resources. */
    public static final String API_VERSION = "kafka.strimzi.io/v1";

    /** How the cluster's topics are laid out. */
    public record Layout(String cluster, int partitions, int replicas, int minInsyncReplicas) {

        /** Three brokers, writes acknowledged by two: one broker may be down without stopping anything. */
        public static final Layout DEFAULT = new Layout("lodestone", 12, 3, 2);
    }

    private KafkaTopicManifests() {}

    /** The settings of one topic's resource ({@code spec.config}). */
    public static Map<String, String> config(Topic<?, ?> topic, Layout layout) {
        Map<String, String> config = new TreeMap<>(TopicBootstrap.configs(topic));
        config.put("min.insync.replicas", String.valueOf(layout.minInsyncReplicas()));
        return config;
    }

    /** Every registered topic as one YAML document each. */
    public static String yaml(List<Topic<?, ?>> topics, Layout layout) {
        StringBuilder out = new StringBuilder();
        out.append("# Generated from the engine's topic registry (EngineTopics.ALL): do not edit.\n");
        out.append("# Regenerate: ./lodestone k8s-topics > k8s/base/kafka/topics.yaml\n");
        for (Topic<?, ?> topic : topics) {
            out.append("---\n")
                    .append("apiVersion: ")
                    .append(API_VERSION)
                    .append('\n')
                    .append("kind: KafkaTopic\n")
                    .append("metadata:\n")
                    .append("  name: ")
                    .append(topic.name())
                    .append('\n')
                    .append("  labels:\n")
                    .append("    strimzi.io/cluster: ")
                    .append(layout.cluster())
                    .append('\n')
                    .append("spec:\n")
                    .append("  topicName: ")
                    .append(topic.name())
                    .append('\n')
                    .append("  partitions: ")
                    .append(layout.partitions())
                    .append('\n')
                    .append("  replicas: ")
                    .append(layout.replicas())
                    .append('\n')
                    .append("  config:\n");
            config(topic, layout)
                    .forEach((key, value) -> out.append("    ")
                            .append(key)
                            .append(": \"")
                            .append(value)
                            .append("\"\n"));
        }
        return out.toString();
    }
}
