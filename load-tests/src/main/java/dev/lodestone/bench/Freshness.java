package dev.lodestone.bench;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * F1: how long from {@code POST /v1/events} until a read API reflects the event, under background
 * ingest load.
 *
 * <p>Each probe is a new shopper who views one popular item X (popular items have neighbours). The
 * clock starts just before the POST is sent (so the intake's own answer time counts) and stops at
 * the first read that shows X:
 * <ul>
 *   <li>{@code recommendations}: {@code GET /v1/users/{id}/recommendations} names X as a reason's
 *       {@code because};</li>
 *   <li>{@code profile}: {@code GET /v1/users/{id}/profile} lists X (its {@code recent} items);</li>
 *   <li>{@code activity}: {@code GET /v1/users/{id}/activity} lists X (the reference view that
 *       exists in every build).</li>
 * </ul>
 * A probe not reflected within {@code timeoutSeconds} counts as a miss at the timeout.
 */
final class Freshness {

    private Freshness() {}

    static Map<String, Object> run(Args args) throws Exception {
        Http http = new Http(args.required("baseUrl"), args.required("token"));
        String mode = args.text("mode", "activity");
        int probes = (int) args.number("probes", 100);
        int concurrency = (int) args.number("concurrency", 4);
        long pollMs = args.number("pollMs", 5);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(args.number("timeoutSeconds", 10));
        double background = args.decimal("background", 1000);
        String run = args.text("run", "f1");
        Workload workload = new Workload((int) args.number("items", 10_000), args.decimal("zipf", 1.0));

        Background load = background > 0
                ? new Background(http, workload.new Sessions(run.hashCode() + 1, 0, (int) args.number("users", 100_000), run + "-bg", false), background)
                : null;
        Thread.sleep(1000);
        Stats stats = new Stats();
        Stats acks = new Stats();
        AtomicInteger next = new AtomicInteger();
        AtomicLong misses = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int worker = c;
            workers.add(Thread.ofPlatform().start(() -> {
                SplittableRandom random = new SplittableRandom(run.hashCode() * 7L + worker);
                try {
                    for (int i = next.getAndIncrement(); i < probes; i = next.getAndIncrement()) {
                        String user = run + "-probe-" + i;
                        String item = "item-" + random.nextInt(Math.min(50, workload.items()));
                        String event = "{\"eventId\":\"" + user + "\",\"type\":\"view\",\"userId\":\"" + user
                                + "\",\"itemId\":\"" + item + "\"}";
                        String path = switch (mode) {
                            case "recommendations" -> "/v1/users/" + user + "/recommendations?limit=20";
                            case "profile" -> "/v1/users/" + user + "/profile";
                            default -> "/v1/users/" + user + "/activity";
                        };
                        String needle = mode.equals("recommendations") ? "\"because\":\"" + item + "\"" : "\"" + item + "\"";
                        long start = System.nanoTime();
                        if (http.send("POST", "/v1/events", event).statusCode() != 202) {
                            misses.incrementAndGet();
                            stats.add(timeoutNanos);
                            continue;
                        }
                        acks.add(System.nanoTime() - start);
                        boolean seen = false;
                        while (!seen && System.nanoTime() - start < timeoutNanos) {
                            HttpResponse<String> response = http.get(path);
                            reads.incrementAndGet();
                            seen = response.statusCode() == 200 && response.body().contains(needle);
                            if (!seen) {
                                Thread.sleep(pollMs);
                            }
                        }
                        if (seen) {
                            stats.add(System.nanoTime() - start);
                        } else {
                            misses.incrementAndGet();
                            stats.add(timeoutNanos);
                        }
                    }
                } catch (Exception e) {
                    System.err.println("probe: " + e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", mode);
        result.put("probes", stats.size());
        result.put("misses", misses.get());
        result.put("p50", stats.percentileMs(50));
        result.put("p99", stats.percentileMs(99));
        result.put("max", stats.percentileMs(100));
        // The 202 alone: how much of the figure is the intake's wait for the broker's acknowledgement.
        result.put("ackP50", acks.percentileMs(50));
        result.put("ackP99", acks.percentileMs(99));
        // 1.0 when every probe's first read already showed its event.
        result.put("readsPerProbe", stats.size() == 0 ? Double.NaN : reads.get() / (double) stats.size());
        if (load != null) {
            result.put("backgroundEventsPerSecond", load.stop());
            result.put("backgroundAckP50", load.acks.percentileMs(50));
            result.put("backgroundAckP99", load.acks.percentileMs(99));
        }
        return result;
    }

    /** Posts batches of 100 generated events at a steady rate until stopped. */
    static final class Background {
        private final Thread thread;
        private final AtomicLong posted = new AtomicLong();
        private final Stats acks = new Stats();
        private final long start = System.nanoTime();

        Background(Http http, Workload.Sessions sessions, double eventsPerSecond) {
            int batch = 100;
            double intervalNanos = 1e9 * batch / eventsPerSecond;
            thread = Thread.ofPlatform().daemon().start(() -> {
                long due = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    StringBuilder body = new StringBuilder(batch * 220).append('[');
                    for (int i = 0; i < batch; i++) {
                        body.append(i == 0 ? "" : ",").append(sessions.next().json());
                    }
                    try {
                        long sent = System.nanoTime();
                        if (http.send("POST", "/v1/events", body.append(']').toString()).statusCode() == 202) {
                            posted.addAndGet(batch);
                            acks.add(System.nanoTime() - sent);
                        }
                        due += (long) intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.err.println("background: " + e);
                    }
                }
            });
        }

        double stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
            return posted.get() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
