package dev.lodestone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.projection.ProjectionMonitor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registries agree with what runs: every topic the topology reads or writes is registered, the
 * topics Kafka Streams waits for are exactly its external inputs, and every topic, state store and
 * Redis key prefix is in docs/architecture.md. Feature registries ({@code <Feature>Topics.ALL},
 * {@code <Feature>Keys.PREFIX}) are found by scanning the main classes, so a new feature is checked
 * without editing this test.
 */
class RegistryTest {

    private static final Path ARCHITECTURE = Path.of("docs", "architecture.md");

    /** Topics Kafka Streams creates and names itself. */
    private static final List<String> INTERNAL_SUFFIXES = List.of("-repartition", "-changelog");

    private static TopologyDescription topology;
    private static List<JavaClass> mainClasses;
    private static String architecture;

    @BeforeAll
    static void describe() throws IOException {
        topology = EngineTopology.build(EngineConfig.defaults(), EngineTopology.Hooks.NONE)
                .describe();
        mainClasses = List.copyOf(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lodestone"));
        architecture = Files.readString(ARCHITECTURE);
    }

    @Test
    void shouldRegisterEveryTopicTheTopologyReadsOrWrites() {
        Set<String> unregistered = new TreeSet<>(external(sources()));
        unregistered.addAll(external(sinks()));
        unregistered.removeAll(registered());
        assertEquals(Set.of(), unregistered, "topics the topology uses that EngineTopics.ALL does not create");
    }

    @Test
    void shouldWaitForExactlyTheTopicsTheTopologyReads() {
        // Streams fails on a missing source topic even when the topology also writes it (the exchange
        // commands), and creates only its internal ones: it must wait for every other source.
        assertEquals(
                external(sources()),
                names(EngineTopics.STREAMS_SOURCES),
                "EngineTopics.STREAMS_SOURCES against the topics the topology reads");
    }

    @Test
    void shouldCreateEveryTopicAFeatureDeclares() {
        Set<String> missing = new TreeSet<>();
        featureTopicLists()
                .forEach((owner, topics) -> topics.stream()
                        .map(Topic::name)
                        .filter(name -> !registered().contains(name))
                        .forEach(name -> missing.add(owner + ": " + name)));
        assertEquals(Set.of(), missing, "feature topics missing from EngineTopics.ALL");
    }

    @Test
    void shouldLetNoTwoFeaturesRegisterTheSameTopic() {
        Map<String, List<String>> owners = new TreeMap<>();
        featureTopicLists()
                .forEach((owner, topics) ->
                        topics.forEach(topic -> owners.computeIfAbsent(topic.name(), name -> new ArrayList<>())
                                .add(owner)));
        owners.values().removeIf(list -> list.size() == 1);
        assertEquals(Map.of(), owners, "topics registered by more than one feature");
        List<String> all = EngineTopics.ALL.stream().map(Topic::name).toList();
        assertEquals(all.size(), Set.copyOf(all).size(), "EngineTopics.ALL lists a topic twice: " + all);
    }

    @Test
    void shouldDocumentEveryRegisteredTopic() {
        assertEquals(Set.of(), undocumented(registered(), false), "topics missing from " + ARCHITECTURE);
    }

    @Test
    void shouldDocumentEveryStateStore() {
        Set<String> stores = stores();
        assertFalse(stores.isEmpty(), "the topology has state stores");
        assertEquals(Set.of(), undocumented(stores, false), "state stores missing from " + ARCHITECTURE);
    }

    @Test
    void shouldDocumentEveryRedisKeyPrefix() {
        Set<String> missing = undocumented(new TreeSet<>(featureKeyPrefixes().values()), true);
        missing.addAll(undocumented(Set.of(ProjectionMonitor.MARKER, ProjectionMonitor.ROUND), false));
        assertEquals(Set.of(), missing, "Redis keys missing from " + ARCHITECTURE);
    }

    // --- the topology ---

    private static Set<String> sources() {
        Set<String> topics = new TreeSet<>();
        nodes().filter(TopologyDescription.Source.class::isInstance)
                .map(TopologyDescription.Source.class::cast)
                .forEach(source -> topics.addAll(topicsOf(source)));
        topology.globalStores().forEach(store -> topics.addAll(topicsOf(store.source())));
        return topics;
    }

    private static Set<String> topicsOf(TopologyDescription.Source source) {
        if (source.topicSet() == null) {
            throw new AssertionError(source.name() + " reads a topic pattern, which no registry can list");
        }
        return source.topicSet();
    }

    private static Set<String> sinks() {
        Set<String> topics = new TreeSet<>();
        nodes().filter(TopologyDescription.Sink.class::isInstance)
                .map(TopologyDescription.Sink.class::cast)
                .forEach(sink -> {
                    if (sink.topic() == null) {
                        throw new AssertionError(
                                sink.name() + " picks its topic per record, which no registry can list");
                    }
                    topics.add(sink.topic());
                });
        return topics;
    }

    private static Set<String> stores() {
        Set<String> stores = new TreeSet<>();
        nodes().filter(TopologyDescription.Processor.class::isInstance)
                .map(TopologyDescription.Processor.class::cast)
                .forEach(processor -> stores.addAll(processor.stores()));
        topology.globalStores().forEach(store -> stores.addAll(store.processor().stores()));
        return stores;
    }

    private static Stream<TopologyDescription.Node> nodes() {
        return topology.subtopologies().stream().flatMap(sub -> sub.nodes().stream());
    }

    private static Set<String> external(Set<String> topics) {
        Set<String> external = new TreeSet<>(topics);
        external.removeIf(name -> INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith));
        return external;
    }

