package dev.lodestone.community;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Community groups: the live message window, post limits and moderation. */
@ConfigMapping(prefix = "lodestone.community")
@Unremovable
public interface CommunityConfig {

    /** Most messages per group kept in Redis for history (the topic keeps all). */
    @WithDefault("1000")
    int windowSize();

    /** How long a group's message window stays in Redis after its newest message. */
    @WithDefault("P30D")
    Duration windowTtl();

    /** Longest message text, in characters. */
    @WithDefault("2000")
    int maxTextLength();

    /** Least time between two posts of a member in one group. */
    @WithDefault("PT1S")
    Duration postInterval();

    /** Most posts of a member in one group per UTC day. */
    @WithDefault("200")
    int dailyPosts();

    /** How long a member counts as new after joining, held to the stricter limits below. */
    @WithDefault("P1D")
    Duration newMemberPeriod();

    /** Least time between two posts of a new member. */
    @WithDefault("PT30S")
    Duration newMemberPostInterval();

    /** Most posts of a new member per UTC day. */
    @WithDefault("10")
    int newMemberDailyPosts();

    /** Longest mute a moderator may give. */
    @WithDefault("P30D")
    Duration maxMute();
}
