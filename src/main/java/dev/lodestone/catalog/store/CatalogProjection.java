package dev.lodestone.catalog.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionRetry;
import dev.lodestone.platform.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code catalog-items} into Redis: the item's JSON, and its id in the newest-items indexes
 * (global and per top-level category), moved atomically when the category changes.
 */
@ApplicationScoped
public class CatalogProjection {

    public static final String CHANNEL = "catalog-projection";

    private static final LuaScript UPSERT_OR_DELETE = new LuaScript("""
            local old = redis.call('GET', KEYS[1])
            if old then
              local ok, o = pcall(cjson.decode, old)
              if ok and type(o) == 'table' and type(o.category) == 'string' then
                local top = string.match(o.category, '^[^/]+')
                if top then redis.call('ZREM', KEYS[2] .. ':' .. top, ARGV[1]) end
              end
            end
            if ARGV[2] == '' then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[1])
            else
              redis.call('SET', KEYS[1], ARGV[2])
              redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
              if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2] .. ':' .. ARGV[4], ARGV[3], ARGV[1]) end
            end
            return 1
            """);

    private final ReactiveRedisDataSource redis;

    CatalogProjection(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecord<String, String> record) throws IOException {
        String itemId = record.key();
        if (itemId == null) {
            return Uni.createFrom().voidItem();
        }
        String json = record.value() == null ? "" : record.value();
        String score = String.valueOf(record.timestamp());
        String top = "";
        if (!json.isEmpty()) {
            CatalogItem item = JsonSerde.MAPPER.readValue(json, CatalogItem.class);
            top = item.topCategory() == null ? "" : item.topCategory();
        }
        return ProjectionRetry.untilWritten(UPSERT_OR_DELETE.run(
                        redis,
                        List.of(RedisKeys.catalogItem(itemId), RedisKeys.catalogIndex()),
                        List.of(itemId, json, score, top)))
                .replaceWithVoid();
    }
}
