package dev.lodestone.shopper;

import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.streams.Broadcast;
import java.util.function.BiFunction;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Turns each request to forget a user into a feature's own command on every partition of the
 * feature's command topic: state partitioned by something else than the shopper (a gift, a group, a
 * drop, a lottery) is found there through each partition's index of the shoppers it holds.
 */
public final class ForgetBroadcast {

    private ForgetBroadcast() {}

    /**
     * @param name prefix of the processors' and the sink's names
     * @param command the feature's forget command for a user id and the request
     */
    public static <V> void toEveryPartition(
            KStream<String, ForgetRequest> forget,
            Topic<String, V> topic,
            String name,
            BiFunction<String, ForgetRequest, V> command) {
        String userKey = ShopperEvent.userKey("");
        forget.filter((key, f) -> key != null && key.startsWith(userKey), Named.as(name + "-users"))
                .mapValues((key, f) -> command.apply(key.substring(userKey.length()), f), Named.as(name + "-command"))
                .to(
                        topic.name(),
                        topic.produced()
                                .withStreamPartitioner(Broadcast.everyPartition())
                                .withName(name + "-sink"));
    }
}
