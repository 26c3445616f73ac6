package dev.lodestone.chat.store;

import dev.lodestone.chat.ChatKeys;
import dev.lodestone.chat.SearchDocument;
import dev.lodestone.platform.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Searches the chat's indexes in Redis: one script, one round trip per query. */
@ApplicationScoped
public class SearchIndex {

    private static final LuaScript SEARCH = LuaScript.load("chat-search");

    /** A document found, with its BM25 score. */
    public record Hit(String id, String title, double score) {}

    private final ReactiveRedisDataSource redis;

    SearchIndex(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The best {@code limit} documents of {@code index} ({@link ChatKeys#ITEMS} or {@link ChatKeys#KB}). */
    public Uni<List<Hit>> search(String index, String query, int limit) {
        return searchTerms(index, SearchDocument.queryTerms(query), limit);
    }

    /** {@link #search} with the query's distinct terms already taken ({@link SearchDocument#queryTerms}). */
    public Uni<List<Hit>> searchTerms(String index, List<String> terms, int limit) {
        if (terms.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> keys = new ArrayList<>(3 + terms.size());
        keys.add(ChatKeys.documentFrequencies(index));
        keys.add(ChatKeys.stats(index));
        keys.add(ChatKeys.titles(index));
        List<String> args = new ArrayList<>(1 + terms.size());
        args.add(String.valueOf(limit));
        for (String term : terms) {
            keys.add(ChatKeys.term(index, term));
            args.add(term);
        }
        return SEARCH.run(redis, keys, args).map(SearchIndex::hits);
    }

    private static List<Hit> hits(Response response) {
        List<Hit> hits = new ArrayList<>();
        if (response == null) {
            return hits;
        }
        for (int i = 0; i + 2 < response.size(); i += 3) {
            hits.add(new Hit(
                    response.get(i).toString(),
                    response.get(i + 2).toString(),
                    Double.parseDouble(response.get(i + 1).toString())));
        }
        return hits;
    }
}
