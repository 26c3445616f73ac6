package dev.lodestone.dashboard;

import dev.lodestone.platform.redis.RedisKeys;

/** The dashboard in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md} registers them. */
public final class DashboardKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "dashboard:";

    /** Hash: source → latest {@link DashboardPart} JSON; read once per interval by each instance with subscribers. */
    public static String parts() {
        return PREFIX + "parts";
    }

    /** String: the subject a dashboard stream ticket was issued to, under the ticket's SHA-256; 60 seconds. */
    public static String ticket(String digest) {
        return PREFIX + "ticket:" + digest;
    }

    private DashboardKeys() {}
}
