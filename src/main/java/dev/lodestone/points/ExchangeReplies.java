package dev.lodestone.points;

import dev.lodestone.platform.kafka.Topic;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;

/**
 * How the ledger answers an exchange debit to the feature that asked for it: the gift shop hands the
 * ledger its command topic and the record that confirms or releases the reservation, so the ledger
 * answers through a topic without knowing the gift shop (which depends on the ledger, not the reverse).
 *
 * @param <R> the value type of the requesting feature's command topic
 */
public interface ExchangeReplies<R> {

    /** Where the answers go. */
    Topic<String, R> topic();

    /** The answer to {@code debit}: confirm when {@code decision} took the points, else release. */
    KeyValue<String, R> reply(PointsCommand debit, Decision decision, Instant at);
}
