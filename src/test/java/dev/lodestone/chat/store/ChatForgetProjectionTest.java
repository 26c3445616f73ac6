package dev.lodestone.chat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.chat.ChatForgotten;
import dev.lodestone.platform.kafka.JsonSerde;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A forget Redis refuses (down, restarting) is tried again until it takes it: a failed batch would
 * stop the channel for good, and a rebuild of the read models would wait for it forever.
 */
class ChatForgetProjectionTest {

    /** Fails its first calls as a Redis that is down would, then forgets. */
    private static final class FlakyConversations extends Conversations {
        private final AtomicInteger calls = new AtomicInteger();
        private final int failures;

        FlakyConversations(int failures) {
            super(null, null);
            this.failures = failures;
        }

        @Override
        public Uni<Void> forget(String shopperDigest, Instant forgottenAt) {
            if (calls.incrementAndGet() <= failures) {
                return Uni.createFrom().failure(new IllegalStateException("Connection refused"));
            }
            return Uni.createFrom().voidItem();
        }
    }

    @Test
    void shouldForgetOnceRedisTakesTheWriteAgainInsteadOfFailingTheBatch() {
        FlakyConversations conversations = new FlakyConversations(3);
        ChatForgetProjection projection = new ChatForgetProjection(conversations);
        TopicPartition partition = new TopicPartition("chat-forgotten", 0);
        String value = JsonSerde.write(new ChatForgotten("digest-1", Instant.parse("2026-12-04T00:00:00Z")));
        ConsumerRecords<String, String> records = new ConsumerRecords<>(
                Map.of(partition, List.of(new ConsumerRecord<>("chat-forgotten", 0, 0L, "digest-1", value))));

        projection.forget(records).await().atMost(Duration.ofMinutes(1));

        assertEquals(4, conversations.calls.get(), "three refused forgets, then the one Redis took");
    }
}
