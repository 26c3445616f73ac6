package dev.lodestone.platform.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Drops the warnings the libraries write on every healthy start or run of the engine, each named
 * here with the reason it needs no action, so that a WARN in the engine's log always deserves a look.
 * Each rule matches one logger and one message, never a whole category: anything else those loggers
 * say still gets through.
 */
@LoggingFilter(name = KnownNoiseFilter.NAME)
public final class KnownNoiseFilter implements Filter {

    /** The name {@code quarkus.log.console.filter} refers to. */
    public static final String NAME = "lodestone-known-noise";

    private record Rule(String logger, Predicate<LogRecord> matches) {}

    private static final List<Rule> RULES = List.of(
            // The global store's consumer, restoring catalog-items and points-rules, drops its partitions
            // once restored and reports the fetch it no longer needs.
            new Rule(
                    "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils",
                    r -> message(r).contains("as it is no longer assigned")),
            // Kafka Streams creates its repartition topics during its first rebalance; its consumers ask
            // for them a few milliseconds before they exist.
            new Rule(
                    "org.apache.kafka.clients.NetworkClient",
                    r -> message(r).contains("UNKNOWN_TOPIC_OR_PARTITION")
                            && message(r).contains("-repartition=")),
            // The Redis client's connection pool registers its queue gauge twice under one name; the
            // first registration stands and reports the pool (redis_pool_queue_size).
            new Rule(
                    "io.micrometer.core.instrument.MeterRegistry",
                    r -> message(r).contains("This Gauge has been already registered (MeterId{name='redis.pool.")),
            // Exactly-once with transactions v2: the first write of a transaction can reach a partition
            // before the previous transaction's marker; the broker answers "retry" and the Streams
            // producer retries (kafka_producer_record_retry_total counts it). A write that still fails
            // stops the stream thread and is logged by Kafka Streams as an error.
            new Rule(
                    "org.apache.kafka.clients.producer.internals.Sender",
                    r -> message(r).contains("transactionalId=")
                            && message(r).contains("retrying")
                            && (message(r).contains("Error: CONCURRENT_TRANSACTIONS")
                                    || message(r).contains("Error: OUT_OF_ORDER_SEQUENCE_NUMBER"))),
            // The broker's side of the same retry: it refuses the batch behind the one it asked to retry.
            new Rule(
                    "kafka.server.ReplicaManager",
                    r -> message(r).startsWith("[ReplicaManager")
                            && message(r).contains("Error processing append operation")
                            && r.getThrown() != null
                            && r.getThrown()
                                    .getClass()
                                    .getName()
                                    .equals("org.apache.kafka.common.errors.OutOfOrderSequenceException")
                            && String.valueOf(r.getThrown().getMessage())
                                    .contains("for transactions v2 idempotent producer with no existing state")));

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null) {
            return true;
        }
        for (Rule rule : RULES) {
            if (rule.logger().equals(logger) && rule.matches().test(record)) {
                return false;
            }
        }
        return true;
    }

    private static String message(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message == null ? "" : message;
    }
}
