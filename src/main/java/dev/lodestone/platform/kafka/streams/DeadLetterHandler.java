package dev.lodestone.platform.kafka.streams;

import dev.lodestone.platform.metrics.LodestoneMetrics;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Keeps one bad record from stopping the topology: whatever Kafka Streams cannot read (deserialization),
 * process (an exception in any processor or punctuator) or write (serialization of an output) is
 * parked with its reason and the stream carries on with the next record.
 *
 * <p>The source record's raw key and value go to {@code shopper-events-dlq} when they came from
 * {@code shopper-events} (beside the records the decode stage refuses), else to {@code streams-dlq};
 * the headers name the reason, the source topic, partition and offset, and the processor. Each parked
 * record is counted in {@code lodestone.ingest.dead.letters} and logged on one line (the stack trace
 * only at DEBUG). The write goes through {@link KafkaDeadLetterSink}, outside the Streams transaction:
 * at-least-once to the dead-letter topics.
 *
 * <p>Kafka Streams instantiates this class from {@code processing.exception.handler},
 * {@code production.exception.handler} and {@code deserialization.exception.handler}. A
 * {@link DeadLetterSink} object under {@link #SINK_CONFIG} replaces the producer (in-process drivers).
 *
 * <p>Left to the defaults: failures to send to the broker (the producer's own errors), which abort
 * the transaction under exactly-once and are retried by Streams rather than skipped.
 */
public class DeadLetterHandler
        implements ProcessingExceptionHandler, ProductionExceptionHandler, DeserializationExceptionHandler {

    /** Optional Streams config entry: a {@link DeadLetterSink} to write to instead of the cluster. */
    public static final String SINK_CONFIG = "lodestone.dead-letter.sink";

    private static final Logger LOG = Logger.getLogger(DeadLetterHandler.class);

    private DeadLetterSink sink;

    @Override
    public void configure(Map<String, ?> configs) {
        sink = configs.get(SINK_CONFIG) instanceof DeadLetterSink given ? given : KafkaDeadLetterSink.shared(configs);
    }

    /** A processor or punctuator threw: park the source record, skip it in that processor, go on. */
    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        park(context, context.sourceRawKey(), context.sourceRawValue(), reasonIn(context), exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    /** An output could not be serialized: park the source record that produced it, drop the output. */
    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        String reason = "could not serialize the " + (origin == SerializationExceptionOrigin.KEY ? "key" : "value")
                + " of an output to " + record.topic();
        park(context, context.sourceRawKey(), context.sourceRawValue(), reason, exception);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    /** A record of a source topic could not be deserialized: park it as read. */
    @Override
    public DeserializationHandlerResponse handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        park(context, record.key(), record.value(), "could not deserialize a record of " + record.topic(), exception);
        return DeserializationHandlerResponse.CONTINUE;
    }

    private static String reasonIn(ErrorHandlerContext context) {
        return "processing failed in " + context.processorNodeId();
    }

    /** Never throws: a handler that throws stops the stream thread, which is what this class prevents. */
    private void park(ErrorHandlerContext context, byte[] key, byte[] value, String reason, Exception exception) {
        String origin = context.topic() + "-" + context.partition() + "@" + context.offset();
        if (context.topic() == null || (key == null && value == null)) {
            // A punctuator has no source record: nothing to park, the next punctuation runs as usual.
            LOG.warnf("Skipped: %s (%s)", reason, summary(exception));
            LOG.debug("Skipped a failed punctuation", exception);
            return;
        }
        String deadLetterTopic = DeadLetterRoutes.deadLetterTopicFor(context.topic());
        try {
            Headers headers = headers(context, reason);
            sink.write(
                    new ProducerRecord<>(deadLetterTopic, null, key, DeadLetterValue.bounded(value, headers), headers));
            count();
            LOG.warnf("Parked %s in %s: %s (%s)", origin, deadLetterTopic, reason, summary(exception));
            LOG.debugf(exception, "Parked %s", origin);
        } catch (Exception writeFailure) {
            // Failing here would stop the thread and retry the same record forever; skip it and say
            // where it is, so it can be replayed from the source topic within its retention.
            LOG.errorf(
                    "Skipped %s (%s: %s) and could not park it in %s: %s",
                    origin, reason, summary(exception), deadLetterTopic, summary(writeFailure));
        }
    }

    private static Headers headers(ErrorHandlerContext context, String reason) {
        RecordHeaders headers = new RecordHeaders();
        if (context.headers() != null) {
            for (Header header : context.headers()) {
                if (!header.key().startsWith("lodestone.dlq.")) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.TOPIC, utf8(context.topic()));
        headers.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(context.partition())));
        headers.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(context.offset())));
        if (context.processorNodeId() != null) {
            headers.add(DeadLetterHeaders.PROCESSOR, utf8(context.processorNodeId()));
        }
        return headers;
    }

    /** Counts in the engine's dead-letter meter when running inside the engine. */
    private static void count() {
        ArcContainer container = Arc.container();
        if (container != null && container.isRunning()) {
            InstanceHandle<LodestoneMetrics> metrics = container.instance(LodestoneMetrics.class);
            if (metrics.isAvailable()) {
                metrics.get().deadLetter();
            }
        }
    }

    /** The exception's type and first line, for the log only: reasons in headers stay in plain words. */
    private static String summary(Throwable exception) {
        if (exception == null) {
            return "no exception";
        }
        String message = exception.getMessage();
        if (message == null) {
            return exception.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return exception.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 200) : line);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
