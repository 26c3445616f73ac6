package dev.lodestone.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.chat.store.Conversations;
import dev.lodestone.chat.store.Conversations.Decision;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The steps of a conversation: each is decided in Redis ({@link Conversations}), then written to
 * {@code chat-messages} (the system of record, and the source of the live feed and of the Redis
 * projection); a step answers once the broker acknowledged its entries. A shopper's message while the
 * bot has the conversation gets the bot's answer, and a hand-over when the bot cannot answer.
 */
@ApplicationScoped
public class ChatService {

    private final Conversations conversations;
    private final ChatPublisher publisher;
    private final ChatBot bot;
    private final ChatMetrics metrics;

    ChatService(Conversations conversations, ChatPublisher publisher, ChatBot bot, ChatMetrics metrics) {
        this.conversations = conversations;
        this.publisher = publisher;
        this.bot = bot;
        this.metrics = metrics;
    }

    /** Refreshes the queue gauges from Redis (gauges must not block on a read). */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshQueueGauges() {
        return conversations
                .queueSummary()
                .invoke(q -> metrics.queue(q[0], q[1]))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    /** Opens a conversation for {@code userId}; straight to the queue when {@code human}. */
    public Uni<List<ChatEvent>> open(String userId, boolean human) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        return conversations.open(id, userId, human, now).chain(d -> {
            List<ChatEvent> events = new ArrayList<>();
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("userId", userId);
            events.add(state(id, 1, "bot", now, data));
            if (human) {
                metrics.handedOver("asked");
                events.add(state(id, 2, "waiting", now, null));
            }
            return publisher.send(events).replaceWith(events);
        });
    }

