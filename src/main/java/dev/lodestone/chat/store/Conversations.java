package dev.lodestone.chat.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatEvent;
import dev.lodestone.chat.ChatKeys;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.EventTime;
import dev.lodestone.platform.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where conversations are decided, projected and read back. Every step (open, a message, hand-over,
 * claim, transfer, resolve, reopen, rating) runs {@code chat-decide.lua}, which holds every rule and
 * runs one at a time in Redis: of 20 agents claiming one waiting conversation exactly one sees
 * {@code ok}. The caller then writes the decided entries to {@code chat-messages}, the system of
 * record, and {@link #apply} applies each entry read back from it with the same effects, so Redis
 * rebuilt from the topic holds the same conversations.
 */
@ApplicationScoped
public class Conversations {

    private static final LuaScript DECIDE = LuaScript.load("chat-decide");
    private static final LuaScript FORGET = LuaScript.load("chat-forget");

    /**
     * What the script decided: {@code code} is {@code ok} or the refusal; entries {@code seq-n+1..seq}
     * are new; {@code agent} the conversation's assigned agent ('' for none).
     */
    public record Decision(String code, long seq, String state, String a, String b, String agent) {
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
        return decide("open", conversationId, userId, now, Parties.shopper(userId), human ? "1" : "0");
    }

    public Uni<Decision> shopperMessage(String conversationId, String userId, long now) {
        return decide(
                "shopper",
                conversationId,
                userId,
                now,
                Parties.shopper(userId),
                String.valueOf(config.rateMessages()),
                String.valueOf(config.rateWindow().toMillis()));
    }

    public Uni<Decision> botReply(String conversationId, boolean handOver, String guesses, long now) {
        return decide("bot", conversationId, "", now, Parties.NONE, handOver ? "1" : "0", guesses);
    }

    public Uni<Decision> handOver(String conversationId, String userId, long now) {
        return decide("handover", conversationId, userId, now, Parties.NONE);
    }

    public Uni<Decision> agentMessage(String conversationId, String agentId, long now) {
        return decide("agent", conversationId, agentId, now, Parties.agents(agentId, null));
    }

    public Uni<Decision> claim(String conversationId, String agentId, long now) {
        return decide(
                "claim",
                conversationId,
                agentId,
                now,
                Parties.agents(agentId, null),
                String.valueOf(config.agentCapacity()));
    }

    /** To another agent, or back to the queue at its place when {@code toAgent} is null. */
    public Uni<Decision> transfer(String conversationId, String agentId, String toAgent, long now) {
        return decide(
                "transfer",
                conversationId,
                agentId,
                now,
                Parties.agents(agentId, toAgent),
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
                            Parties.agents(assigned.isEmpty() ? null : assigned, null),
                            byAgent ? "agent" : "shopper",
                            assigned);
                })
                .chain(d -> "stale".equals(d.code())
                        ? resolve(conversationId, actorId, byAgent, now)
                        : Uni.createFrom().item(d));
    }

    public Uni<Decision> reopen(String conversationId, String userId, long now) {
        return decide("reopen", conversationId, userId, now, Parties.NONE);
    }

    public Uni<Decision> rate(String conversationId, String userId, int rating, long now) {
        return decide("rate", conversationId, userId, now, Parties.NONE, String.valueOf(rating));
    }

    /**
     * Applies one entry of {@code chat-messages} to the conversation's state, its queue place, its agent
     * and the first-response times, exactly as its decision did; nothing when Redis has it already (its
     * {@code seq}), when the conversation is unknown (expired, or forgotten) or when it was opened before
     * its shopper was forgotten. Answers whether the entry belongs to a conversation Redis keeps.
     */
    Uni<Boolean> apply(ChatEvent event) {
        Change change = Change.of(event);
        JsonNode data = event.data() == null ? JsonSerde.MAPPER.createObjectNode() : event.data();
        String user = data.path("userId").asText("");
        String agent = data.path("agentId").asText(null);
        String from = data.path("from").asText(null);
        Parties parties = switch (change) {
            case OPEN -> Parties.shopper(user);
            case CLAIM, RESOLVE -> Parties.agents(agent, null);
            case TRANSFER, REQUEUE -> Parties.agents(from, agent);
            default -> Parties.NONE;
        };
        String detail = switch (change) {
            case QUEUE -> data.has("guesses") ? data.get("guesses").toString() : "";
            case RATE -> data.path("rating").asText("");
            default -> "";
        };
        return decide(
                        "apply",
                        event.conversationId(),
                        "",
                        event.at().toEpochMilli(),
                        parties,
                        String.valueOf(event.seq()),
                        change.wire(),
                        change == Change.OPEN ? user : agent == null ? "" : agent,
                        detail)
                .map(d -> "applied".equals(d.code()) || "known".equals(d.code()));
    }

    /** What an entry of {@code chat-messages} changes, told from its kind, state and data. */
    enum Change {
        OPEN,
        MESSAGE,
        QUEUE,
        REQUEUE,
        CLAIM,
        TRANSFER,
        REPLY,
        RESOLVE,
        REOPEN,
        RATE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Change of(ChatEvent e) {
            if (!ChatEvent.STATE.equals(e.kind())) {
                return ChatEvent.AGENT.equals(e.from()) ? REPLY : MESSAGE;
            }
            JsonNode data = e.data();
            boolean transferred = data != null && data.has("from");
            return switch (e.state()) {
                case "bot" -> e.seq() == 1 ? OPEN : REOPEN;
                case "waiting" -> transferred ? REQUEUE : QUEUE;
                case "assigned" -> transferred ? TRANSFER : CLAIM;
                case "resolved" -> data != null && data.has("rating") ? RATE : RESOLVE;
                default -> MESSAGE;
            };
        }
    }

    /**
     * Who a step names besides the conversation, as the script's keys: the shopper (its conversations,
     * rate window and forgotten marker) and up to two agents' open sets. A key a step does not use is
     * the conversation's own; the script leaves it alone.
     */
    private record Parties(String shopperDigest, String agent, String target) {
        static final Parties NONE = new Parties(null, null, null);

        static Parties shopper(String userId) {
            return new Parties(ChatKeys.shopperDigest(userId), null, null);
        }

        static Parties agents(String agent, String target) {
            return new Parties(null, agent, target);
        }

        List<String> keys(String conversationId) {
            String conversation = ChatKeys.conversation(conversationId);
            return List.of(
                    conversation,
                    ChatKeys.queue(),
                    ChatKeys.firstResponses(),
                    shopperDigest == null ? conversation : ChatKeys.shopperConversations(shopperDigest),
                    agent == null ? conversation : ChatKeys.agentOpen(agent),
                    target == null ? conversation : ChatKeys.agentOpen(target),
                    shopperDigest == null ? conversation : ChatKeys.rate(shopperDigest),
                    shopperDigest == null ? conversation : ChatKeys.forgotten(shopperDigest));
        }
    }

    private Uni<Decision> decide(
            String action, String conversationId, String actor, long now, Parties parties, String... more) {
        List<String> args = new ArrayList<>(5 + more.length);
        args.add(action);
        args.add(actor);
        args.add(String.valueOf(now));
        args.add(String.valueOf(config.retention().toMillis()));
        args.add(conversationId);
        args.addAll(List.of(more));
        return DECIDE.run(redis, parties.keys(conversationId), args)
                .map(r -> new Decision(
                        r.get(0).toString(),
                        r.get(1).toLong(),
                        r.get(2).toString(),
                        r.get(3).toString(),
                        r.get(4).toString(),
                        r.get(5).toString()));
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
     * Forgets a shopper (docs/privacy.md): leaves its forgotten marker, then deletes each conversation
     * it opened before {@code forgottenAt}, its entries, its place in the queue or with an agent, and
     * the rate window. The marker lives the retention after the forget, as long as {@code chat-messages}
     * holds entries from before it, so neither a late entry nor a replay brings a conversation back.
     */
    public Uni<Void> forget(String shopperDigest, Instant forgottenAt) {
        long micros = EventTime.micros(forgottenAt);
        long markerUntil = forgottenAt.plus(config.retention()).toEpochMilli();
        return forgetOne(shopperDigest, micros, markerUntil, "")
                .chain(() -> redis.execute(Command.SMEMBERS, ChatKeys.shopperConversations(shopperDigest)))
                .chain(members -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    if (members != null) {
                        for (Response m : members) {
                            String id = m.toString();
                            chain = chain.chain(() -> forgetOne(shopperDigest, micros, markerUntil, id));
                        }
                    }
                    return chain;
                });
    }

    private Uni<Void> forgetOne(String shopperDigest, long micros, long markerUntil, String conversationId) {
        Uni<Response> agent = conversationId.isEmpty()
                ? Uni.createFrom().nullItem()
                : redis.execute(Command.HGET, ChatKeys.conversation(conversationId), "agent");
        return agent.chain(a -> {
            String assigned = a == null ? "" : a.toString();
            String conversation = ChatKeys.conversation(conversationId);
            return FORGET.run(
                            redis,
                            List.of(
                                    ChatKeys.forgotten(shopperDigest),
                                    ChatKeys.shopperConversations(shopperDigest),
                                    conversation,
                                    ChatKeys.queue(),
                                    ChatKeys.firstResponses(),
                                    assigned.isEmpty() ? conversation : ChatKeys.agentOpen(assigned),
                                    ChatKeys.rate(shopperDigest)),
                            List.of(String.valueOf(micros), String.valueOf(markerUntil), conversationId, assigned))
                    .chain(r -> switch (r.toString()) {
                        case "stale" -> forgetOne(shopperDigest, micros, markerUntil, conversationId);
                        // A command of its own: the entries are not under the {chat} hash tag (Redis Cluster).
                        case "deleted" ->
                            redis.execute(Command.DEL, ChatKeys.messages(conversationId))
                                    .replaceWithVoid();
                        default -> Uni.createFrom().voidItem();
                    });
        });
    }

    /**
     * Deletes the entries of a conversation Redis no longer keeps (forgotten while they were being
     * written): the entries and the conversation are under different hash tags, so one script cannot
     * check and write both.
     */
    Uni<Void> dropEntriesUnlessKept(String conversationId) {
        return redis.execute(Command.EXISTS, ChatKeys.conversation(conversationId))
                .chain(r -> r.toInteger() == 1
                        ? Uni.createFrom().voidItem()
                        : redis.execute(Command.DEL, ChatKeys.messages(conversationId))
                                .replaceWithVoid());
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
