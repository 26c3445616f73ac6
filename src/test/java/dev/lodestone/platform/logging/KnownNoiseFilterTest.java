package dev.lodestone.platform.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

/** Only the known, harmless library warnings are dropped; their look-alikes still reach the log. */
class KnownNoiseFilterTest {

    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String NETWORK = "org.apache.kafka.clients.NetworkClient";
    private static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    private static final String STREAMS_PRODUCER =
            "[Producer clientId=lodestone-1-StreamThread-1-producer, transactionalId=lodestone-1-1] Got error"
                    + " produce response with correlation id 23 on topic-partition shopper-profiles-0, retrying"
                    + " (2147483646 attempts left). Error: ";

    private final KnownNoiseFilter filter = new KnownNoiseFilter();

    @Test
    void shouldDropTheWarningsOfAHealthyStart() {
        assertFalse(loggable(
                "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils",
                "[Consumer clientId=lodestone-1-global-consumer, groupId=null] Not updating last stable offset"
                        + " for partition catalog-items-2 as it is no longer assigned"));
        assertFalse(
                loggable(
                        NETWORK,
                        "[Consumer clientId=c, groupId=lodestone] The metadata response from the cluster reported a"
                                + " recoverable issue with correlation id 2 : {lodestone-similarity-signals-repartition=UNKNOWN_TOPIC_OR_PARTITION}"));
        assertFalse(loggable(
                "io.micrometer.core.instrument.MeterRegistry",
                "This Gauge has been already registered (MeterId{name='redis.pool.queue.size', tags=[]}),"
                        + " the registration will be ignored."));
    }

    @Test
    void shouldDropTheRetriesOfExactlyOnceTransactions() {
        assertFalse(loggable(SENDER, STREAMS_PRODUCER + "CONCURRENT_TRANSACTIONS"));
        assertFalse(loggable(SENDER, STREAMS_PRODUCER + "OUT_OF_ORDER_SEQUENCE_NUMBER"));
        LogRecord broker = record(
                REPLICA_MANAGER,
                "[ReplicaManager broker=1] Error processing append operation on partition x:shopper-profiles-0");
        broker.setThrown(new OutOfOrderSequenceException("Invalid sequence number for producer 5 at offset 13 in"
                + " partition shopper-profiles-0: 1 (incoming seq. number). Expected sequence 0 for transactions"
                + " v2 idempotent producer with no existing state."));
        assertFalse(filter.isLoggable(broker));
    }

    @Test
    void shouldKeepWhatLooksAlikeButIsNot() {
        assertTrue(loggable(SENDER, STREAMS_PRODUCER + "NOT_LEADER_OR_FOLLOWER"));
        assertTrue(loggable(
                NETWORK,
                "[Consumer clientId=c, groupId=g] The metadata response from the cluster reported a recoverable"
                        + " issue with correlation id 2 : {shopper-events=UNKNOWN_TOPIC_OR_PARTITION}"));
        assertTrue(loggable(NETWORK, "[Consumer clientId=c] Connection to node 1 could not be established."));
        assertTrue(loggable(
                "io.micrometer.core.instrument.MeterRegistry",
                "This Gauge has been already registered (MeterId{name='lodestone.projection.lag', tags=[]})"));
        LogRecord broker = record(
                REPLICA_MANAGER,
                "[ReplicaManager broker=1] Error processing append operation on partition x:points-ledger-0");
        broker.setThrown(new OutOfOrderSequenceException("Out of order sequence number for producer 5: 7, 3"));
        assertTrue(filter.isLoggable(broker));
    }

    private boolean loggable(String logger, String message) {
        return filter.isLoggable(record(logger, message));
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}
