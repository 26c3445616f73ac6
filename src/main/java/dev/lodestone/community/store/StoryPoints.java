package dev.lodestone.community.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.Message;
import dev.lodestone.ingest.EventPublisher;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsKeys;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.points.RequestIds;
import dev.lodestone.points.store.PointsGateway;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Points for usage stories, through the ledger's own rules: a published story is a {@code share} event
 * of its author (event id {@code story-<messageId>}, so the ledger's de-duplication credits it once,
 * under the share rule's points, campaigns and daily cap); a story hidden by a moderator takes back what
 * that event earned with a ledger debit whose request id is derived from the message (once, however
 * often it is hidden).
 */
@Singleton
public class StoryPoints {

    private final EventPublisher events;
    private final PointsGateway gateway;
    private final ReactiveRedisDataSource redis;

    StoryPoints(EventPublisher events, PointsGateway gateway, ReactiveRedisDataSource redis) {
        this.events = events;
        this.gateway = gateway;
        this.redis = redis;
    }

    public static String eventId(String messageId) {
        return "story-" + messageId;
    }

    /** Publishes the story's share event; emits once the broker acknowledged it. */
    public Uni<Void> earn(Message story, Instant at) {
        ShopperEvent share = ShopperEvent.onItem(
                eventId(story.messageId()),
                EventType.SHARE,
                story.userId(),
                null,
                story.itemId(),
                at,
                Map.of("source", "community-story", "groupId", story.groupId()),
                at);
        return events.publish(List.of(share));
    }

    /**
     * Takes back what the story earned, when its entry is in the author's served history (the newest
     * 1,000 entries): a debit of that amount, refused by the ledger when the balance no longer covers it.
     */
    public Uni<Void> reverse(Message story, Instant at) {
        String source = eventId(story.messageId());
        return redis.sortedSet(String.class)
                .zrange(PointsKeys.pointsHistory(story.userId()), 0, -1)
                .map(entries -> {
                    for (String json : entries) {
                        JsonNode e = JsonSerde.read(json, JsonNode.class);
                        if (source.equals(e.path("source").asText())
                                && e.path("amount").asLong() > 0) {
                            return e.path("amount").asLong();
                        }
                    }
                    return 0L;
                })
                .chain(points -> {
                    if (points <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String requestId = RequestIds.redemption(story.userId(), "story-reversal-" + story.messageId());
                    PointsCommand debit = new PointsCommand(
                            PointsCommand.Type.REDEEM,
                            requestId,
                            story.userId(),
                            points,
                            "story hidden by moderation",
                            RequestIds.fingerprint(String.valueOf(points), "story hidden by moderation"),
                            null,
                            at);
                    return gateway.send(PointsTopics.POINTS_COMMANDS, ShopperEvent.userKey(story.userId()), debit);
                });
    }
}
