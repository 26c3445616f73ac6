package dev.lodestone.ingest.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.ingest.EventValidator;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.platform.kafka.streams.DeadLetterHeaders;
import dev.lodestone.platform.kafka.streams.DeadLetterRoutes;
import dev.lodestone.platform.kafka.streams.DeadLetterValue;
import dev.lodestone.platform.kafka.streams.Dedupe;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.shopper.ShopperEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The front of every topology: {@code shopper-events} decoded, validated and de-duplicated.
 *
 * <p>A record that cannot be used goes to {@code shopper-events-dlq} with the reason in its headers
 * and the stream moves on; features only ever see valid, first-seen events of the shopper whose
 * partition they are on. Seen event ids are remembered per shopper.
 */
public final class ShopperEventStream {

    public static final String DEDUPE_STORE = "ingest-dedupe-store";
    public static final String DECODE = "ingest-decode";
    public static final String DEDUPE = "ingest-dedupe";
    public static final String BRANCH = "ingest-branch-";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";

    public static final String HEADER_REASON = DeadLetterHeaders.REASON;
    public static final String HEADER_TOPIC = DeadLetterHeaders.TOPIC;
    public static final String HEADER_PARTITION = DeadLetterHeaders.PARTITION;
    public static final String HEADER_OFFSET = DeadLetterHeaders.OFFSET;
    /** The processor that failed, on records parked by the exception handlers. */
    public static final String HEADER_PROCESSOR = DeadLetterHeaders.PROCESSOR;

    static final String WRONG_PARTITION = "wrong partition for key (use murmur2 partitioning, "
            + "as the Java client's default partitioner or librdkafka's murmur2_random)";

    private ShopperEventStream() {}

    /** Decoded value: either an event, or the raw bytes that could not become one. */
    record Decoded(ShopperEvent event, byte[] raw) {}

    /**
     * Adds the decode, dead-letter and de-duplication stages.
     *
     * @param partitions the partition count of {@code shopper-events}: a record must be on the
     *     partition the Java client's default partitioner picks for its key, or the shopper's state
     *     would be split across tasks
     * @param onDeadLetter called once per record sent to the dead-letter topic (metrics)
     * @return the valid, de-duplicated events keyed by shopper
     */
    public static KStream<String, ShopperEvent> addTo(
            StreamsBuilder builder,
            EventValidator validator,
            Duration dedupeRetention,
            StoreKind storeKind,
            int partitions,
            Runnable onDeadLetter) {
        // A shopper-events record the topology cannot read sits with the ones the decode stage refused.
        DeadLetterRoutes.route(IngestTopics.SHOPPER_EVENTS, IngestTopics.SHOPPER_EVENTS_DLQ);
        Map<String, KStream<String, Decoded>> branches = builder.stream(
                        IngestTopics.SHOPPER_EVENTS.name(), IngestTopics.SHOPPER_EVENTS.consumed())
                .processValues(() -> new DecodeProcessor(validator, partitions, onDeadLetter), Named.as(DECODE))
                .split(Named.as(BRANCH))
                .branch((key, decoded) -> decoded.event() != null, Branched.as(VALID))
                .defaultBranch(Branched.as(INVALID));

        branches.get(BRANCH + INVALID)
                .mapValues(Decoded::raw, Named.as("ingest-dlq-raw"))
                .to(IngestTopics.SHOPPER_EVENTS_DLQ.name(), IngestTopics.SHOPPER_EVENTS_DLQ.produced());

        // Keyed by shopper and event id: one shopper's ids can never suppress another shopper's events.
        Dedupe<ShopperEvent> dedupe = new Dedupe<>(DEDUPE_STORE, dedupeRetention, storeKind, ShopperEvent::eventId);
        builder.addStateStore(dedupe.storeBuilder());
        return branches.get(BRANCH + VALID)
                .mapValues(Decoded::event, Named.as("ingest-valid-event"))
                .processValues(dedupe, Named.as(DEDUPE), DEDUPE_STORE);
    }

    /**
     * The partition the Java client's default partitioner picks for a key: murmur2 of the key bytes.
     * librdkafka (kcat and most non-Java clients) hashes with CRC32 by default, so its records of a
     * shopper can land elsewhere.
     */
    public static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Parses and validates; on failure stamps the reason and origin into the record's headers. */
    static final class DecodeProcessor implements FixedKeyProcessor<String, byte[], Decoded> {
        private final EventValidator validator;
        private final int partitions;
        private final Runnable onDeadLetter;
        private FixedKeyProcessorContext<String, Decoded> context;

        DecodeProcessor(EventValidator validator, int partitions, Runnable onDeadLetter) {
            this.validator = validator;
            this.partitions = partitions;
            this.onDeadLetter = onDeadLetter;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decoded> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            String reason = null;
            ShopperEvent event = null;
            if (record.value() == null) {
                reason = "empty value";
            } else {
                JsonNode node = null;
                try {
                    node = EventValidator.READER.readTree(record.value());
                } catch (StreamConstraintsException e) {
                    reason = "not JSON: nested deeper than " + EventValidator.MAX_JSON_DEPTH + " levels";
                } catch (JsonProcessingException e) {
                    // The parser's own words without its location or exception type.
                    String detail = firstLine(e.getOriginalMessage());
                    reason = detail.isEmpty() ? "not JSON" : "not JSON: " + detail;
                } catch (IOException e) {
                    reason = "not JSON";
                }
                if (reason == null) {
                    EventValidator.Outcome outcome = validator.validateRecord(node, record.timestamp());
                    if (outcome.valid()) {
                        event = outcome.event();
                        int partition = context.recordMetadata()
                                .map(RecordMetadata::partition)
                                .orElse(-1);
                        if (!event.shopperKey().equals(record.key())) {
                            reason = "key must be the shopper key '" + event.shopperKey() + "'";
                            event = null;
                        } else if (partition >= 0 && partition != partitionFor(record.key(), partitions)) {
                            reason = WRONG_PARTITION;
                            event = null;
                        }
                    } else {
                        reason = outcome.errors().stream()
                                .map(e -> e.field() + ": " + e.reason())
                                .reduce((a, b) -> a + "; " + b)
                                .orElse("invalid");
                    }
                }
            }
            if (event != null) {
                context.forward(record.withValue(new Decoded(event, null)));
                return;
            }
            Headers headers = record.headers();
            headers.add(HEADER_REASON, utf8(reason));
            context.recordMetadata().ifPresent(m -> {
                headers.add(HEADER_TOPIC, utf8(m.topic()));
                headers.add(HEADER_PARTITION, utf8(String.valueOf(m.partition())));
                headers.add(HEADER_OFFSET, utf8(String.valueOf(m.offset())));
            });
            onDeadLetter.run();
            context.forward(record.withValue(new Decoded(null, DeadLetterValue.bounded(record.value(), headers))));
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "";
            }
            int nl = message.indexOf('\n');
            String line = nl < 0 ? message : message.substring(0, nl);
            return line.length() > 200 ? line.substring(0, 200) : line;
        }
    }
}
