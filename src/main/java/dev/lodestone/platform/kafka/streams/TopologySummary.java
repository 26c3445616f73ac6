package dev.lodestone.platform.kafka.streams;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;

/**
 * A topology as a person reads it at start-up: one line per sub-topology with the topics it reads,
 * the topics it writes and the stores it keeps. {@code Topology.describe()} lists every node with its
 * neighbours, a few hundred lines that a JSON log turns into one escaped string.
 */
public final class TopologySummary {

    private TopologySummary() {}

    public static String of(TopologyDescription description) {
        List<TopologyDescription.Subtopology> subtopologies = description.subtopologies().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id))
                .toList();
        List<TopologyDescription.GlobalStore> globals = description.globalStores().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.GlobalStore::id))
                .toList();
        StringBuilder out = new StringBuilder()
                .append(subtopologies.size())
                .append(" sub-topologies, ")
                .append(globals.size())
                .append(" global stores");
        for (TopologyDescription.Subtopology subtopology : subtopologies) {
            TreeSet<String> reads = new TreeSet<>();
            TreeSet<String> writes = new TreeSet<>();
            TreeSet<String> stores = new TreeSet<>();
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    reads.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    writes.add(sink.topic());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            out.append(String.format("%n  %d: %s -> %s", subtopology.id(), list(reads), list(writes)));
            if (!stores.isEmpty()) {
                out.append(" (stores ").append(list(stores)).append(')');
            }
        }
        for (TopologyDescription.GlobalStore global : globals) {
            out.append(String.format(
                    "%n  %d: %s -> global store %s",
                    global.id(),
                    list(new TreeSet<>(global.source().topicSet())),
                    list(new TreeSet<>(global.processor().stores()))));
        }
        return out.toString();
    }

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "(none)" : names.stream().collect(Collectors.joining(", "));
    }
}
