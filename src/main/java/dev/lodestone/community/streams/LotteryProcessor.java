package dev.lodestone.community.streams;

import dev.lodestone.community.Lottery;
import dev.lodestone.community.LotteryCommand;
import dev.lodestone.community.LotteryDraw;
import dev.lodestone.community.streams.LotteryTopology.Out;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.platform.kafka.streams.IndexScan;
import dev.lodestone.platform.kafka.streams.Wakeup;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Decision.Outcome;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The single writer of each lottery: its seed, its ordered entries, its draw.
 *
 * <p>The entries the draw and the proof list are entry ids (each member's entry request id, opaque,
 * answered to the member at entry), never user ids: the proof stays checkable after an entrant is
 * forgotten, and names no one. Who is behind an entry is kept apart ({@code <lotteryId>,x,<entryId>})
 * until the prize is issued, and deleted when the entrant is forgotten.
 */
final class LotteryProcessor implements Processor<String, LotteryCommand, String, Out> {

    /** The {@code kind} of an entry's decision on {@code points-replies}; prizes are {@link #PRIZE}. */
    static final String KIND = "lottery-entry";

    static final String PRIZE = Lottery.PRIZE_KIND;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(LotteryProcessor.class);

    private final CouponCodes couponCodes;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, Lottery> lotteries;
    private KeyValueStore<String, String> entries;
    private KeyValueStore<String, String> shoppers;
    private Wakeup closing;

    LotteryProcessor(CouponCodes couponCodes) {
        this.couponCodes = couponCodes;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.lotteries = context.getStateStore(LotteryTopology.LOTTERY_STORE);
        this.entries = context.getStateStore(LotteryTopology.ENTRY_STORE);
        this.shoppers = context.getStateStore(LotteryTopology.SHOPPER_STORE);
        // Woken when the next open lottery ends, not every second: an idle engine commits nothing (Wakeup).
        this.closing = new Wakeup(context, LotteryTopology.CLOSE_CHECK, this::closeDue);
        // The first punctuation finds the lotteries restored with the task and arms the next end.
        closing.soon();
    }

    @Override
    public void process(Record<String, LotteryCommand> record) {
        LotteryCommand c = record.value();
        if (c == null || c.type() == null) {
            return;
        }
        if (c.type() == LotteryCommand.Type.FORGET_SHOPPER) {
            forgetShopper(record, c.userId());
            return;
        }
        if (c.lotteryId() == null) {
            return;
        }
        switch (c.type()) {
            case CREATE -> create(record, c);
            case ENTER -> enter(record, c);
            case FORGET_SHOPPER -> {}
        }
    }

    private void create(Record<String, LotteryCommand> record, LotteryCommand c) {
        if (c.lottery() == null || lotteries.get(c.lotteryId()) != null) {
            return;
        }
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        String seedHex = HexFormat.of().formatHex(seed);
        Lottery l = c.lottery();
        Lottery created = new Lottery(
                l.lotteryId(),
                l.groupId(),
                l.name(),
                l.winnersCount(),
                l.startsAt(),
                l.endsAt(),
                Lottery.OPEN,
                seedHex,
                LotteryDraw.commitment(seedHex),
                0,
                null,
                null,
                null,
                l.createdBy(),
                1,
                Instant.ofEpochMilli(record.timestamp()));
        lotteries.put(created.lotteryId(), created);
        publish(record.timestamp(), created, null);
        closing.by(created.endsAt().toEpochMilli());
    }

    private void enter(Record<String, LotteryCommand> record, LotteryCommand c) {
        Instant now = Instant.ofEpochMilli(record.timestamp());
        Lottery l = lotteries.get(c.lotteryId());
        if (l == null) {
            reply(record, c, Outcome.NOT_FOUND, "not_found", "lottery '" + c.lotteryId() + "' not found", now);
            return;
        }
        String userKey = c.lotteryId() + ",u," + c.userId();
        String previous = entries.get(userKey);
        if (previous != null) {
            if (previous.equals(c.requestId())) {
                reply(record, c, Outcome.DONE, null, null, now);
            } else {
                reply(record, c, Outcome.REFUSED, "already_entered", "this member already entered", now);
            }
            return;
        }
        if (!l.openAt(now)) {
            boolean early = Lottery.OPEN.equals(l.status()) && now.isBefore(l.startsAt());
            reply(
                    record,
                    c,
                    Outcome.REFUSED,
                    early ? "not_started" : "closed",
                    early ? "the lottery opens at " + l.startsAt() : "the lottery is closed",
                    now);
            return;
        }
        entries.put(c.lotteryId() + ",e," + String.format("%010d", l.entryCount()), c.requestId());
        entries.put(entrantKey(c.lotteryId(), c.requestId()), c.userId());
        entries.put(userKey, c.requestId());
        shoppers.put(shopperPrefix(c.userId()) + c.lotteryId(), c.requestId());
        Lottery next = l.withEntry(now);
        lotteries.put(next.lotteryId(), next);
        publish(record.timestamp(), next, null);
        reply(record, c, Outcome.DONE, null, null, now);
    }

