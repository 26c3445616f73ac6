package dev.lodestone.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Writes the chat's records to its topics; each call completes once the broker acknowledged. */
@ApplicationScoped
public class ChatPublisher {

    public static final String ARTICLES = "kb-articles-out";
    public static final String MESSAGES = "chat-messages-out";
    public static final String RATINGS = "chat-ratings-out";

    private final MutinyEmitter<Record<String, String>> articles;
    private final MutinyEmitter<Record<String, String>> messages;
    private final MutinyEmitter<Record<String, String>> ratings;

    ChatPublisher(
            @Channel(ARTICLES) MutinyEmitter<Record<String, String>> articles,
            @Channel(MESSAGES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
                    MutinyEmitter<Record<String, String>> messages,
            @Channel(RATINGS) MutinyEmitter<Record<String, String>> ratings) {
        this.articles = articles;
        this.messages = messages;
        this.ratings = ratings;
    }

    public Uni<Void> putArticle(KbArticle article) {
        return articles.send(Record.of(article.articleId(), json(article)));
    }

    public Uni<Void> deleteArticle(String articleId) {
        return articles.send(Record.of(articleId, null));
    }

    /** Every event in order (same key, one partition); completes when the broker has all of them. */
    public Uni<Void> send(List<ChatEvent> events) {
        return Uni.join()
                .all(events.stream()
                        .map(e -> messages.send(Record.of(e.conversationId(), json(e))))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    public Uni<Void> rate(ChatRating rating) {
        return ratings.send(Record.of(rating.conversationId(), json(rating)));
    }

    static String json(Object value) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
