package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A request for a lottery's partition, on {@code community-lottery-commands} keyed {@code l:<lotteryId>}.
 *
 * @param lottery the lottery to create (without seed: the partition draws it), for {@code CREATE}
 * @param requestId the entry id, for {@code ENTER}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LotteryCommand(
        Type type, String lotteryId, String requestId, String userId, Lottery lottery, Instant at) {

    /** What the lottery's partition is asked to do. */
    public enum Type {
        CREATE,
        ENTER,
        /** Forget the shopper ({@code userId}) in the lotteries of this partition; sent to every partition. */
        FORGET_SHOPPER
    }

    public static String key(String lotteryId) {
        return "l:" + lotteryId;
    }
}
