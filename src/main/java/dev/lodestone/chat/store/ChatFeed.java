package dev.lodestone.chat.store;

import dev.lodestone.chat.ChatTopics;
import dev.lodestone.platform.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live delivery: every instance follows {@code chat-messages} from its end with a group-less consumer
 * and hands each entry (its JSON) to the listeners of its conversation on this instance, the open
 * WebSockets. Whichever instance decided an entry, every connected shopper and agent sees it.
 */
@Singleton
public class ChatFeed {

    private final String bootstrapServers;
    private final Map<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private TopicFollower follower;

    ChatFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        follower = TopicFollower.start(
                bootstrapServers, ChatTopics.CHAT_MESSAGES.name(), TopicFollower.Start.END, this::deliver);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Set<Consumer<String>> set = listeners.get(record.key());
        if (set == null) {
            return;
        }
        String json = new String(record.value(), StandardCharsets.UTF_8);
        for (Consumer<String> listener : set) {
            listener.accept(json);
        }
    }

    /** Calls {@code listener} with each new entry of the conversation until {@link #unsubscribe}. */
    public void subscribe(String conversationId, Consumer<String> listener) {
        listeners
                .computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet())
                .add(listener);
    }

    public void unsubscribe(String conversationId, Consumer<String> listener) {
        listeners.computeIfPresent(conversationId, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** True once the follower is assigned and reading. */
    public boolean following() {
        return follower != null && follower.caughtUp();
    }
}
