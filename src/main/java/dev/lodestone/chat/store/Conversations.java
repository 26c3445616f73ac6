package dev.lodestone.chat.store;

import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatKeys;
import dev.lodestone.platform.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where conversations are decided and read back. Every step (open, a message, hand-over, claim,
 * transfer, resolve, reopen, rating) runs {@code chat-decide.lua}, which holds every rule and runs one
 * at a time in Redis: of 20 agents claiming one waiting conversation exactly one sees {@code ok}. The
 * caller then writes the decided entries to {@code chat-messages}, the system of record.
 */
@ApplicationScoped
public class Conversations {

    private static final LuaScript DECIDE = LuaScript.load("chat-decide");

    /** What the script decided: {@code code} is {@code ok} or the refusal; entries {@code seq-n+1..seq} are new. */
    public record Decision(String code, long seq, String state, String a, String b) {
        public boolean ok() {
            return "ok".equals(code);
        }
    }

    /** A conversation's state as Redis holds it; times in epoch ms, 0 when not reached. */
    public record Conversation(
            String conversationId,
            String userId,
            String state,
            String agentId,
            long createdAt,
            long handoverAt,
            long firstResponseAt,
            long firstResponseMs,
            long resolvedAt,
            long seq,
            Integer rating,
            String guesses) {}

    /** A waiting conversation and since when (epoch ms). */
    public record Waiting(String conversationId, long since) {}

    private final ReactiveRedisDataSource redis;
    private final ChatConfig config;

