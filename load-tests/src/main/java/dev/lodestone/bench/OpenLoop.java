package dev.lodestone.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * L1: an open-model load generator. Request {@code i} is due at {@code start + i / rate}; its latency
 * is measured from that intended start, not from when it was actually sent, so a server that stalls
 * is charged for every request that should have gone out meanwhile (no coordinated omission).
 *
 * <p>{@code path} may contain {@code %d}, replaced by a random shopper number below {@code users}.
 * The first {@code warmup} seconds are sent but not recorded.
 */
final class OpenLoop {

    private OpenLoop() {}

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static Map<String, Object> run(Args args) throws Exception {
        Http http = new Http(args.required("baseUrl"), args.text("token", ""));
        String path = args.required("path");
        double rate = args.decimal("rate", 100);
        double seconds = args.decimal("seconds", 30);
        double warmup = args.decimal("warmup", 5);
        int users = (int) args.number("users", 1000);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(args.number("timeoutSeconds", 10));

        Stats stats = new Stats();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        long total = (long) ((warmup + seconds) * rate);
        long warmupCount = (long) (warmup * rate);
        CountDownLatch outstanding = new CountDownLatch((int) total);
        SplittableRandom random = new SplittableRandom(42);
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000;
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = i >= warmupCount;
            HttpRequest request = http.request(String.format(path, random.nextInt(users)))
                    .timeout(java.time.Duration.ofNanos(timeoutNanos))
                    .GET()
                    .build();
            sent.incrementAndGet();
            http.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long latency = System.nanoTime() - intended;
                if (measured) {
                    if (error != null || response.statusCode() != 200) {
                        errors.incrementAndGet();
                        String kind = error != null ? rootCause(error).getClass().getSimpleName() : "HTTP " + response.statusCode();
                        errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                        stats.add(error != null ? Math.max(latency, timeoutNanos) : latency);
                    } else {
                        stats.add(latency);
                    }
                }
                outstanding.countDown();
            });
        }
        long sendEnd = System.nanoTime();
        outstanding.await(timeoutNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("achievedRate", total / ((sendEnd - start) / 1e9));
        result.put("requests", stats.size());
        result.put("errors", errors.get());
        result.put("unanswered", outstanding.getCount());
        result.put("errorKinds", errorKinds.toString());
        result.put("p50", stats.percentileMs(50));
        result.put("p90", stats.percentileMs(90));
        result.put("p99", stats.percentileMs(99));
        result.put("p999", stats.percentileMs(99.9));
        result.put("max", stats.percentileMs(100));
        result.put("curve", stats.curve());
        return result;
    }
}
