package dev.lodestone.dashboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.dashboard.DashboardConfig;
import dev.lodestone.dashboard.DashboardKeys;
import dev.lodestone.dashboard.DashboardMetrics;
import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.dashboard.DashboardSnapshot;
import dev.lodestone.experiments.Experiment;
import dev.lodestone.experiments.ExperimentResults;
import dev.lodestone.experiments.ExperimentsConfig;
import dev.lodestone.experiments.store.ExperimentReads;
import dev.lodestone.experiments.store.ExperimentRegistry;
import dev.lodestone.platform.dashboard.DashboardPanel;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.ProjectionMonitor;
import dev.lodestone.trending.TrendingKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one place a dashboard snapshot is made on an instance. Once per interval, while anyone watches
 * (an open stream, or a read in the last 10 seconds), it reads the parts hash from Redis (one read), the
 * trending list and the running experiment's totals every fifth time, takes the engine's meters, assembles the snapshot, encodes it to JSON
 * once and broadcasts that string to every open stream. 100 open dashboards cost what one costs, plus
 * the bytes written to their sockets.
 */
@Singleton
public class DashboardSnapshots {

    private static final Logger LOG = Logger.getLogger(DashboardSnapshots.class);
    private static final int TRENDING = 10;
    private static final Duration WATCHED = Duration.ofSeconds(10);
    /** How long a feature's panel may take before it shows "unavailable" in this snapshot. */
    static final Duration PANEL_TIMEOUT = Duration.ofMillis(500);

    private final ReactiveRedisDataSource redis;
    private final CatalogCache catalog;
    private final MeterRegistry registry;
    private final DashboardMetrics metrics;
    private final Duration staleAfter;
    private final BroadcastProcessor<String> updates = BroadcastProcessor.create();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Deque<long[]> freshnessHistory = new ArrayDeque<>();
    private volatile String latest;
    private volatile Instant lastRead = Instant.EPOCH;
    private volatile List<DashboardSnapshot.Trending> trending = List.of();
    private volatile ExperimentResults experiment;
    private final ExperimentRegistry experiments;
    private final ExperimentReads experimentReads;
    private final ExperimentsConfig experimentsConfig;
    private final Instance<DashboardPanel> panels;
    private long ticks;

    DashboardSnapshots(
            ReactiveRedisDataSource redis,
            CatalogCache catalog,
            MeterRegistry registry,
            DashboardMetrics metrics,
            DashboardConfig config,
            ExperimentRegistry experiments,
            ExperimentReads experimentReads,
            ExperimentsConfig experimentsConfig,
            @Any Instance<DashboardPanel> panels) {
        this.panels = panels;
        this.experiments = experiments;
        this.experimentReads = experimentReads;
        this.experimentsConfig = experimentsConfig;
        this.redis = redis;
        this.catalog = catalog;
        this.registry = registry;
        this.metrics = metrics;
        this.staleAfter = config.interval().multipliedBy(DashboardPart.STALE_INTERVALS);
    }

    /** The stream of snapshot JSON documents: the latest at once, then one per interval. */
    public Multi<String> stream() {
        Multi<String> live = updates.onOverflow().drop();
        String now = latest;
        Multi<String> stream = now == null
                ? live
                : Multi.createBy().concatenating().streams(Multi.createFrom().item(now), live);
        return stream.onSubscription()
                .invoke(() -> metrics.subscribed())
                .onTermination()
                .invoke(() -> metrics.unsubscribed());
    }

    /** The latest snapshot JSON, made now when none is recent. */
    public Uni<String> current() {
        lastRead = Instant.now();
        String now = latest;
        return now != null ? Uni.createFrom().item(now) : refresh();
    }