    // --- the registries ---

    private static Set<String> registered() {
        return names(EngineTopics.ALL);
    }

    private static Set<String> names(Collection<Topic<?, ?>> topics) {
        Set<String> names = new TreeSet<>();
        topics.forEach(topic -> names.add(topic.name()));
        return names;
    }

    /** Every {@code <Owner>Topics.ALL} of the main classes, by owner class. */
    private static Map<String, List<Topic<?, ?>>> featureTopicLists() {
        Map<String, List<Topic<?, ?>>> lists = new TreeMap<>();
        staticFields("Topics", "ALL").forEach((owner, value) -> {
            List<Topic<?, ?>> topics = new ArrayList<>();
            ((List<?>) value).forEach(topic -> topics.add((Topic<?, ?>) topic));
            lists.put(owner, topics);
        });
        assertFalse(lists.isEmpty(), "no <Feature>Topics.ALL found");
        return lists;
    }

    /** Every {@code <Owner>Keys.PREFIX} of the main classes, by owner class. */
    private static Map<String, String> featureKeyPrefixes() {
        Map<String, String> prefixes = new TreeMap<>();
        staticFields("Keys", "PREFIX").forEach((owner, value) -> prefixes.put(owner, (String) value));
        assertFalse(prefixes.isEmpty(), "no <Feature>Keys.PREFIX found");
        return prefixes;
    }

    /**
     * The public static {@code field} of every main class outside the composition root whose simple
     * name ends with {@code suffix}.
     */
    private static Map<String, Object> staticFields(String suffix, String field) {
        Map<String, Object> values = new TreeMap<>();
        for (JavaClass javaClass : mainClasses) {
            if (javaClass.getPackageName().startsWith(EngineTopics.class.getPackageName())
                    || !javaClass.getSimpleName().endsWith(suffix)
                    || javaClass.tryGetField(field).isEmpty()) {
                continue;
            }
            try {
                Field f = Class.forName(javaClass.getName()).getField(field);
                if (Modifier.isStatic(f.getModifiers())) {
                    values.put(javaClass.getName(), f.get(null));
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot read " + javaClass.getName() + "." + field, e);
            }
        }
        return values;
    }

    /** The names not written as code in the doc: {@code `name`}, or {@code `prefix…} for key prefixes. */
    private static Set<String> undocumented(Set<String> names, boolean prefixes) {
        Set<String> missing = new TreeSet<>(names);
        missing.removeIf(name -> architecture.contains("`" + name + (prefixes ? "" : "`")));
        return missing;
    }
}
