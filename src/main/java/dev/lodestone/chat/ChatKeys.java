package dev.lodestone.chat;

import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.shopper.ShopperEvent;

/**
 * The chat feature in Redis. Every key starts with {@link #PREFIX}; {@code docs/architecture.md}
 * registers them. The keys one search or one index update touches share the hash tag {@code {search}},
 * and the keys one conversation decision touches share {@code {chat}}, so each script runs on one
 * node of a Redis Cluster.
 */
public final class ChatKeys {

    /** What every key of this feature starts with. */
    public static final String PREFIX = RedisKeys.PREFIX + "chat:";

    /** The catalog's search index. */
    public static final String ITEMS = "item";
    /** The knowledge base's search index. */
    public static final String KB = "kb";

    private static final String SEARCH = PREFIX + "{search}:";
    /** The hash tag every key of a conversation decision shares. */
    private static final String CHAT_TAG = "chat";

    private static final String CHAT = PREFIX + "{" + CHAT_TAG + "}:";

    /** What every term key of an index starts with; the term follows. */
    public static String termPrefix(String index) {
        return SEARCH + index + ":t:";
    }

    /** Sorted set of an index: per document, its BM25 term weight for {@code term}. */
    public static String term(String index, String term) {
        return termPrefix(index) + term;
    }

    /** Hash of an index: per term, how many documents hold it. */
    public static String documentFrequencies(String index) {
        return SEARCH + index + ":df";
    }

    /** Hash of an index: {@code n} (documents), {@code len} (their terms together). */
    public static String stats(String index) {
        return SEARCH + index + ":stats";
    }

    /** Hash of an index: per document id, its title. */
    public static String titles(String index) {
        return SEARCH + index + ":titles";
    }

    /** String of an index: a document's length and distinct terms ({@code len\tterm\tterm…}), to remove them. */
    public static String document(String index, String docId) {
        return SEARCH + index + ":doc:" + docId;
    }

    /** String: a knowledge-base article's JSON, what the bot answers with. */
    public static String article(String articleId) {
        return PREFIX + "article:" + articleId;
    }

    /** Hash of a conversation: shopper, state, agent, times, sequence; expires with the retention. */
    public static String conversation(String conversationId) {
        return CHAT + "c:" + conversationId;
    }

    /** Sorted set of a conversation's newest entries (JSON), scored by sequence; expires with the retention. */
    public static String messages(String conversationId) {
        return PREFIX + "m:" + conversationId;
    }

    /** Sorted set of waiting conversation ids, scored by hand-over time (oldest first). */
    public static String queue() {
        return CHAT + "queue";
    }

    /** Set of the conversations assigned to an agent (its capacity counts them). */
    public static String agentOpen(String agentId) {
        return CHAT + "agent:" + agentId;
    }

    /**
     * What stands for a shopper in the chat's keys: the digest of its shopper key, so that a forget,
     * which carries only the digest (chat-forgotten), finds them, and no key names the shopper.
     */
    public static String shopperDigest(String userId) {
        return ForgettableProjection.digest(ShopperEvent.userKey(userId));
    }

    /** Set of a shopper's conversation ids (what a forget deletes); expires with the retention. */
    public static String shopperConversations(String shopperDigest) {
        return CHAT + "shopper:" + shopperDigest;
    }

    /** String: a shopper's message count in the current rate window; expires with it. */
    public static String rate(String shopperDigest) {
        return CHAT + "rate:" + shopperDigest;
    }

    /**
     * String: the time (µs) a shopper was forgotten, under the {@code {chat}} tag so the decision script
     * reads it beside the conversation; lives as long as {@code chat-messages} keeps what came before.
     */
    public static String forgotten(String shopperDigest) {
        return ForgettableProjection.markerKey("chat", CHAT_TAG, shopperDigest);
    }

    /** Sorted set of first-response times (ms) by conversation id, for the stats percentiles; expires. */
    public static String firstResponses() {
        return CHAT + "frt";
    }

    private ChatKeys() {}
}
