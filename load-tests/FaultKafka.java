import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer-group lag for faults.sh, run as a single-file program on the packaged engine's classpath:
 * {@code java -cp 'target/quarkus-app/lib/main/*' load-tests/FaultKafka.java lag HOST:PORT GROUP=TOPIC…}.
 * Prints one line per group, {@code GROUP LAG}: read-committed end offsets minus committed offsets over
 * every partition of the topic (a partition without a commit counts from 0).
 */
public final class FaultKafka {

    private FaultKafka() {}

    public static void main(String... args) throws Exception {
        if (args.length < 3 || !args[0].equals("lag")) {
            System.err.println("usage: FaultKafka lag HOST:PORT GROUP=TOPIC…");
            System.exit(2);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            for (int i = 2; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                System.out.println(pair[0] + " " + lag(admin, pair[0], pair[1]));
            }
        }
    }

    private static long lag(Admin admin, String group, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
        List<TopicPartition> tps = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            tps.add(tp);
            latest.put(tp, OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : tps) {
            OffsetAndMetadata c = committed.get(tp);
            lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }
}
