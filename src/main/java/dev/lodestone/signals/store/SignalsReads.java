package dev.lodestone.signals.store;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.signals.DailyCounts;
import dev.lodestone.signals.DayRange;
import dev.lodestone.signals.SignalsKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link SignalsProjection} wrote: the one place that knows where the daily series live in Redis. */
@ApplicationScoped
public class SignalsReads {

    private final VersionedProjection projection;

    SignalsReads(ReactiveRedisDataSource redis) {
        this.projection = new VersionedProjection(redis);
    }

    /** The counters of a series for every day of the range, in day order; an empty day counts nothing. */
    public Uni<List<DailyCounts>> daily(String dimension, String value, DayRange range) {
        List<String> days = range.days();
        List<Uni<DailyCounts>> reads = new ArrayList<>(days.size());
        for (String day : days) {
            reads.add(projection
                    .read(SignalsKeys.daily(dimension, value, day))
                    .map(json -> json == null
                            ? DailyCounts.none(dimension, value, day)
                            : JsonSerde.read(json, DailyCounts.class)));
        }
        return Uni.join().all(reads).andFailFast();
    }
}
