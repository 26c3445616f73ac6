package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.points.RequestIds;
import java.time.Instant;
import java.util.List;

/**
 * A lottery of a group, as kept on its partition. What is published ({@link #publicView}) never carries
 * the seed before the draw.
 *
 * @param winnersCount how many winners are drawn
 * @param seed 32 random bytes (hex), secret until the draw; revealed in the closed lottery
 * @param commitment SHA-256 of the seed, published at creation
 * @param entryCount entries accepted so far
 * @param entries the ordered entries, only in the closed lottery's published view (the proof)
 * @param entriesHash SHA-256 of the ordered entries, published at close
 * @param winners drawn at close ({@link LotteryDraw})
 * @param version changes of this lottery, the Redis projection's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lottery(
        String lotteryId,
        String groupId,
        String name,
        int winnersCount,
        Instant startsAt,
        Instant endsAt,
        String status,
        String seed,
        String commitment,
        int entryCount,
        List<String> entries,
        String entriesHash,
        List<String> winners,
        String createdBy,
        long version,
        Instant updatedAt) {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final int MAX_WINNERS = 10_000;

    /** The {@code kind} of a winner's prize decision on {@code points-replies}. */
    public static final String PRIZE_KIND = "lottery-prize";

    /**
     * The request id of a winner's prize decision, which the winner reads its coupon code from (and the
     * coupon's code is keyed from): a digest of lottery and winner, so the decision's key in Redis does
     * not name the winner.
     */
    public static String prizeId(String lotteryId, String userId) {
        return "lot-" + lotteryId + "-" + RequestIds.fingerprint(PRIZE_KIND, lotteryId, userId);
    }

    public boolean openAt(Instant at) {
        return OPEN.equals(status) && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    public Lottery withEntry(Instant at) {
        return new Lottery(
                lotteryId,
                groupId,
                name,
                winnersCount,
                startsAt,
                endsAt,
                status,
                seed,
                commitment,
                entryCount + 1,
                null,
                null,
                null,
                createdBy,
                version + 1,
                at);
    }

    public Lottery closed(List<String> entries, List<String> winners, Instant at) {
        return new Lottery(
                lotteryId,
                groupId,
                name,
                winnersCount,
                startsAt,
                endsAt,
                CLOSED,
                seed,
                commitment,
                entries.size(),
                null,
                LotteryDraw.entriesHash(entries),
                winners,
                createdBy,
                version + 1,
                at);
    }

    /** What may be published: without the seed while open; with the ordered entries once closed. */
    public Lottery publicView(List<String> closedEntries) {
        boolean closed = CLOSED.equals(status);
        return new Lottery(
                lotteryId,
                groupId,
                name,
                winnersCount,
                startsAt,
                endsAt,
                status,
                closed ? seed : null,
                commitment,
                entryCount,
                closed ? closedEntries : null,
                entriesHash,
                winners,
                createdBy,
                version,
                updatedAt);
    }
}
