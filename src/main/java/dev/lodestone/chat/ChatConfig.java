package dev.lodestone.chat;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Customer-service chat. Unremovable: the engine looks it up by type ({@code EngineConfig}), no bean injects it. */
@ConfigMapping(prefix = "lodestone.chat")
@Unremovable
public interface ChatConfig {
    /** How long a conversation and its messages stay in Redis after its last entry. */
    @WithDefault("P30D")
    Duration retention();

    /** The newest messages of a conversation Redis keeps; older ones stay on the topic only. */
    @WithDefault("500")
    int maxMessagesKept();

    /** Longest message text, in UTF-8 bytes. */
    @WithDefault("10240")
    int maxMessageBytes();

    /** Messages a shopper may post in {@link #rateWindow()} (all its conversations together). */
    @WithDefault("10")
    int rateMessages();

    /** The window of {@link #rateMessages()}. */
    @WithDefault("PT10S")
    Duration rateWindow();

    /** Most conversations an agent holds open (assigned) at once. */
    @WithDefault("5")
    int agentCapacity();

    /** Below this posterior of the best intent the bot hands the conversation to the agents. */
    @WithDefault("0.45")
    double confidenceFloor();

    /** When the best intent leads the runner-up by less than this, the bot hands over. */
    @WithDefault("0.1")
    double confidenceMargin();

    /** Least BM25 score of the best catalog or article hit the bot answers with. */
    @WithDefault("1.0")
    double minSearchScore();

    /** BM25 term-frequency saturation. */
    @WithDefault("1.2")
    double bm25K1();

    /** BM25 length normalisation. */
    @WithDefault("0.75")
    double bm25B();

    /**
     * The document length (in terms) BM25 normalises against: a fixed reference instead of the running
     * average, so every weight is a function of its document alone and a rebuild reproduces it.
     */
    @WithDefault("40")
    double bm25AverageLength();
}
