package dev.lodestone.points.streams;

import dev.lodestone.points.Decision;
import dev.lodestone.points.Decision.Outcome;
import dev.lodestone.points.ExchangeReplies;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.LedgerState;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
import dev.lodestone.points.streams.PointsTopology.In;
import dev.lodestone.points.streams.PointsTopology.Out;
import dev.lodestone.shopper.ShopperEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of each shopper's balance: applies earn rules to events and decides redemptions
 * and exchange debits. Events reach it already de-duplicated by the ingest store of the same task;
 * commands are de-duplicated here by request id in {@code points-request-store}.
 *
 * <p>Earn rules read the engine's clock, the event's {@code receivedAt} (set by the intake): campaign
 * ranges and the daily caps cannot be gamed by back-dating {@code occurredAt}. One task owns a
 * shopper's partition and processes its records one at a time, so the caps hold under any burst.
 */
final class LedgerProcessor implements Processor<String, In, String, Out> {

    /**
     * What a purchase earned, so its refund takes back exactly that.
     *
     * @param takenBack points already taken back by refunds of this purchase
     */
    public record Purchase(String eventId, String itemId, int quantity, long earned, long takenBack) {}

    private final ExchangeReplies<?> exchangeReplies;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, LedgerState> ledger;
    private KeyValueStore<String, Purchase> purchases;
    private KeyValueStore<String, String> reviews;
    private KeyValueStore<String, Decision> requests;
    private KeyValueStore<String, String> requestIndex;
    private KeyValueStore<String, PointsRules> rules;

    LedgerProcessor(ExchangeReplies<?> exchangeReplies) {
        this.exchangeReplies = exchangeReplies;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.ledger = context.getStateStore(PointsTopology.LEDGER_STORE);
        this.purchases = context.getStateStore(PointsTopology.PURCHASE_STORE);
        this.reviews = context.getStateStore(PointsTopology.REVIEW_STORE);
        this.requests = context.getStateStore(PointsTopology.REQUEST_STORE);
        this.requestIndex = context.getStateStore(PointsTopology.REQUEST_INDEX_STORE);
        this.rules = context.getStateStore(PointsTopology.RULES_STORE);
    }

    @Override
    public void process(Record<String, In> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        if (record.value().event() != null) {
            earn(record, record.value().event());
        } else if (record.value().command() != null) {
            command(record, record.value().command());
        } else if (record.value().forget() != null) {
            forget(record);
        }
    }

    /**
     * Forgets the shopper: closes the account with a {@code forgotten} entry that takes the balance to
     * zero (the ledger topic keeps every entry, so its totals must still equal the served balances),
     * deletes their ledger state, purchases, reviews and request decisions, and replaces each decision
     * on {@code points-replies} by one that names no one ({@link Decision#forgotten}), so the served
     * copies go too. Their next event opens a new account at version 1.
     */
    private void forget(Record<String, In> record) {
        String key = record.key();
        LedgerState state = ledger.get(key);
        if (state != null) {
            String userId = key.substring(PointsTopology.USER_KEY_PREFIX.length());
            append(
                    record,
                    state,
                    userId,
                    LedgerEntry.Type.forgotten,
                    -state.balance(),
                    "forgotten",
                    "forget-" + record.timestamp(),
                    null);
            ledger.delete(key);
        }
        deleteShoppersKeys(purchases, key);
        deleteShoppersKeys(reviews, key);
        for (KeyValue<String, String> indexed : shoppersEntries(requestIndex, key)) {
            requests.delete(indexed.value);
            requestIndex.delete(indexed.key);
            context.forward(
                    record.withKey(indexed.value).withValue(Out.of(Decision.forgotten(indexed.value, time(record)))));
        }
    }

    private static <V> void deleteShoppersKeys(KeyValueStore<String, V> store, String shopperKey) {
        for (KeyValue<String, V> entry : shoppersEntries(store, shopperKey)) {
            store.delete(entry.key);
        }
    }

