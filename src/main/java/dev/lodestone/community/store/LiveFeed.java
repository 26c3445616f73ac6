package dev.lodestone.community.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live feed of every group on this instance: follows all of {@code community-events} from the end
 * (no consumer group: every instance sees every group) and hands each new message, and each hidden
 * message's id, to the live connections following its group, in the group's order, each once.
 */
@Singleton
public class LiveFeed {

    private final String bootstrapServers;
    private final Map<String, Set<Consumer<String>>> followers = new ConcurrentHashMap<>();
    private TopicFollower follower;

    LiveFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        follower = TopicFollower.start(
                bootstrapServers, CommunityTopics.COMMUNITY_EVENTS.name(), TopicFollower.Start.END, this::onRecord);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    /** Sends the group's live events to {@code sink} until {@link #unfollow}. */
    public void follow(String groupId, Consumer<String> sink) {
        followers.computeIfAbsent(groupId, g -> ConcurrentHashMap.newKeySet()).add(sink);
    }

    public void unfollow(String groupId, Consumer<String> sink) {
        followers.computeIfPresent(groupId, (g, set) -> {
            set.remove(sink);
            return set.isEmpty() ? null : set;
        });
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        Set<Consumer<String>> sinks = followers.get(record.key());
        if (sinks == null || sinks.isEmpty() || record.value() == null) {
            return;
        }
        GroupEvent e = CommunityTopics.COMMUNITY_EVENTS
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value());
        if (e == null || e.type() == null) {
            return;
        }
        ObjectNode out = JsonSerde.MAPPER.createObjectNode();
        out.put("groupId", e.groupId());
        switch (e.type()) {
            case MESSAGE, APPROVED -> {
                if (e.message() == null) {
                    return;
                }
                out.put("type", "message");
                out.put("seq", record.offset());
                ObjectNode message = JsonSerde.MAPPER.valueToTree(e.message());
                message.put("seq", record.offset());
                out.set("message", message);
            }
            case HIDDEN -> {
                out.put("type", "hidden");
                out.put("messageId", e.messageId());
            }
            case REACTION -> {
                out.put("type", "reaction");
                out.put("messageId", e.messageId());
                out.put("reaction", e.reaction());
            }
            default -> {
                return;
            }
        }
        String json = out.toString();
        for (Consumer<String> sink : sinks) {
            sink.accept(json);
        }
    }
}
