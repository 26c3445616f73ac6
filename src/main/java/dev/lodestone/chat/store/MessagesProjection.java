package dev.lodestone.chat.store;

import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatEvent;
import dev.lodestone.chat.ChatKeys;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code chat-messages} into Redis: each entry is applied to its conversation's state, queue
 * place, agent and first-response time ({@link Conversations#apply}, the same effects its decision
 * had, so a replay after Redis lost its data rebuilds them), then added to the conversation's bounded,
 * expiring list of entries (the newest {@code lodestone.chat.max-messages-kept}, kept
 * {@code lodestone.chat.retention} after the last one). Every entry counts, so a batch is written in
 * order per conversation, conversations side by side; an entry already there (the decision wrote it, or
 * a redelivery) is left alone, and so is one of a conversation Redis does not keep (expired, or
 * opened before its shopper was forgotten). A write Redis refuses (down, restarting) is retried until it
 * takes it ({@link ProjectionBatch}): each step is idempotent.
 */
@ApplicationScoped
public class MessagesProjection implements RedisProjection {

    public static final String CHANNEL = "chat-messages-projection";
    private static final LuaScript APPEND = LuaScript.load("chat-append-message");

    private final ReactiveRedisDataSource redis;
    private final ChatConfig config;
    private final Conversations conversations;

    MessagesProjection(ReactiveRedisDataSource redis, ChatConfig config, Conversations conversations) {
        this.redis = redis;
        this.config = config;
        this.conversations = conversations;
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, String> records) {
        return ProjectionBatch.inOrderPerKey(records, this::write);
    }

    private Uni<Void> write(ConsumerRecord<String, String> record) {
        if (record.key() == null || record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        ChatEvent event;
        try {
            event = JsonSerde.read(record.value(), ChatEvent.class);
        } catch (RuntimeException e) {
            // Not an entry of ours: nothing to show.
            return Uni.createFrom().voidItem();
        }
        if (event.conversationId() == null || event.at() == null || event.state() == null) {
            return Uni.createFrom().voidItem();
        }
        return conversations.apply(event).chain(kept -> {
            if (!kept) {
                return Uni.createFrom().voidItem();
            }
            return APPEND.run(
                            redis,
                            List.of(ChatKeys.messages(record.key())),
                            List.of(
                                    String.valueOf(event.seq()),
                                    record.value(),
                                    String.valueOf(config.maxMessagesKept()),
                                    // From the entry's time, like the conversation: a replay expires both together.
                                    String.valueOf(event.at().toEpochMilli()
                                            + config.retention().toMillis()
                                            - System.currentTimeMillis())))
                    .chain(() -> conversations.dropEntriesUnlessKept(record.key()));
        });
    }
}