    Conversations(ReactiveRedisDataSource redis, ChatConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Decision> open(String conversationId, String userId, boolean human, long now) {
        return decide(
                "open", conversationId, userId, now, ChatKeys.shopperConversations(userId), "", human ? "1" : "0");
    }

    public Uni<Decision> shopperMessage(String conversationId, String userId, long now) {
        return decide(
                "shopper",
                conversationId,
                userId,
                now,
                ChatKeys.rate(userId),
                "",
                String.valueOf(config.rateMessages()),
                String.valueOf(config.rateWindow().toMillis()));
    }

    public Uni<Decision> botReply(String conversationId, boolean handOver, String guesses, long now) {
        return decide("bot", conversationId, "", now, ChatKeys.queue(), "", handOver ? "1" : "0", guesses);
    }

    public Uni<Decision> handOver(String conversationId, String userId, long now) {
        return decide("handover", conversationId, userId, now, ChatKeys.queue(), "");
    }

    public Uni<Decision> agentMessage(String conversationId, String agentId, long now) {
        return decide("agent", conversationId, agentId, now, ChatKeys.agentOpen(agentId), "");
    }

    public Uni<Decision> claim(String conversationId, String agentId, long now) {
        return decide(
                "claim",
                conversationId,
                agentId,
                now,
                ChatKeys.agentOpen(agentId),
                "",
                String.valueOf(config.agentCapacity()));
    }

    /** To another agent, or back to the queue at its place when {@code toAgent} is null. */
    public Uni<Decision> transfer(String conversationId, String agentId, String toAgent, long now) {
        return decide(
                "transfer",
                conversationId,
                agentId,
                now,
                ChatKeys.agentOpen(agentId),
                toAgent == null ? ChatKeys.agentOpen(agentId) : ChatKeys.agentOpen(toAgent),
                String.valueOf(config.agentCapacity()),
                toAgent == null ? "" : toAgent);
    }

    /** By the assigned agent ({@code byAgent}) or by the conversation's shopper. */
    public Uni<Decision> resolve(String conversationId, String actorId, boolean byAgent, long now) {
        return redis.execute(Command.HGET, ChatKeys.conversation(conversationId), "agent")
                .chain(agent -> {
                    String assigned = agent == null ? "" : agent.toString();
                    return decide(
                            "resolve",
                            conversationId,
                            actorId,
                            now,
                            ChatKeys.agentOpen(assigned.isEmpty() ? actorId : assigned),
                            "",
                            byAgent ? "agent" : "shopper",
                            assigned);
                })
                .chain(d -> "stale".equals(d.code())
                        ? resolve(conversationId, actorId, byAgent, now)
                        : Uni.createFrom().item(d));
    }

    public Uni<Decision> reopen(String conversationId, String userId, long now) {
        return decide("reopen", conversationId, userId, now, ChatKeys.queue(), "");
    }

    public Uni<Decision> rate(String conversationId, String userId, int rating, long now) {
        return decide("rate", conversationId, userId, now, ChatKeys.queue(), "", String.valueOf(rating));
    }

    private Uni<Decision> decide(
            String action, String conversationId, String actor, long now, String third, String fourth, String... more) {
        List<String> keys = List.of(
                ChatKeys.conversation(conversationId),
                ChatKeys.queue(),
                third,
                fourth.isEmpty() ? third : fourth,
                ChatKeys.firstResponses());
        List<String> args = new ArrayList<>(5 + more.length);
        args.add(action);
        args.add(actor);
        args.add(String.valueOf(now));
        args.add(String.valueOf(config.retention().toMillis()));
        args.add(conversationId);
        args.addAll(List.of(more));
        return DECIDE.run(redis, keys, args)
                .map(r -> new Decision(
                        r.get(0).toString(),
                        r.get(1).toLong(),
                        r.get(2).toString(),
                        r.get(3).toString(),
                        r.get(4).toString()));
    }

    /** The conversation, or null when Redis has none (unknown, or expired). */
    public Uni<Conversation> get(String conversationId) {
        return redis.execute(Command.HMGET, hashArgs(conversationId)).map(r -> {
            if (r == null || r.size() < FIELDS.size() || r.get(0) == null) {
                return null;
            }
            Map<String, String> h = new HashMap<>();
            for (int i = 0; i < FIELDS.size(); i++) {
                if (r.get(i) != null) {
                    h.put(FIELDS.get(i), r.get(i).toString());
                }
            }
            return new Conversation(
                    conversationId,
                    h.get("user"),
                    h.get("state"),
                    h.get("agent"),
                    num(h, "created"),
                    num(h, "handover"),
                    num(h, "first"),
                    num(h, "frt"),
                    num(h, "resolved"),
                    num(h, "seq"),
                    h.containsKey("rating") ? Integer.valueOf(h.get("rating")) : null,
                    h.get("guesses"));
        });
    }

    private static final List<String> FIELDS = List.of(
            "user", "state", "agent", "created", "handover", "first", "frt", "resolved", "seq", "rating", "guesses");

    private static String[] hashArgs(String conversationId) {
        List<String> args = new ArrayList<>(FIELDS.size() + 1);
        args.add(ChatKeys.conversation(conversationId));
        args.addAll(FIELDS);
        return args.toArray(String[]::new);
    }

    /** 1 for the oldest waiting conversation; null when it is not waiting. */
    public Uni<Long> placeInQueue(String conversationId) {
        return redis.execute(Command.ZRANK, ChatKeys.queue(), conversationId)
                .map(r -> r == null ? null : r.toLong() + 1);
    }

    /** The oldest {@code limit} waiting conversations, oldest first. */
    public Uni<List<Waiting>> queue(int limit) {
        return redis.execute(Command.ZRANGE, ChatKeys.queue(), "0", String.valueOf(limit - 1), "WITHSCORES")
                .map(r -> {
                    List<Waiting> waiting = new ArrayList<>();
                    if (r == null) {
                        return waiting;
                    }
                    for (String[] pair : pairs(r)) {
                        waiting.add(new Waiting(pair[0], (long) Double.parseDouble(pair[1])));
                    }
                    return waiting;
                });
    }

    /** Queue length and the oldest waiting since (epoch ms, 0 when empty), in one round trip each. */
    public Uni<long[]> queueSummary() {
        return redis.execute(Command.ZCARD, ChatKeys.queue())
                .chain(n -> queue(1).map(oldest -> new long[] {
                    n.toLong(), oldest.isEmpty() ? 0 : oldest.get(0).since()
                }));
    }

    /** First-response times and the queue, as the agents' stats and the dashboard's chat panel show them. */
    public record Stats(
            int firstResponses,
            Long firstResponseP50Ms,
            Long firstResponseP90Ms,
            long queueLength,
            long oldestWaitMs) {}

    /** The first-response percentiles and the queue now ({@code now} in epoch ms): two reads. */
    public Uni<Stats> stats(long now) {
        return Uni.combine()
                .all()
                .unis(firstResponseTimes(), queueSummary())
                .asTuple()
                .map(t -> {
                    List<Long> times = t.getItem1();
                    long[] queue = t.getItem2();
                    return new Stats(
                            times.size(),
                            percentile(times, 0.5),
                            percentile(times, 0.9),
                            queue[0],
                            queue[1] == 0 ? 0 : Math.max(0, now - queue[1]));
                });
    }

    /** Nearest-rank percentile of ascending values; null when there are none. */
    public static Long percentile(List<Long> ascending, double p) {
        if (ascending.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * ascending.size());
        return ascending.get(Math.max(0, rank - 1));
    }

    /** The entries of a conversation after {@code after} (a seq), oldest first, at most {@code limit}. */
    public Uni<List<String>> messages(String conversationId, long after, int limit) {
        return redis.execute(
                        Command.ZRANGEBYSCORE,
                        ChatKeys.messages(conversationId),
                        "(" + after,
                        "+inf",
                        "LIMIT",
                        "0",
                        String.valueOf(limit))
                .map(r -> {
                    List<String> entries = new ArrayList<>();
                    if (r != null) {
                        for (Response e : r) {
                            entries.add(e.toString());
                        }
                    }
                    return entries;
                });
    }

    /**
     * Deletes everything Redis keeps of a shopper's conversations (docs/privacy.md): each conversation,
     * its entries, its place in the queue or with an agent, the rate window, the index itself.
     */
    public Uni<Void> forget(String userId) {
        String index = ChatKeys.shopperConversations(userId);
        return redis.execute(Command.SMEMBERS, index)
                .chain(members -> {
                    List<String> ids = new ArrayList<>();
                    if (members != null) {
                        for (Response m : members) {
                            ids.add(m.toString());
                        }
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String id : ids) {
                        chain = chain.chain(() -> redis.execute(Command.HGET, ChatKeys.conversation(id), "agent")
                                .chain(agent -> {
                                    List<Uni<Response>> steps = new ArrayList<>();
                                    steps.add(redis.execute(Command.ZREM, ChatKeys.queue(), id));
                                    if (agent != null) {
                                        steps.add(
                                                redis.execute(Command.SREM, ChatKeys.agentOpen(agent.toString()), id));
                                    }
                                    steps.add(redis.execute(Command.ZREM, ChatKeys.firstResponses(), id));
                                    // Two commands: the entries are not under the {chat} hash tag (Redis Cluster).
                                    steps.add(redis.execute(Command.DEL, ChatKeys.conversation(id)));
                                    steps.add(redis.execute(Command.DEL, ChatKeys.messages(id)));
                                    return Uni.join().all(steps).andFailFast().replaceWithVoid();
                                }));
                    }
                    return chain;
                })
                .chain(() -> redis.execute(Command.DEL, index, ChatKeys.rate(userId)))
                .replaceWithVoid();
    }

    /** The first-response times kept (ms), ascending: the stats' percentiles. */
    public Uni<List<Long>> firstResponseTimes() {
        return redis.execute(Command.ZRANGE, ChatKeys.firstResponses(), "0", "-1", "WITHSCORES")
                .map(r -> {
                    List<Long> times = new ArrayList<>();
                    if (r != null) {
                        for (String[] pair : pairs(r)) {
                            times.add((long) Double.parseDouble(pair[1]));
                        }
                    }
                    return times;
                });
    }

    /** Member and score of a WITHSCORES answer: pairs under RESP3, a flat list under RESP2. */
    private static List<String[]> pairs(Response r) {
        List<String[]> out = new ArrayList<>();
        if (r.size() == 0) {
            return out;
        }
        if (r.get(0).type() == io.vertx.redis.client.ResponseType.MULTI) {
            for (Response pair : r) {
                out.add(new String[] {pair.get(0).toString(), pair.get(1).toString()});
            }
            return out;
        }
        for (int i = 0; i + 1 < r.size(); i += 2) {
            out.add(new String[] {r.get(i).toString(), r.get(i + 1).toString()});
        }
        return out;
    }

    private static long num(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    }
}
