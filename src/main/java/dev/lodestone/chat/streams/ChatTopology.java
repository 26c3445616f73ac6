package dev.lodestone.chat.streams;

import dev.lodestone.chat.ChatForgotten;
import dev.lodestone.chat.ChatTopics;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The chat's part of the topology: each request to forget a user becomes a record of
 * {@code chat-forgotten}, keyed by the digest of the shopper key. {@code shopper-forget} keeps its
 * requests 7 days, {@code chat-messages} its entries 30: the chat's own record of who was forgotten
 * lives as long as the entries it must keep out of Redis, so a rebuild on any of those days still
 * leaves them out.
 */
public final class ChatTopology {

    private ChatTopology() {}

    public static void addTo(KStream<String, ForgetRequest> forget) {
        KStream<String, ChatForgotten> forgotten = forget.filter(
                        (key, request) -> request != null
                                && request.requestedAt() != null
                                && request.shopperKey() != null
                                // Chats are opened by signed-in users only: session shoppers have none.
                                && request.shopperKey().startsWith(ShopperEvent.userKey("")),
                        Named.as("chat-forget-users"))
                .map(
                        (key, request) -> {
                            String digest = ForgettableProjection.digest(request.shopperKey());
                            return KeyValue.pair(digest, new ChatForgotten(digest, request.requestedAt()));
                        },
                        Named.as("chat-forget-digest"));
        ChatTopics.CHAT_FORGOTTEN.write(forgotten, "chat-forgotten-sink");
    }
}
