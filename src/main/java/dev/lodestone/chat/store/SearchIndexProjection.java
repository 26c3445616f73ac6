package dev.lodestone.chat.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.chat.ChatConfig;
import dev.lodestone.chat.ChatKeys;
import dev.lodestone.chat.KbArticle;
import dev.lodestone.chat.SearchDocument;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the chat's two search indexes in Redis: every change on {@code catalog-items} and
 * {@code kb-articles} re-analyses the document and replaces it in its index in one script (old terms
 * out, new terms in with their BM25 weights, document frequencies, N and the total length in step).
 *
 * <p>A projection rather than a Kafka Streams processor: the analysis needs no state but the
 * document's previous terms, which the index itself keeps beside it, and {@code catalog-items} is
 * already the source of the topology's global catalog table (a topic has one source in a topology).
 * Replaying a record is harmless: the document is replaced by the same terms.
 */
@ApplicationScoped
public class SearchIndexProjection implements RedisProjection {

    public static final String CATALOG_CHANNEL = "chat-search-catalog";
    public static final String KB_CHANNEL = "chat-search-kb";
    private static final LuaScript INDEX = LuaScript.load("chat-index-document");
    private static final int ATTEMPTS = 20;

    private final ReactiveRedisDataSource redis;
    private final ChatConfig config;

    SearchIndexProjection(ReactiveRedisDataSource redis, ChatConfig config) {
        this.redis = redis;
        this.config = config;
    }

    @Override
    public List<String> channels() {
        return List.of(CATALOG_CHANNEL, KB_CHANNEL);
    }

    @Incoming(CATALOG_CHANNEL)
    public Uni<Void> projectCatalog(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, record -> {
            SearchDocument doc = record.value() == null
                    ? null
                    : SearchDocument.of(
                            JsonSerde.read(record.value(), CatalogItem.class).withIdAndTime(record.key(), null));
            return replace(ChatKeys.ITEMS, record.key(), doc);
        });
    }

    @Incoming(KB_CHANNEL)
    public Uni<Void> projectArticles(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, (ConsumerRecord<String, String> record) -> {
            SearchDocument doc = null;
            Uni<?> stored;
            String key = ChatKeys.article(record.key());
            if (record.value() != null) {
                KbArticle a = JsonSerde.read(record.value(), KbArticle.class);
                doc = SearchDocument.of(new KbArticle(record.key(), a.title(), a.body(), a.tags(), a.updatedAt()));
                stored = redis.execute(Command.SET, key, record.value());
            } else {
                stored = redis.execute(Command.DEL, key);
            }
            SearchDocument indexed = doc;
            return stored.chain(() -> replace(ChatKeys.KB, record.key(), indexed));
        });
    }

    /** Replaces (or, for null, deletes) a document; retries when another write moved it in between. */
    public Uni<Void> replace(String index, String docId, SearchDocument doc) {
        return attempt(index, docId, doc, ATTEMPTS);
    }

    /**
     * BM25's length norm {@code k1·(1 − b + b·len/avglen)} against the configured reference length rather
     * than the index's running average: a term weight then depends on its document alone, so rebuilding
     * the index from the topic, in whatever order, writes the very same weights.
     */
    private double lengthNorm(SearchDocument doc) {
        int length = doc == null ? 0 : doc.length();
        double b = config.bm25B();
        return config.bm25K1() * (1 - b + b * length / config.bm25AverageLength());
    }

    private Uni<Void> attempt(String index, String docId, SearchDocument doc, int left) {
        String docKey = ChatKeys.document(index, docId);
        return redis.execute(Command.GET, docKey).chain(response -> {
            String stored = response == null ? "" : response.toString();
            Set<String> termKeys = new LinkedHashSet<>();
            String[] parts = stored.split("\t");
            for (int i = 1; i < parts.length; i++) {
                termKeys.add(ChatKeys.term(index, parts[i]));
            }
            List<String> args = new ArrayList<>();
            args.add(docId);
            args.add(stored);
            args.add(ChatKeys.termPrefix(index));
            args.add(String.valueOf(config.bm25K1()));
            args.add(String.valueOf(lengthNorm(doc)));
            if (doc == null || doc.length() == 0) {
                args.add("");
                args.add("0");
            } else {
                args.add(doc.title() == null || doc.title().isEmpty() ? docId : doc.title());
                args.add(String.valueOf(doc.length()));
                for (Map.Entry<String, Integer> e : doc.termFrequencies().entrySet()) {
                    termKeys.add(ChatKeys.term(index, e.getKey()));
                    args.add(e.getKey());
                    args.add(String.valueOf(e.getValue()));
                }
            }
            List<String> keys = new ArrayList<>(4 + termKeys.size());
            keys.add(docKey);
            keys.add(ChatKeys.documentFrequencies(index));
            keys.add(ChatKeys.stats(index));
            keys.add(ChatKeys.titles(index));
            keys.addAll(termKeys);
            return INDEX.run(redis, keys, args).chain(result -> {
                if (result.toInteger() == 1) {
                    return Uni.createFrom().voidItem();
                }
                if (left <= 1) {
                    return Uni.createFrom()
                            .failure(new IllegalStateException("document " + docId + " kept changing under the index"));
                }
                return attempt(index, docId, doc, left - 1);
            });
        });
    }
}
