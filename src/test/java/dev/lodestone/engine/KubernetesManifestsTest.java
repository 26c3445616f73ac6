package dev.lodestone.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.Topic;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code k8s/} read into typed objects (fabric8's Kubernetes model, Strimzi's API
 * model), and checked against the application: probes on the health endpoints and the HTTP port,
 * every setting and environment variable a property the engine knows, the KafkaTopics equal to the
 * topic registry, and the shape the deployment relies on (static names, state volumes, grace periods).
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class,
            "ServiceMonitor", ServiceMonitor.class);
    /** Environment variables the engine reads by these names rather than as a property. */
    private static final Set<String> PLAIN_ENV = Set.of("KAFKA_BOOTSTRAP_SERVERS", "REDIS_HOSTS", "PORT");

    private static Map<Path, List<HasMetadata>> manifests;
    private static Properties baseProperties;
    private static Set<String> known;
    private static String mainSources;

    @BeforeAll
    static void read() throws IOException {
        manifests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    manifests.put(file, parse(file));
                }
            }
        }
        baseProperties = properties(BASE.resolve("engine/application.properties"));
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            mainSources = sources.filter(f -> f.toString().endsWith(".java"))
                    .map(KubernetesManifestsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        known = new HashSet<>(
                properties(Path.of("src/main/resources/application.properties")).stringPropertyNames());
        for (Class<?> mapping : EngineConfig.MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            known.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix))
                    .keySet());
        }
    }

    private static List<HasMetadata> parse(Path file) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : read(file).split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Map<?, ?> raw = SERIALIZATION.unmarshal(document, Map.class);
            Class<? extends HasMetadata> type = CUSTOM_KINDS.get(String.valueOf(raw.get("kind")));
            HasMetadata resource =
                    type == null ? SERIALIZATION.unmarshal(document) : SERIALIZATION.unmarshal(document, type);
            assertFalse(resource instanceof GenericKubernetesResource, file + ": untyped " + raw.get("kind"));
            resources.add(resource);
        }
        return resources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return manifests.values().stream()
                .flatMap(List::stream)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T extends HasMetadata> List<T> inBase(Class<T> type) {
        return manifests.entrySet().stream()
                .filter(e -> e.getKey().startsWith(BASE))
                .flatMap(e -> e.getValue().stream())
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T extends HasMetadata> T named(Class<T> type, String name) {
        return inBase(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in k8s/base"));
    }

    /** Whether the engine reads this property: a mapping, its application.properties, a name in its code. */
    private static boolean isKnown(String name) {
        if (known.contains(name) || mainSources.contains("\"" + name + "\"")) {
            return true;
        }
        if (name.startsWith("kafka-streams.")) {
            String streams = name.substring("kafka-streams.".length());
            return StreamsConfig.configDef().names().contains(streams)
                    || (streams.startsWith(StreamsConfig.TOPIC_PREFIX)
                            && topicConfigNames().contains(streams.substring(StreamsConfig.TOPIC_PREFIX.length())));
        }
        return false;
    }

    private static Set<String> topicConfigNames() {
        return Stream.of(TopicConfig.class.getFields())
                .filter(f -> f.getName().endsWith("_CONFIG"))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }

    /** The property an environment variable sets, as SmallRye maps it ({@code _} for {@code .} or {@code -}). */
    private static boolean envIsKnown(String env) {
        if (PLAIN_ENV.contains(env)) {
            return true;
        }
        String[] parts = env.toLowerCase(java.util.Locale.ROOT).split("_");
        int gaps = parts.length - 1;
        for (int mask = 0; mask < (1 << gaps); mask++) {
            StringBuilder name = new StringBuilder(parts[0]);
            for (int i = 0; i < gaps; i++) {
                name.append((mask & (1 << i)) != 0 ? '-' : '.').append(parts[i + 1]);
            }
            if (isKnown(name.toString())) {
                return true;
            }
        }
        return false;
    }

    private static List<PodSpec> enginePods() {
        List<PodSpec> pods = new ArrayList<>();
        inBase(StatefulSet.class).stream()
                .filter(s -> "lodestone".equals(s.getMetadata().getLabels().get("app.kubernetes.io/name")))
                .forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
        inBase(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        return pods;
    }

    private static Container engine(PodSpec pod) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals("engine"))
                .findFirst()
                .orElseThrow();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    @Test
    void shouldReadEveryManifestIntoTypedObjects() {
        assertTrue(manifests.size() >= 10, manifests.keySet().toString());
        manifests.forEach((file, resources) -> assertFalse(resources.isEmpty(), file + " holds no resource"));
        assertEquals(1, inBase(Kafka.class).size());
        assertEquals(1, inBase(KafkaNodePool.class).size());
        assertEquals(1, inBase(ServiceMonitor.class).size());
        assertEquals(1, inBase(HorizontalPodAutoscaler.class).size());
    }

    @Test
    void shouldListExistingFilesInEveryKustomization() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path kustomization : files.filter(
                            f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .toList()) {
                Map<?, ?> content = SERIALIZATION.unmarshal(read(kustomization), Map.class);
                List<String> paths = new ArrayList<>();
                for (String key : List.of("resources")) {
                    if (content.get(key) instanceof List<?> list) {
                        list.forEach(item -> paths.add(String.valueOf(item)));
                    }
                }
                if (content.get("patches") instanceof List<?> patches) {
                    patches.stream()
                            .map(p -> ((Map<?, ?>) p).get("path"))
                            .filter(p -> p != null)
                            .forEach(p -> paths.add(String.valueOf(p)));
                }
                if (content.get("configMapGenerator") instanceof List<?> generators) {
                    for (Object generator : generators) {
                        if (((Map<?, ?>) generator).get("files") instanceof List<?> generated) {
                            generated.forEach(f -> paths.add(String.valueOf(f).replaceFirst("^[^=]+=", "")));
                        }
                    }
                }
                for (String path : paths) {
                    assertTrue(
                            Files.exists(kustomization.getParent().resolve(path)),
                            kustomization + " names " + path + ", which is missing");
                }
            }
        }
    }

    @Test
    void shouldDeclareEveryRegisteredTopicAsTheRegistryHasIt() {
        List<KafkaTopic> topics = inBase(KafkaTopic.class);
        assertEquals(
                EngineTopics.ALL.stream().map(Topic::name).collect(Collectors.toSet()),
                topics.stream().map(t -> t.getSpec().getTopicName()).collect(Collectors.toSet()),
                "k8s/base/kafka/topics.yaml differs from the registry: ./lodestone k8s-topics > k8s/base/kafka/topics.yaml");
        int partitions = Integer.parseInt(baseProperties.getProperty("lodestone.streams.partitions"));
        KafkaTopicManifests.Layout layout = KafkaTopicManifests.Layout.DEFAULT;
        assertEquals(layout.partitions(), partitions, "the ConfigMap's partition count is the topics' one");
        for (Topic<?, ?> topic : EngineTopics.ALL) {
            KafkaTopic declared = topics.stream()
                    .filter(t -> t.getSpec().getTopicName().equals(topic.name()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(partitions, declared.getSpec().getPartitions(), topic.name());
            assertEquals(3, declared.getSpec().getReplicas(), topic.name());
            assertEquals(
                    KafkaTopicManifests.config(topic, layout),
                    stringValues(declared.getSpec().getConfig()),
                    topic.name());
            assertEquals("lodestone", declared.getMetadata().getLabels().get("strimzi.io/cluster"));
        }
        assertEquals(
                KafkaTopicManifests.yaml(EngineTopics.ALL, layout),
                read(BASE.resolve("kafka/topics.yaml")),
                "regenerate: ./lodestone k8s-topics > k8s/base/kafka/topics.yaml");
    }

    private static Map<String, String> stringValues(Map<String, Object> config) {
        Map<String, String> values = new TreeMap<>();
        config.forEach((k, v) -> values.put(k, String.valueOf(v)));
        return values;
    }

    @Test
    void shouldReplicateKafkaThreeTimesWithTwoInSyncAndStreamsInternalTopicsAlike() {
        assertEquals(3, named(KafkaNodePool.class, "dual-role").getSpec().getReplicas());
        Map<String, Object> config =
                named(Kafka.class, "lodestone").getSpec().getKafka().getConfig();
        assertEquals("2", String.valueOf(config.get("min.insync.replicas")));
        assertEquals("3", String.valueOf(config.get("default.replication.factor")));
        assertEquals("3", baseProperties.getProperty("kafka-streams.replication.factor"));
        assertEquals("2", baseProperties.getProperty("kafka-streams.topic.min.insync.replicas"));
        assertEquals("3", baseProperties.getProperty("lodestone.streams.replication-factor"));
        assertEquals("lodestone-kafka-bootstrap:9092", baseProperties.getProperty("kafka.bootstrap.servers"));
    }

    @Test
    void shouldNameOnlySettingsTheEngineReads() {
        for (String name : baseProperties.stringPropertyNames()) {
            assertTrue(
                    isKnown(name),
                    "k8s/base/engine/application.properties sets " + name + ", which the engine does not read");
        }
        Properties dev = properties(K8S.resolve("overlays/dev/application.properties"));
        assertEquals(baseProperties.stringPropertyNames(), dev.stringPropertyNames(), "dev sets the base's settings");
        for (PodSpec pod : enginePods()) {
            for (EnvVar env : engine(pod).getEnv()) {
                assertTrue(envIsKnown(env.getName()), env.getName() + " is no setting of the engine");
            }
        }
    }

    @Test
    void shouldProbeTheHealthEndpointsOnTheHttpPort() {
        int httpPort = 8080; // quarkus.http.port=${PORT:8080}
        assertTrue(properties(Path.of("src/main/resources/application.properties"))
                .getProperty("quarkus.http.port")
                .contains(":" + httpPort));
        List<PodSpec> pods = enginePods();
        assertEquals(2, pods.size());
        for (PodSpec pod : pods) {
            Container engine = engine(pod);
            assertEquals(httpPort, engine.getPorts().get(0).getContainerPort());
            assertEquals("http", engine.getPorts().get(0).getName());
            assertProbe(engine.getLivenessProbe(), "/q/health/live");
            assertProbe(engine.getStartupProbe(), "/q/health/live");
            assertProbe(engine.getReadinessProbe(), "/q/health/ready");
            assertNotNull(engine.getResources().getRequests().get("memory"));
            assertEquals(
                    engine.getResources().getRequests().get("memory"),
                    engine.getResources().getLimits().get("memory"));
            assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        }
        ServiceMonitor monitor = named(ServiceMonitor.class, "lodestone");
        assertEquals("/q/metrics", monitor.getSpec().getEndpoints().get(0).getPath());
        assertEquals("http", monitor.getSpec().getEndpoints().get(0).getPort());
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
    }

    @Test
    void shouldMountTheConfigurationTheKeysAndTheStateWhereTheSettingsPointAt() {
        String dataDir = baseProperties.getProperty("lodestone.data-dir");
        Path jwt = Path.of(baseProperties.getProperty("mp.jwt.verify.publickey.location"));
        for (PodSpec pod : enginePods()) {
            Container engine = engine(pod);
            Map<String, String> mounts = engine.getVolumeMounts().stream()
                    .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
            assertTrue(mounts.containsKey(dataDir), "the data directory is mounted");
            assertTrue(
                    mounts.containsKey("/deployments/config"),
                    "Quarkus reads config/ under the image's working directory");
            assertTrue(mounts.containsKey(jwt.getParent().toString()), "the token key is mounted");
            Volume config = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mounts.get("/deployments/config")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("lodestone-config", config.getConfigMap().getName());
            Volume keys = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mounts.get(jwt.getParent().toString())))
                    .findFirst()
                    .orElseThrow();
            assertEquals("lodestone-jwt", keys.getSecret().getSecretName());
        }
        assertTrue(read(Path.of("docker/Dockerfile.jvm")).contains("WORKDIR /deployments"));
    }

    @Test
    void shouldRunStreamsAsAStatefulSetWithStaticNamesStateAndAGraceAboveTheShutdownBudget() {
        StatefulSet streams = named(StatefulSet.class, "lodestone-streams");
        Container engine = engine(streams.getSpec().getTemplate().getSpec());
        assertEquals("streams", env(engine, "LODESTONE_ROLE"));
        assertEquals("false", env(engine, "LODESTONE_EMBEDDED_ENABLED"));
        assertEquals(
                "metadata.name",
                engine.getEnv().stream()
                        .filter(e -> e.getName().equals("LODESTONE_INSTANCE_ID"))
                        .findFirst()
                        .orElseThrow()
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath());
        assertEquals(
                "state",
                streams.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        Duration budget = Duration.parse("PT"
                + baseProperties
                        .getProperty("lodestone.lifecycle.shutdown-budget")
                        .toUpperCase());
        long grace = streams.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace > budget.toSeconds(), "grace " + grace + " s above the shutdown budget " + budget);
        assertNotNull(streams.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity());
        assertEquals("1", baseProperties.getProperty("kafka-streams.num.standby.replicas"));
        PodDisruptionBudget pdb = named(PodDisruptionBudget.class, "lodestone-streams");
        assertEquals(
                streams.getSpec().getSelector().getMatchLabels(),
                pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void shouldScaleTheApiOnCpuFromTwoInstances() {
        Deployment api = named(Deployment.class, "lodestone-api");
        assertEquals("api", env(engine(api.getSpec().getTemplate().getSpec()), "LODESTONE_ROLE"));
        HorizontalPodAutoscaler hpa = named(HorizontalPodAutoscaler.class, "lodestone-api");
        assertEquals("lodestone-api", hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertEquals(
                80, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    }
}
