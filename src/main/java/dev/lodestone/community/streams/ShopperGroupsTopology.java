package dev.lodestone.community.streams;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.RequestIds;
import dev.lodestone.shopper.ForgetBroadcast;
import dev.lodestone.shopper.ForgetRequest;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Forgetting a shopper in groups. Groups live on the partitions of {@code community-events} (keyed by
 * group), the forget comes keyed by shopper: each forget becomes one {@code FORGET_SHOPPER} on every
 * partition of {@code community-events}, and each partition's index of which shoppers appear in which
 * of its groups turns it into one {@code FORGOTTEN} event per group, in the group's own log. The
 * projection applies it in the group's order like any other event, so a replay or a Redis rebuild
 * comes to the same read model, and an older record delivered late can no longer bring the shopper
 * back (the group's offset fence skips it).
 */
public final class ShopperGroupsTopology {

    /** {@code u:<userId>,<groupId>} → "" for each shopper who appears in a group of this partition. */
    public static final String SHOPPER_GROUP_STORE = "community-shopper-group-store";

    static final String INDEX = "community-shopper-groups";

    private ShopperGroupsTopology() {}

    /** @param forget requests to forget a shopper, keyed by shopper key */
    public static void addTo(StreamsBuilder builder, KStream<String, ForgetRequest> forget, StoreKind stores) {
        builder.addStateStore(stores.jsonKeyValue(SHOPPER_GROUP_STORE, String.class));
        ForgetBroadcast.toEveryPartition(
                forget,
                CommunityTopics.COMMUNITY_EVENTS,
                "community-forget",
                (userId, f) -> GroupEvent.of(
                        GroupEvent.Type.FORGET_SHOPPER,
                        "forget-" + RequestIds.fingerprint(userId, String.valueOf(f.requestedAt())),
                        null,
                        userId,
                        f.requestedAt()));
        CommunityTopics.COMMUNITY_EVENTS.write(
                builder.stream(CommunityTopics.COMMUNITY_EVENTS.name(), CommunityTopics.COMMUNITY_EVENTS.consumed())
                        .process(ShopperGroupsProcessor::new, Named.as(INDEX), SHOPPER_GROUP_STORE),
                "community-forgotten-sink");
    }
}