    /** A shopper's message and, while the bot has the conversation, its answer. */
    public Uni<List<ChatEvent>> shopperSays(String conversationId, String userId, String text) {
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        return conversations.shopperMessage(conversationId, userId, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            ChatEvent said = new ChatEvent(
                    conversationId,
                    d.seq(),
                    ChatEvent.MESSAGE,
                    ChatEvent.SHOPPER,
                    userId,
                    text,
                    d.state(),
                    Instant.ofEpochMilli(now),
                    null);
            if (!"bot".equals(d.state())) {
                return publisher.send(List.of(said)).replaceWith(List.of(said));
            }
            return publisher.send(List.of(said)).chain(() -> answer(conversationId, userId, text, said, start));
        });
    }

    private Uni<List<ChatEvent>> answer(String conversationId, String userId, String text, ChatEvent said, long start) {
        return bot.answer(text, userId).chain(answer -> {
            long now = System.currentTimeMillis();
            return conversations
                    .botReply(conversationId, answer.handsOver(), answer.guesses() == null ? "" : answer.guesses(), now)
                    .chain(d -> {
                        refuseUnlessOk(d, conversationId);
                        metrics.answered(System.nanoTime() - start);
                        List<ChatEvent> events = new ArrayList<>();
                        boolean handedOver = "handover".equals(d.a());
                        long seq = handedOver ? d.seq() - 1 : d.seq();
                        events.add(new ChatEvent(
                                conversationId,
                                seq,
                                ChatEvent.MESSAGE,
                                ChatEvent.BOT,
                                null,
                                answer.text(),
                                handedOver ? "bot" : d.state(),
                                Instant.ofEpochMilli(now),
                                answer.data()));
                        if (handedOver) {
                            metrics.handedOver(answer.handOverReason());
                            ObjectNode data = JsonSerde.MAPPER.createObjectNode();
                            data.put("reason", answer.handOverReason());
                            data.set("guesses", JsonSerde.read(answer.guesses(), JsonNode.class));
                            events.add(state(conversationId, d.seq(), "waiting", now, data));
                        }
                        List<ChatEvent> all = new ArrayList<>();
                        all.add(said);
                        all.addAll(events);
                        return publisher.send(events).replaceWith(all);
                    });
        });
    }

    /** The shopper asks for a person without writing to the bot. */
    public Uni<ChatEvent> handOver(String conversationId, String userId) {
        long now = System.currentTimeMillis();
        return conversations.handOver(conversationId, userId, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            metrics.handedOver("asked");
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("reason", "asked");
            return sendOne(state(conversationId, d.seq(), d.state(), now, data));
        });
    }

    /** An agent's reply on a conversation assigned to it. */
    public Uni<ChatEvent> agentSays(String conversationId, String agentId, String text) {
        long now = System.currentTimeMillis();
        return conversations.agentMessage(conversationId, agentId, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            if (!d.a().isEmpty()) {
                metrics.firstResponse(Long.parseLong(d.a()));
            }
            return sendOne(new ChatEvent(
                    conversationId,
                    d.seq(),
                    ChatEvent.MESSAGE,
                    ChatEvent.AGENT,
                    agentId,
                    text,
                    d.state(),
                    Instant.ofEpochMilli(now),
                    null));
        });
    }

    public Uni<ChatEvent> claim(String conversationId, String agentId) {
        long now = System.currentTimeMillis();
        return conversations.claim(conversationId, agentId, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("agentId", agentId);
            return sendOne(state(conversationId, d.seq(), d.state(), now, data));
        });
    }

    /** To {@code toAgent}, or back to the queue (keeping its place) when null. */
    public Uni<ChatEvent> transfer(String conversationId, String agentId, String toAgent) {
        long now = System.currentTimeMillis();
        return conversations.transfer(conversationId, agentId, toAgent, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("from", agentId);
            if (toAgent != null) {
                data.put("agentId", toAgent);
            }
            return sendOne(state(conversationId, d.seq(), d.state(), now, data));
        });
    }

    public Uni<ChatEvent> resolve(String conversationId, String actorId, boolean byAgent) {
        long now = System.currentTimeMillis();
        return conversations.resolve(conversationId, actorId, byAgent, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            metrics.resolved(Long.parseLong(d.a()), now, d.b().isEmpty());
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("by", byAgent ? "agent" : "shopper");
            if (!d.agent().isEmpty()) {
                // The agent whose open conversations it leaves, for a replay to release it too.
                data.put("agentId", d.agent());
            }
            return sendOne(state(conversationId, d.seq(), d.state(), now, data));
        });
    }

    public Uni<ChatEvent> reopen(String conversationId, String userId) {
        long now = System.currentTimeMillis();
        return conversations.reopen(conversationId, userId, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            return sendOne(state(conversationId, d.seq(), d.state(), now, null));
        });
    }

    public Uni<ChatRating> rate(String conversationId, String userId, int rating) {
        long now = System.currentTimeMillis();
        return conversations.rate(conversationId, userId, rating, now).chain(d -> {
            refuseUnlessOk(d, conversationId);
            String agent = d.agent().isEmpty() ? null : d.agent();
            ChatRating r = new ChatRating(conversationId, userId, agent, rating, Instant.ofEpochMilli(now));
            ObjectNode data = JsonSerde.MAPPER.createObjectNode().put("rating", rating);
            // On the record too, so a rebuild of the conversation from chat-messages has its rating.
            return sendOne(state(conversationId, d.seq(), d.state(), now, data))
                    .chain(() -> publisher.rate(r))
                    .replaceWith(r);
        });
    }

    private Uni<ChatEvent> sendOne(ChatEvent event) {
        return publisher.send(List.of(event)).replaceWith(event);
    }

    private static ChatEvent state(String id, long seq, String state, long now, JsonNode data) {
        return new ChatEvent(
                id, seq, ChatEvent.STATE, ChatEvent.SYSTEM, null, null, state, Instant.ofEpochMilli(now), data);
    }

    /** Maps a refusal of the decision script to the client's answer. */
    static void refuseUnlessOk(Decision d, String conversationId) {
        switch (d.code()) {
            case "ok" -> {}
            case "not_found" -> throw ApiException.notFound("conversation", conversationId);
            case "forbidden" -> throw ApiException.forbidden("this conversation belongs to another shopper");
            case "not_yours" ->
                throw new ApiException(
                        409, "not_your_conversation", "the conversation is not assigned to you (" + d.state() + ")");
            case "state" ->
                throw new ApiException(409, "conversation_state", "not allowed while the conversation is " + d.state());
            case "capacity" ->
                throw new ApiException(409, "agent_at_capacity", "the agent holds as many conversations as allowed");
            case "rated" -> throw new ApiException(409, "already_rated", "the conversation was rated already");
            case "rate" ->
                throw ApiException.rateLimited(
                        "too many messages; wait before sending more",
                        Math.max(1, (Long.parseLong(d.b()) + 999) / 1000));
            default -> throw new IllegalStateException("unexpected decision " + d.code());
        }
    }
}