    /** The entries whose key starts with {@code <shopperKey>,} (ids never contain a comma), read before any delete. */
    private static <V> List<KeyValue<String, V>> shoppersEntries(KeyValueStore<String, V> store, String shopperKey) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it =
                store.prefixScan(shopperKey + ",", Serdes.String().serializer())) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }

    /** Files the request under its shopper, so a forget finds it. */
    private void remember(Record<String, In> record, Decision decision) {
        requests.put(decision.requestId(), decision);
        requestIndex.put(record.key() + "," + decision.requestId(), decision.requestId());
    }

    private void earn(Record<String, In> record, ShopperEvent event) {
        PointsRules r = rules.get(PointsTopology.RULES_KEY);
        if (r == null) {
            r = PointsRules.defaults();
        }
        String key = record.key();
        LedgerState state = state(key);
        String category = event.context() == null ? null : event.context().get("category");
        Instant received = event.receivedAt();
        BigDecimal multiplier = r.multiplier(received, category);
        String day = received.atZone(ZoneOffset.UTC).toLocalDate().toString();
        switch (event.type()) {
            case PURCHASE -> {
                BigDecimal price = event.price() == null ? BigDecimal.ZERO : event.price();
                int quantity = event.quantity() == null ? 1 : event.quantity();
                long points = PointsRules.floor(price.multiply(BigDecimal.valueOf(quantity))
                        .multiply(r.purchasePointsPerUnit())
                        .multiply(multiplier));
                boolean first = !state.purchased();
                state = state.withPurchased();
                long bonus = first ? r.firstPurchaseBonus() : 0;
                if (points > 0) {
                    state = append(
                            record,
                            state,
                            event.userId(),
                            LedgerEntry.Type.earn,
                            points,
                            "purchase",
                            event.eventId(),
                            null);
                }
                if (bonus > 0) {
                    state = append(
                            record,
                            state,
                            event.userId(),
                            LedgerEntry.Type.earn,
                            bonus,
                            "first-purchase-bonus",
                            event.eventId() + "#bonus",
                            null);
                }
                purchases.put(
                        purchaseKey(key, event.itemId(), event.eventId()),
                        new Purchase(event.eventId(), event.itemId(), quantity, points + bonus, 0));
            }
            case REFUND -> state = refund(record, state, event);
            case REVIEW -> {
                // Once per shopper and item, and at most reviewDailyCap a day. Ids never contain a comma,
                // so no shopper's key can collide with another's.
                String reviewKey = key + "," + event.itemId();
                state = state.on(day);
                if (reviews.get(reviewKey) == null && state.reviewsToday() < r.reviewCap()) {
                    reviews.put(reviewKey, event.eventId());
                    state = earnFixed(record, state.withReview(), event, r.reviewPoints(), multiplier, "review");
                }
            }
            case SHARE -> {
                state = state.on(day);
                if (state.sharesToday() < r.shareDailyCap()) {
                    state = earnFixed(record, state.withShare(), event, r.sharePoints(), multiplier, "share");
                }
            }
            default -> {}
        }
        ledger.put(key, state);
    }

    /** Credits a fixed earn (a review, a share) under the campaign multiplier; nothing when it rounds to 0. */
    private LedgerState earnFixed(
            Record<String, In> record,
            LedgerState state,
            ShopperEvent event,
            long basePoints,
            BigDecimal multiplier,
            String reason) {
        long points = PointsRules.floor(BigDecimal.valueOf(basePoints).multiply(multiplier));
        if (points <= 0) {
            return state;
        }
        return append(record, state, event.userId(), LedgerEntry.Type.earn, points, reason, event.eventId(), null);
    }

    /**
     * Takes back what the refunded purchase earned: the purchase named by {@code context.purchaseEventId},
     * else the newest purchase of the same item with points left. A partial refund ({@code quantity}
     * below the purchase's) takes back that share, rounded down. Never below zero: the part that
     * cannot be recovered is recorded as the entry's {@code shortfall} and written off.
     */
    private LedgerState refund(Record<String, In> record, LedgerState state, ShopperEvent event) {
        String key = record.key();
        String named = event.context() == null ? null : event.context().get("purchaseEventId");
        String purchaseKey = null;
        Purchase purchase = null;
        if (named != null) {
            purchaseKey = purchaseKey(key, event.itemId(), named);
            purchase = purchases.get(purchaseKey);
        }
        if (purchase == null) {
            String prefix = key + "," + event.itemId() + ",";
            try (KeyValueIterator<String, Purchase> it =
                    purchases.prefixScan(prefix, Serdes.String().serializer())) {
                while (it.hasNext()) {
                    KeyValue<String, Purchase> kv = it.next();
                    if (kv.value.earned() > kv.value.takenBack()) {
                        purchaseKey = kv.key;
                        purchase = kv.value;
                    }
                }
            }
        }
        if (purchase == null || purchase.earned() <= purchase.takenBack()) {
            return state;
        }
        long remaining = purchase.earned() - purchase.takenBack();
        long owed = remaining;
        if (event.quantity() != null && event.quantity() < purchase.quantity()) {
            owed = Math.min(remaining, purchase.earned() * event.quantity() / purchase.quantity());
        }
        purchases.put(
                purchaseKey,
                new Purchase(
                        purchase.eventId(),
                        purchase.itemId(),
                        purchase.quantity(),
                        purchase.earned(),
                        purchase.takenBack() + owed));
        long taken = Math.min(owed, state.balance());
        Long shortfall = owed > taken ? owed - taken : null;
        return append(
                record,
                state,
                event.userId(),
                LedgerEntry.Type.refund,
                -taken,
                "refund of purchase " + purchase.eventId(),
                event.eventId(),
                shortfall);
    }

    /**
     * Debits the command's points when the balance covers them (201 with the new balance), else
     * refuses with 409 {@code insufficient_points}; the ledger is written only on success.
     */
    private Decision debit(
            Record<String, In> record,
            PointsCommand command,
            String kind,
            String reason,
            String giftId,
            String fingerprint) {
        LedgerState state = state(record.key());
        if (state.balance() < command.points()) {
            return new Decision(
                    command.requestId(),
                    kind,
                    command.userId(),
                    Outcome.REFUSED,
                    "insufficient_points",
                    "the balance is " + state.balance() + ", below " + command.points(),
                    state.balance(),
                    giftId,
                    null,
                    fingerprint,
                    time(record));
        }
        state = append(
                record,
                state,
                command.userId(),
                LedgerEntry.Type.redeem,
                -command.points(),
                reason,
                command.requestId(),
                null);
        ledger.put(record.key(), state);
        return new Decision(
                command.requestId(),
                kind,
                command.userId(),
                Outcome.DONE,
                null,
                null,
                state.balance(),
                giftId,
                null,
                fingerprint,
                time(record));
    }

    private void command(Record<String, In> record, PointsCommand command) {
        Decision previous = requests.get(command.requestId());
        switch (command.type()) {
            case REDEEM -> {
                if (previous != null) {
                    if (previous.fingerprint() != null
                            && !previous.fingerprint().equals(command.fingerprint())) {
                        context.forward(record.withKey(command.requestId())
                                .withValue(Out.of(new Decision(
                                        command.requestId(),
                                        Decision.REDEMPTION,
                                        command.userId(),
                                        Outcome.KEY_REUSED,
                                        "idempotency_key_reused",
                                        "this Idempotency-Key was used with a different body",
                                        null,
                                        null,
                                        null,
                                        command.fingerprint(),
                                        time(record)))));
                    } else {
                        context.forward(record.withKey(command.requestId()).withValue(Out.of(previous)));
                    }
                    return;
                }
                Decision decision = debit(
                        record,
                        command,
                        Decision.REDEMPTION,
                        command.reason() == null ? "redemption" : command.reason(),
                        null,
                        command.fingerprint());
                remember(record, decision);
                context.forward(record.withKey(command.requestId()).withValue(Out.of(decision)));
            }
            case EXCHANGE_DEBIT -> {
                Decision decision = previous;
                if (decision == null) {
                    decision = debit(
                            record, command, Decision.EXCHANGE, "gift:" + command.giftId(), command.giftId(), null);
                    remember(record, decision);
                }
                KeyValue<String, ?> reply = exchangeReplies.reply(command, decision, time(record));
                context.forward(record.withKey(reply.key).withValue(Out.reply(reply.value)));
            }
        }
    }

    private LedgerState append(
            Record<String, In> record,
            LedgerState state,
            String userId,
            LedgerEntry.Type type,
            long amount,
            String reason,
            String source,
            Long shortfall) {
        LedgerState next = state.apply(amount);
        LedgerEntry entry = new LedgerEntry(
                userId + "-" + next.version(),
                userId,
                type,
                amount,
                next.balance(),
                reason,
                source,
                time(record),
                next.version(),
                shortfall);
        context.forward(record.withValue(Out.of(entry)));
        return next;
    }

    private LedgerState state(String key) {
        LedgerState state = ledger.get(key);
        return state == null ? LedgerState.EMPTY : state;
    }

    private static Instant time(Record<?, ?> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }

    private static String purchaseKey(String shopperKey, String itemId, String eventId) {
        return shopperKey + "," + itemId + "," + eventId;
    }
}
