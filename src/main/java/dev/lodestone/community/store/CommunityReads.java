package dev.lodestone.community.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityKeys;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.Group;
import dev.lodestone.community.Lottery;
import dev.lodestone.community.Message;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.VersionedProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The one place that knows where the community's read model lives in Redis. */
@Singleton
public class CommunityReads {

    private static final LuaScript HISTORY = LuaScript.load("community-history");
    private static final LuaScript POST_ALLOWANCE = LuaScript.load("community-post-allowance");

    /**
     * What decides whether a member may post: null fields when absent.
     *
     * @param joinedAt when the member joined (ms), null for a non-member
     * @param mutedUntil end of the member's mute (ms), null when never muted
     */
    public record Poster(Group group, Long joinedAt, Long mutedUntil, boolean banned) {}

    /** The answer of {@link #takePost}: taken, or how long to wait and why. */
    public record Allowance(boolean taken, boolean dailyLimit, long waitMillis) {}

    /** One page of members in join order; {@code nextCursor} absent on the last page. */
    public record Members(String groupId, List<Member> members, String nextCursor) {}

    /** A member and when they joined. */
    public record Member(String userId, Instant joinedAt) {}

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection versioned;

    CommunityReads(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.versioned = new VersionedProjection(redis);
    }

    public Uni<Group> group(String groupId) {
        return redis.value(String.class)
                .get(CommunityKeys.info(groupId))
                .map(json -> json == null ? null : JsonSerde.read(json, Group.class));
    }

    public Uni<Long> joinedAt(String groupId, String userId) {
        return redis.sortedSet(String.class)
                .zscore(CommunityKeys.members(groupId), userId)
                .map(score -> score == null ? null : score.longValue());
    }

    public Uni<Long> memberCount(String groupId) {
        return redis.sortedSet(String.class).zcard(CommunityKeys.members(groupId));
    }

    public Uni<Poster> poster(String groupId, String userId) {
        return Uni.combine()
                .all()
                .unis(
                        group(groupId),
                        joinedAt(groupId, userId),
                        redis.hash(String.class).hget(CommunityKeys.mutes(groupId), userId),
                        redis.set(String.class).sismember(CommunityKeys.banned(groupId), userId))
                .with((group, joined, muted, banned) ->
                        new Poster(group, joined, muted == null ? null : Long.parseLong(muted), banned));
    }

    /** Takes one post from the member's allowance, or says how long to wait. */
    public Uni<Allowance> takePost(String groupId, String userId, Duration interval, int dailyMax, Instant now) {
        long endOfDay = now.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        return POST_ALLOWANCE
                .run(
                        redis,
                        List.of(CommunityKeys.lastPost(groupId, userId), CommunityKeys.postsToday(groupId, userId)),
                        List.of(
                                String.valueOf(now.toEpochMilli()),
                                String.valueOf(interval.toMillis()),
                                String.valueOf(dailyMax),
                                String.valueOf(Math.max(1, endOfDay - now.toEpochMilli()))))
                .map(r -> {
                    int status = r.get(0).toInteger();
                    return new Allowance(status == 1, status == -1, r.get(1).toLong());
                });
    }

    /** Messages newest first, strictly before {@code beforeSeq} (null for the newest). */
    public Uni<List<JsonNode>> history(String groupId, Long beforeSeq, int limit) {
        return HISTORY.run(
                        redis,
                        List.of(CommunityKeys.window(groupId), CommunityKeys.messages(groupId)),
                        List.of(beforeSeq == null ? "+inf" : "(" + beforeSeq, String.valueOf(limit)))
                .map(CommunityReads::documents);
    }

    public Uni<Message> held(String groupId, String messageId) {
        return redis.hash(String.class)
                .hget(CommunityKeys.held(groupId), messageId)
                .map(json -> json == null ? null : JsonSerde.read(json, Message.class));
    }

    public Uni<Message> message(String groupId, String messageId) {
        return redis.hash(String.class)
                .hget(CommunityKeys.messages(groupId), messageId)
                .map(json -> json == null ? null : JsonSerde.read(json, Message.class));
    }

    /** Members in join order from position {@code from}. */
    public Uni<Members> members(String groupId, int from, int limit) {
        return redis.sortedSet(String.class)
                .zrangeWithScores(CommunityKeys.members(groupId), from, from + limit - 1L)
                .map(page -> {
                    List<Member> members = new ArrayList<>(page.size());
                    for (ScoredValue<String> m : page) {
                        members.add(new Member(m.value(), Instant.ofEpochMilli((long) m.score())));
                    }
                    return new Members(groupId, members, page.size() < limit ? null : String.valueOf(from + limit));
                });
    }

    /** Group ids, newest first. */
    public Uni<List<String>> groupIds(int limit) {
        return redis.sortedSet(String.class).zrange(CommunityKeys.GROUP_IDS, 0, limit - 1L, new ZRangeArgs().rev());
    }

    /** How many groups there are. */
    public Uni<Long> groupCount() {
        return redis.sortedSet(String.class).zcard(CommunityKeys.GROUP_IDS);
    }

    /** Reports, held and flagged messages since {@code since}. */
    public Uni<Long> reportsSince(Instant since) {
        return sinceCount(CommunityKeys.REPORTS, since);
    }

    /** Moderation actions (and reports) since {@code since}. */
    public Uni<Long> moderationSince(Instant since) {
        return sinceCount(CommunityKeys.MODERATION_LOG, since);
    }

    private Uni<Long> sinceCount(String key, Instant since) {
        return redis.sortedSet(String.class)
                .zcount(key, ScoreRange.from((double) since.toEpochMilli(), Double.POSITIVE_INFINITY));
    }

    public Uni<List<Group>> groups(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join()
                .all(ids.stream().map(this::group).toList())
                .andFailFast()
                .map(list -> list.stream().filter(g -> g != null).toList());
    }

    /** Newest first, from a sorted set of JSON documents scored by time. */
    public Uni<List<JsonNode>> moderationLog(int limit) {
        return newest(CommunityKeys.MODERATION_LOG, limit);
    }

    public Uni<List<JsonNode>> reports(int limit) {
        return newest(CommunityKeys.REPORTS, limit);
    }

    public Uni<CouponDrop> drop(String dropId) {
        return versioned
                .read(CommunityKeys.drop(dropId))
                .map(json -> json == null ? null : JsonSerde.read(json, CouponDrop.class));
    }

    public Uni<Lottery> lottery(String lotteryId) {
        return versioned
                .read(CommunityKeys.lottery(lotteryId))
                .map(json -> json == null ? null : JsonSerde.read(json, Lottery.class));
    }

    private Uni<List<JsonNode>> newest(String key, int limit) {
        return redis.execute(Command.ZREVRANGE, key, "0", String.valueOf(limit - 1))
                .map(CommunityReads::documents);
    }

    private static List<JsonNode> documents(Response response) {
        List<JsonNode> out = new ArrayList<>();
        if (response == null) {
            return out;
        }
        for (Response item : response) {
            try {
                out.add(JsonSerde.MAPPER.readTree(item.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