    /**
     * Closes every open lottery whose window ended (draw, reveal, prizes, in this task's transaction), and
     * arms the wakeup for the next to end.
     */
    private void closeDue(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        List<Lottery> due = new ArrayList<>();
        long nextEnd = Long.MAX_VALUE;
        try (KeyValueIterator<String, Lottery> it = lotteries.all()) {
            while (it.hasNext()) {
                Lottery l = it.next().value;
                if (!Lottery.OPEN.equals(l.status())) {
                    continue;
                }
                if (!now.isBefore(l.endsAt())) {
                    due.add(l);
                } else {
                    nextEnd = Math.min(nextEnd, l.endsAt().toEpochMilli());
                }
            }
        }
        for (Lottery l : due) {
            draw(l, wallClock);
        }
        if (nextEnd != Long.MAX_VALUE) {
            closing.by(nextEnd);
        }
    }

    void draw(Lottery l, long at) {
        List<String> ordered = new ArrayList<>(l.entryCount());
        try (KeyValueIterator<String, String> it =
                entries.prefixScan(l.lotteryId() + ",e,", Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                ordered.add(kv.value);
            }
        }
        List<String> winners = LotteryDraw.winners(l.seed(), ordered, l.winnersCount());
        Instant now = Instant.ofEpochMilli(at);
        // Written before the task's transaction commits: with the committed records it shows where a crash
        // fell (a draw logged but not committed is drawn again after the restart, to the same winners).
        LOG.infof(
                "lottery %s drawn at %d in task %s: %d entries, %d winners; committing with the task",
                l.lotteryId(), at, context.taskId(), ordered.size(), winners.size());
        Lottery closed = l.closed(ordered, winners, now);
        lotteries.put(closed.lotteryId(), closed);
        publish(at, closed, ordered);
        for (String winner : winners) {
            String userId = entries.get(entrantKey(l.lotteryId(), winner));
            if (userId == null) {
                // The entrant was forgotten before the draw: the entry keeps its place (the proof holds),
                // the prize has no one to go to.
                continue;
            }
            String prize = Lottery.prizeId(l.lotteryId(), userId);
            String code = couponCodes.code(prize);
            context.forward(new Record<>(
                    GiftCommand.couponKey(code),
                    new Out(
                            null,
                            new GiftCommand(
                                    GiftCommand.Type.ISSUE_COUPON,
                                    "lottery:" + l.lotteryId(),
                                    prize,
                                    userId,
                                    null,
                                    null,
                                    code,
                                    null,
                                    null,
                                    now),
                            null),
                    at));
            context.forward(new Record<>(
                    prize,
                    new Out(
                            new Decision(prize, PRIZE, userId, Outcome.DONE, null, null, null, null, code, null, now),
                            null,
                            null),
                    at));
        }
    }

    /**
     * Forgets the shopper's entries on this partition: who is behind each entry and the shopper's entry
     * mark are deleted, and the entry's (and a drawn prize's) decision replaced by one that names no one.
     * The entry id keeps its place among the entries: the draw and the proof stay as they are.
     */
    private void forgetShopper(Record<String, LotteryCommand> record, String userId) {
        if (userId == null) {
            return;
        }
        List<KeyValue<String, String>> mine = IndexScan.entries(shoppers, shopperPrefix(userId));
        Instant at = Instant.ofEpochMilli(record.timestamp());
        for (KeyValue<String, String> entry : mine) {
            String lotteryId = entry.key.substring(shopperPrefix(userId).length());
            String entryId = entry.value;
            shoppers.delete(entry.key);
            entries.delete(lotteryId + ",u," + userId);
            entries.delete(entrantKey(lotteryId, entryId));
            forward(record, Decision.forgotten(entryId, at));
            Lottery l = lotteries.get(lotteryId);
            if (l != null && l.winners() != null && l.winners().contains(entryId)) {
                forward(record, Decision.forgotten(Lottery.prizeId(lotteryId, userId), at));
            }
        }
    }

    private static String entrantKey(String lotteryId, String entryId) {
        return lotteryId + ",x," + entryId;
    }

    private static String shopperPrefix(String userId) {
        return "u:" + userId + ",";
    }

    private void forward(Record<String, LotteryCommand> record, Decision decision) {
        context.forward(record.withKey(decision.requestId()).withValue(new Out(decision, null, null)));
    }

    private void publish(long at, Lottery l, List<String> closedEntries) {
        context.forward(new Record<>(l.lotteryId(), new Out(null, null, l.publicView(closedEntries)), at));
    }

    private void reply(
            Record<String, LotteryCommand> record,
            LotteryCommand c,
            Outcome outcome,
            String code,
            String message,
            Instant at) {
        // A refusal names no one: the request files nothing a forget could find it by.
        String owner = outcome == Outcome.DONE ? c.userId() : null;
        forward(record, new Decision(c.requestId(), KIND, owner, outcome, code, message, null, null, null, null, at));
    }
}