    @Scheduled(
            every = "${lodestone.dashboard.interval:PT1S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "dashboard-snapshots")
    void tick() {
        sampleFreshness();
        boolean watched =
                metrics.subscribers() > 0 || lastRead.isAfter(Instant.now().minus(WATCHED));
        if (!watched) {
            latest = null;
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        refresh()
                .subscribe()
                .with(
                        json -> {
                            busy.set(false);
                            updates.onNext(json);
                        },
                        failure -> {
                            busy.set(false);
                            LOG.debugf("Dashboard snapshot skipped: %s", failure.toString());
                        });
    }

    private Uni<String> refresh() {
        boolean readTrending = ticks++ % 5 == 0 || trending.isEmpty();
        Uni<List<DashboardSnapshot.Trending>> top = readTrending
                ? redis.sortedSet(String.class)
                        .zrangeWithScores(TrendingKeys.trending(), 0, TRENDING - 1, new ZRangeArgs().rev())
                        .map(this::titled)
                : Uni.createFrom().item(trending);
        Experiment running = experiments.running();
        Uni<ExperimentResults> results = !readTrending
                ? Uni.createFrom().item(running == null ? null : experiment)
                : running == null
                        ? Uni.createFrom().nullItem()
                        : experimentReads
                                .totals(running)
                                .map(totals -> ExperimentResults.of(
                                        running,
                                        totals,
                                        experimentsConfig.alpha(),
                                        experimentsConfig.mixtureLift(),
                                        experimentsConfig.srmThreshold()));
        return Uni.combine()
                .all()
                .unis(
                        redis.hash(String.class).hgetall(DashboardKeys.parts()),
                        top,
                        results,
                        readPanels(panels, PANEL_TIMEOUT))
                .asTuple()
                .map(t -> {
                    trending = t.getItem2();
                    experiment = t.getItem3();
                    List<DashboardPart> parts = new ArrayList<>();
                    for (String json : t.getItem1().values()) {
                        try {
                            parts.add(JsonSerde.read(json, DashboardPart.class));
                        } catch (RuntimeException e) {
                            LOG.debugf("Skipping an unreadable dashboard part: %s", e.toString());
                        }
                    }
                    DashboardSnapshot snapshot = DashboardSnapshot.assemble(
                            parts, Instant.now(), staleAfter, trending, meters(), experiment, t.getItem4());
                    String json = json(snapshot);
                    latest = json;
                    metrics.updated();
                    return json;
                });
    }

    /**
     * Asks every feature's panel for its numbers at once. A panel that fails or takes longer than
     * {@code timeout} maps to null ("unavailable"); this never fails.
     */
    static Uni<Map<String, Map<String, Double>>> readPanels(Iterable<DashboardPanel> panels, Duration timeout) {
        List<Uni<Map.Entry<String, Map<String, Double>>>> reads = new ArrayList<>();
        for (DashboardPanel panel : panels) {
            String name = panel.name();
            Uni<Map<String, Double>> numbers;
            try {
                numbers = panel.numbers();
            } catch (RuntimeException e) {
                numbers = Uni.createFrom().failure(e);
            }
            reads.add(numbers.ifNoItem()
                    .after(timeout)
                    .fail()
                    .onFailure()
                    .invoke(f -> LOG.debugf("Dashboard panel %s unavailable: %s", name, f.toString()))
                    .onFailure()
                    .recoverWithNull()
                    .map(n -> new java.util.AbstractMap.SimpleEntry<>(name, n)));
        }
        if (reads.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(reads).andCollectFailures().map(entries -> {
            Map<String, Map<String, Double>> out = new HashMap<>();
            for (Map.Entry<String, Map<String, Double>> e : entries) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        });
    }

    private List<DashboardSnapshot.Trending> titled(List<ScoredValue<String>> scored) {
        List<DashboardSnapshot.Trending> items = new ArrayList<>();
        for (ScoredValue<String> s : scored) {
            CatalogItem item = catalog.items().get(s.value());
            items.add(new DashboardSnapshot.Trending(
                    s.value(), item == null ? null : item.title(), Math.round(s.score() * 1000) / 1000.0));
        }
        return List.copyOf(items);
    }

    private DashboardSnapshot.Meters meters() {
        return new DashboardSnapshot.Meters(
                freshnessP99(), gaugeSum(ProjectionMonitor.STREAMS_LAG), gaugeSum(ProjectionMonitor.PROJECTION_LAG));
    }

    private Double gaugeSum(String name) {
        var gauges = registry.find(name).gauges();
        if (gauges.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Gauge g : gauges) {
            double v = g.value();
            if (Double.isFinite(v)) {
                sum += v;
            }
        }
        return sum;
    }

    /** Every interval: the freshness histogram's cumulative counts over all views (bucket bounds in ms, then the total). */
    private synchronized void sampleFreshness() {
        Map<Double, Long> buckets = new TreeMap<>();
        long total = 0;
        for (Timer timer : registry.find(LodestoneMetrics.FRESHNESS).timers()) {
            var snapshot = timer.takeSnapshot();
            total += snapshot.count();
            for (CountAtBucket b : snapshot.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.MILLISECONDS), (long) b.count(), Long::sum);
            }
        }
        long[] sample = new long[buckets.size() * 2 + 1];
        int i = 0;
        for (Map.Entry<Double, Long> e : buckets.entrySet()) {
            sample[i++] = Double.doubleToLongBits(e.getKey());
            sample[i++] = e.getValue();
        }
        sample[i] = total;
        freshnessHistory.addLast(sample);
        while (freshnessHistory.size() > 61) {
            freshnessHistory.removeFirst();
        }
    }

    /** The 99th percentile of freshness over the last minute, as the upper bound of its bucket. */
    private synchronized Double freshnessP99() {
        if (freshnessHistory.size() < 2) {
            return null;
        }
        long[] now = freshnessHistory.getLast();
        long[] then = freshnessHistory.getFirst();
        if (now.length != then.length) {
            // The views' timers appeared within the minute: count from zero.
            then = new long[now.length];
        }
        long total = now[now.length - 1] - then[then.length - 1];
        if (total <= 0) {
            return null;
        }
        for (int i = 0; i + 1 < now.length - 1; i += 2) {
            long within = now[i + 1] - then[i + 1];
            if (within >= Math.ceil(0.99 * total)) {
                return Double.longBitsToDouble(now[i]);
            }
        }
        // Beyond the largest bucket: report the largest bound, the dashboard shows it as "more than".
        return now.length > 1 ? Double.longBitsToDouble(now[now.length - 3]) : null;
    }

    private static String json(DashboardSnapshot snapshot) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
