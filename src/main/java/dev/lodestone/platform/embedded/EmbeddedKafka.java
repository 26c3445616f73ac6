package dev.lodestone.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A real single-node KRaft broker (broker and controller in one) running inside this JVM.
 *
 * <p>The log directory is formatted once; later starts on the same directory keep every topic, offset
 * and transaction, which is what makes a restart of the engine lossless.
 */
final class EmbeddedKafka {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    EmbeddedKafka(Path logDir, int brokerPort) {
        this.logDir = logDir;
        this.brokerPort = brokerPort == 0 ? FreePorts.pick() : brokerPort;
        int controller = FreePorts.pick();
        // Neither port is bound until the broker starts, so a second pick could return the first.
        while (controller == this.brokerPort) {
            controller = FreePorts.pick();
        }
        this.controllerPort = controller;
    }

    String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    void start() throws Exception {
        Files.createDirectories(logDir);
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(System.out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(java.util.List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.infof("Embedded Kafka broker (KRaft) listening on %s, data in %s", bootstrapServers(), logDir);
    }

    /**
     * Stops the broker, waiting at most {@code within}; true when it finished. The broker's shutdown can
     * wait on internal futures for minutes: past the wait it goes on in a daemon thread and the process
     * exit ends it. Nothing acknowledged is lost either way: what the broker wrote sits in the operating
     * system's page cache, which outlives the process, and Kafka recovers its log from an unclean stop.
     */
    boolean stop(Duration within) {
        KafkaRaftServer running = server;
        server = null;
        if (running == null) {
            return true;
        }
        Thread stopping = new Thread(
                () -> {
                    running.shutdown();
                    running.awaitShutdown();
                },
                "lodestone-embedded-kafka-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(within);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            LOG.warnf(
                    "Embedded Kafka broker did not stop within %d ms; leaving it to the process exit",
                    within.toMillis());
            return false;
        }
        return true;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must accept a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // One node: there is no other replica to hand leadership to, so waiting for it only delays the stop.
        p.put("controlled.shutdown.enable", "false");
        return p;
    }
}
