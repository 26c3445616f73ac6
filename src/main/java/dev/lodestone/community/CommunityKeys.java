package dev.lodestone.community;

import dev.lodestone.platform.redis.RedisKeys;

/**
 * The community in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers
 * them. The keys of one group share the hash tag {@code {<groupId>}}, so a script over a group touches
 * one Redis Cluster slot.
 */
public final class CommunityKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "community:";

    /** Sorted set of every group id, scored by creation time (ms). */
    public static final String GROUP_IDS = PREFIX + "groups";

    /** Sorted set of moderation events (JSON), scored by time (ms); the moderation log. */
    public static final String MODERATION_LOG = PREFIX + "moderation-log";

    /** Sorted set of open reports (JSON), scored by time (ms). */
    public static final String REPORTS = PREFIX + "reports";

    private static String group(String groupId, String what) {
        return PREFIX + "{" + groupId + "}:" + what;
    }

    /** String: the offset of the newest {@code community-events} record applied for the group (the fence). */
    public static String applied(String groupId) {
        return group(groupId, "applied");
    }

    /** String: the group (JSON), rules included. */
    public static String info(String groupId) {
        return group(groupId, "info");
    }

    /** Sorted set: member user ids, scored by join time (ms). */
    public static String members(String groupId) {
        return group(groupId, "members");
    }

    /** Sorted set: message ids of the window, scored by their offset on {@code community-events}. */
    public static String window(String groupId) {
        return group(groupId, "window");
    }

    /** Hash: message id → message JSON (with reply and reaction counts) of the window. */
    public static String messages(String groupId) {
        return group(groupId, "messages");
    }

    /** Hash: message id → message JSON of posts held for a moderator. */
    public static String held(String groupId) {
        return group(groupId, "held");
    }

    /** Hash: user id → end of the member's mute (ms). */
    public static String mutes(String groupId) {
        return group(groupId, "mutes");
    }

    /** Set: banned user ids. */
    public static String banned(String groupId) {
        return group(groupId, "banned");
    }

    /** String: a member's last post time (ms), for the interval between posts. */
    public static String lastPost(String groupId, String userId) {
        return group(groupId, "last:" + userId);
    }

    /** String: a member's posts in the current UTC day; expires with the day. */
    public static String postsToday(String groupId, String userId) {
        return group(groupId, "day:" + userId);
    }

    /** Hash {@code v} (version), {@code d} (JSON) of a coupon drop. */
    public static String drop(String dropId) {
        return PREFIX + "drop:" + dropId;
    }

    /** Hash {@code v} (version), {@code d} (JSON) of a lottery's public state (the proof once closed). */
    public static String lottery(String lotteryId) {
        return PREFIX + "lottery:" + lotteryId;
    }

    private CommunityKeys() {}
}
