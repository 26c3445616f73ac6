package dev.lodestone.chat;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The chat feature's topics. {@code docs/architecture.md} registers each of them. */
public final class ChatTopics {

    /** Knowledge-base articles keyed by article id; compacted, a delete is a tombstone. */
    public static final Topic<String, KbArticle> KB_ARTICLES =
            new Topic<>("kb-articles", Serdes.String(), JsonSerde.of(KbArticle.class), true, Duration.ZERO);

    /**
     * Every message and state change of every conversation, keyed by conversation id: the system of
     * record of conversations (Redis keeps a bounded, expiring projection). Kept 30 days.
     */
    public static final Topic<String, ChatEvent> CHAT_MESSAGES =
            new Topic<>("chat-messages", Serdes.String(), JsonSerde.of(ChatEvent.class), false, Duration.ofDays(30));

    /**
     * Shoppers forgotten by the chat ({@link ChatForgotten}), keyed by the digest of the shopper key;
     * written by {@code ChatTopology} from {@code shopper-forget}. Kept as long as {@link #CHAT_MESSAGES}
     * keeps what came before a forget, so a Redis rebuild within those days still leaves it out.
     */
    public static final Topic<String, ChatForgotten> CHAT_FORGOTTEN = new Topic<>(
            "chat-forgotten", Serdes.String(), JsonSerde.of(ChatForgotten.class), false, CHAT_MESSAGES.retention());

    /** A shopper's rating (1-5) of a resolved conversation, keyed by conversation id; kept 90 days. */
    public static final Topic<String, ChatRating> CHAT_RATINGS =
            new Topic<>("chat-ratings", Serdes.String(), JsonSerde.of(ChatRating.class), false, Duration.ofDays(90));

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(KB_ARTICLES, CHAT_MESSAGES, CHAT_FORGOTTEN, CHAT_RATINGS);

    private ChatTopics() {}
}
