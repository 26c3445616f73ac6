package dev.lodestone.chat.store;

import dev.lodestone.chat.ChatForgotten;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Forgets shoppers in the chat's Redis keys: on each record of {@code chat-forgotten} (a forgotten
 * user's digest and the forget time, {@code ChatTopology}), the conversations the shopper opened before
 * the forget, their entries and their places in the queue and with agents are deleted, and the
 * forgotten marker keeps them from being projected again ({@link Conversations#forget}). Replayed with
 * the other projections, so a rebuilt Redis forgets them too. {@code chat-messages} and
 * {@code chat-ratings} keep what they hold until their retention (30 and 90 days; docs/chat.md).
 */
@ApplicationScoped
public class ChatForgetProjection implements RedisProjection {

    public static final String CHANNEL = "chat-forget";

    private final Conversations conversations;

    ChatForgetProjection(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> forget(ConsumerRecords<String, String> records) {
        // Each forget retried until Redis takes it (they are idempotent): a failed one would stop the channel.
        return ProjectionBatch.inOrderPerKey(records, this::forgetOne);
    }

    private Uni<Void> forgetOne(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        ChatForgotten forgotten;
        try {
            forgotten = JsonSerde.read(record.value(), ChatForgotten.class);
        } catch (RuntimeException e) {
            return Uni.createFrom().voidItem();
        }
        if (forgotten.shopperDigest() == null || forgotten.forgottenAt() == null) {
            return Uni.createFrom().voidItem();
        }
        return conversations.forget(forgotten.shopperDigest(), forgotten.forgottenAt());
    }
}
