package dev.lodestone.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat's meters, {@code lodestone.chat.*} (docs/metrics.md, docs/chat.md define each):
 * {@code first.response} (from hand-over, or creation when never with the bot, to the first human
 * reply), {@code resolution} (creation to resolve), {@code resolved{by=bot|agent}} and the
 * {@code bot.only.share} of resolved conversations, {@code queue.length} and {@code queue.oldest.wait}
 * (seconds; refreshed from Redis every few seconds), {@code answer.latency} (a shopper message to the
 * bot's reply decided), {@code handovers{reason}}.
 */
@Singleton
public class ChatMetrics {

    public static final String FIRST_RESPONSE = "lodestone.chat.first.response";
    public static final String RESOLUTION = "lodestone.chat.resolution";
    public static final String RESOLVED = "lodestone.chat.resolved";
    public static final String BOT_ONLY_SHARE = "lodestone.chat.bot.only.share";
    public static final String QUEUE_LENGTH = "lodestone.chat.queue.length";
    public static final String QUEUE_OLDEST_WAIT = "lodestone.chat.queue.oldest.wait";
    public static final String ANSWER_LATENCY = "lodestone.chat.answer.latency";
    public static final String HANDOVERS = "lodestone.chat.handovers";

    private final MeterRegistry registry;
    private final Timer firstResponse;
    private final Timer resolution;
    private final Counter resolvedByBot;
    private final Counter resolvedByAgent;
    private final Timer answerLatency;
    private final AtomicLong queueLength = new AtomicLong();
    private final AtomicLong oldestWaitingSince = new AtomicLong();

    ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstResponse = Timer.builder(FIRST_RESPONSE)
                .description("From hand-over (or creation, when never with the bot) to the first agent reply")
                .publishPercentiles(0.5, 0.9)
                .register(registry);
        this.resolution = Timer.builder(RESOLUTION)
                .description("From a conversation's creation to its resolution")
                .publishPercentiles(0.5, 0.9)
                .register(registry);
        this.resolvedByBot = Counter.builder(RESOLVED)
                .description("Conversations resolved, by whether an agent took part")
                .tag("by", "bot")
                .register(registry);
        this.resolvedByAgent = Counter.builder(RESOLVED)
                .description("Conversations resolved, by whether an agent took part")
                .tag("by", "agent")
                .register(registry);
        Gauge.builder(BOT_ONLY_SHARE, this, ChatMetrics::botOnlyShare)
                .description("Share of the conversations resolved by this instance that the bot served alone")
                .register(registry);
        Gauge.builder(QUEUE_LENGTH, queueLength, AtomicLong::get)
                .description("Conversations waiting for an agent")
                .register(registry);
        Gauge.builder(QUEUE_OLDEST_WAIT, this, ChatMetrics::oldestWaitSeconds)
                .description("How long the oldest waiting conversation has waited, seconds")
                .baseUnit("seconds")
                .register(registry);
        this.answerLatency = Timer.builder(ANSWER_LATENCY)
                .description("From a shopper message received to the bot's answer decided")
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry);
        for (String reason : new String[] {"asked", "low_confidence", "no_answer"}) {
            handovers(reason);
        }
    }

    public void firstResponse(long millis) {
        firstResponse.record(Duration.ofMillis(millis));
    }

    public void resolved(long createdAt, long resolvedAt, boolean botOnly) {
        resolution.record(Duration.ofMillis(Math.max(0, resolvedAt - createdAt)));
        (botOnly ? resolvedByBot : resolvedByAgent).increment();
    }

    public void answered(long nanos) {
        answerLatency.record(Duration.ofNanos(nanos));
    }

    /** {@code asked}, {@code low_confidence} or {@code no_answer}. */
    public void handedOver(String reason) {
        handovers(reason).increment();
    }

    private Counter handovers(String reason) {
        return Counter.builder(HANDOVERS)
                .description("Conversations handed to the agents, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    public void queue(long length, long oldestSince) {
        queueLength.set(length);
        oldestWaitingSince.set(oldestSince);
    }

    private double botOnlyShare() {
        double all = resolvedByBot.count() + resolvedByAgent.count();
        return all == 0 ? 0 : resolvedByBot.count() / all;
    }

    private double oldestWaitSeconds() {
        long since = oldestWaitingSince.get();
        return since == 0 ? 0 : Math.max(0, System.currentTimeMillis() - since) / 1000.0;
    }
}
