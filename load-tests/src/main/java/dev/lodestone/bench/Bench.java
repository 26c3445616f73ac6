package dev.lodestone.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark helpers driven by {@code load-tests/bench.sh}. Each command prints progress on stderr
 * and one JSON object with its results on stdout.
 *
 * <pre>
 * seed-catalog  --baseUrl --token --items [--connections]          catalog through the catalog API
 * seed-events   --baseUrl --token --events --userFrom --userTo --items [--connections] [--run]
 * drain         --bootstrap                                        wait until no consumer group lags
 * produce       --bootstrap --events ... [--timeline]               T1: straight to shopper-events
 * reference     --bootstrap --events --guarantee ... [--run]        T1r: a trivial Streams app, same broker
 * openloop      --baseUrl --token --path --rate --seconds ...       L1: open-model latency
 * freshness     --baseUrl --token --mode --probes ...               F1: event accepted → visible
 * </pre>
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Bench seed-catalog|seed-events|produce|reference|drain|openloop|freshness --name=value ...");
            System.exit(2);
        }
        Args args = new Args(java.util.Arrays.copyOfRange(argv, 1, argv.length));
        Map<String, Object> result = switch (argv[0]) {
            case "seed-catalog" -> seedCatalog(args);
            case "seed-events" -> seedEvents(args);
            case "produce" -> Throughput.run(args);
            case "reference" -> ReferenceTopology.run(args);
            case "drain" -> Throughput.drain(args);
            case "openloop" -> OpenLoop.run(args);
            case "freshness" -> Freshness.run(args);
            default -> throw new IllegalArgumentException("unknown command " + argv[0]);
        };
        System.out.println(Stats.json(result));
        System.exit(0);
    }

    /**
     * Puts {@code items} catalog items, 500 per {@code POST /v1/catalog/items:batch}; falls back to one
     * {@code PUT /v1/catalog/items/{id}} each when the batch shape is refused.
     */
    static Map<String, Object> seedCatalog(Args args) throws Exception {
        Http http = new Http(args.required("baseUrl"), args.required("token"));
        int items = (int) args.number("items", 10_000);
        int from = (int) args.number("from", 0);
        int connections = (int) args.number("connections", 4);
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        String mode = batchShape(http, from);
        if (mode == null) {
            HttpResponse<String> put = http.send("PUT", "/v1/catalog/items/item-" + from, Workload.catalogItem(from));
            if (put.statusCode() / 100 != 2) {
                result.put("available", false);
                result.put("status", put.statusCode());
                return result;
            }
            mode = "put";
        }
        String chosen = mode;
        AtomicLong next = new AtomicLong(from + 1);
        AtomicLong done = new AtomicLong(1);
        AtomicLong failed = new AtomicLong();
        int step = chosen.equals("put") ? 1 : 500;
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long first = next.getAndAdd(step); first < from + items; first = next.getAndAdd(step)) {
                        int last = (int) Math.min(first + step, from + items);
                        HttpResponse<String> response = null;
                        // A busy engine may answer 503 (Retry-After); anything else refused is reported.
                        for (int attempt = 0; attempt < 3; attempt++) {
                            response = chosen.equals("put")
                                    ? http.send("PUT", "/v1/catalog/items/item-" + first, Workload.catalogItem((int) first))
                                    : http.send("POST", "/v1/catalog/items:batch", batch(chosen, (int) first, last));
                            if (response.statusCode() != 503) {
                                break;
                            }
                            Thread.sleep(1000);
                        }
                        if (response.statusCode() / 100 == 2) {
                            done.addAndGet(last - first);
                        } else {
                            failed.addAndGet(last - first);
                            String body = response.body();
                            System.err.printf("catalog items %d..%d refused: %d %s%n", first, last - 1,
                                    response.statusCode(), body.substring(0, Math.min(200, body.length())));
                        }
                    }
                } catch (Exception e) {
                    System.err.println("catalog worker: " + e);
                }
            }));
        }
        Progress progress = new Progress("catalog", items, done);
        for (Thread worker : workers) {
            worker.join();
        }
        progress.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("available", true);
        result.put("mode", chosen);
        result.put("items", done.get());
        result.put("failed", failed.get());
        result.put("seconds", seconds);
        result.put("itemsPerSecond", done.get() / seconds);
        return result;
    }

    /** Finds the batch body shape the catalog accepts by sending the first item; null when none is. */
    private static String batchShape(Http http, int first) throws Exception {
        for (String shape : List.of("object", "array")) {
            HttpResponse<String> response = http.send("POST", "/v1/catalog/items:batch", batch(shape, first, first + 1));
            if (response.statusCode() / 100 == 2) {
                return shape;
            }
        }
        return null;
    }

    private static String batch(String shape, int from, int to) {
        StringBuilder items = new StringBuilder("[");
        for (int n = from; n < to; n++) {
            if (n > from) {
                items.append(',');
            }
            String item = Workload.catalogItem(n);
            items.append("{\"itemId\":\"item-").append(n).append("\",").append(item, 1, item.length());
        }
        items.append(']');
        return shape.equals("object") ? "{\"items\":" + items + "}" : items.toString();
    }

    /**
     * Posts {@code events} generated events to {@code POST /v1/events} in batches of {@code batch},
     * over {@code connections} concurrent connections; the achieved rate is the intake's own rate.
     */
    static Map<String, Object> seedEvents(Args args) throws Exception {
        Http http = new Http(args.required("baseUrl"), args.required("token"));
        long events = args.number("events", 1_000_000);
        int batch = (int) args.number("batch", 1000);
        int connections = (int) args.number("connections", 4);
        int userFrom = (int) args.number("userFrom", 0);
        int userTo = (int) args.number("userTo", 100_000);
        String run = args.text("run", "seed");
        Workload workload = new Workload((int) args.number("items", 10_000), args.decimal("zipf", 1.0));
        AtomicLong claimed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Workload.Sessions> generators = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        AtomicLong fresh = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            Workload.Sessions sessions =
                    workload.new Sessions(run.hashCode() * 31L + c, userFrom, userTo, run + "-" + c, false, fresh);
            generators.add(sessions);
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long first = claimed.getAndAdd(batch); first < events; first = claimed.getAndAdd(batch)) {
                        int size = (int) Math.min(batch, events - first);
                        StringBuilder body = new StringBuilder(size * 220).append('[');
                        for (int i = 0; i < size; i++) {
                            body.append(i == 0 ? "" : ",").append(sessions.next().json());
                        }
                        String json = body.append(']').toString();
                        int status = 0;
                        for (int attempt = 0; attempt < 5 && status / 100 != 2; attempt++) {
                            HttpResponse<String> response = http.send("POST", "/v1/events", json);
                            status = response.statusCode();
                            if (status != 202 && failed.get() < 5 * batch) {
                                System.err.println("  POST /v1/events answered " + status + ": "
                                        + response.body().substring(0, Math.min(300, response.body().length())));
                            }
                            if (status == 503 || status == 429) {
                                Thread.sleep(200L << attempt);
                            } else if (status / 100 != 2) {
                                break;
                            }
                        }
                        (status == 202 ? done : failed).addAndGet(size);
                    }
                } catch (Exception e) {
                    System.err.println("events worker: " + e);
                }
            }));
        }
        Progress progress = new Progress("events", events, done);
        for (Thread worker : workers) {
            worker.join();
        }
        progress.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", done.get());
        result.put("failed", failed.get());
        result.put("seconds", seconds);
        result.put("eventsPerSecond", done.get() / seconds);
        java.util.BitSet shoppers = new java.util.BitSet();
        generators.forEach(g -> shoppers.or(g.usersSeen()));
        result.put("shoppers", shoppers.cardinality());
        result.put("views", generators.stream().mapToLong(Workload.Sessions::views).sum());
        result.put("carts", generators.stream().mapToLong(Workload.Sessions::carts).sum());
        result.put("purchases", generators.stream().mapToLong(Workload.Sessions::purchases).sum());
        return result;
    }

    /** Prints "label: done/total (rate/s)" to stderr every two seconds. */
    static final class Progress {
        private final Thread thread;

        Progress(String label, long total, AtomicLong done) {
            long start = System.nanoTime();
            thread = Thread.ofPlatform().daemon().start(() -> {
                long last = 0;
                long lastAt = start;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    long value = done.get();
                    System.err.printf("  %s: %,d/%,d (%.0f%%), %,.0f/s%n", label, value, total,
                            100.0 * value / Math.max(1, total), (value - last) / ((now - lastAt) / 1e9));
                    last = value;
                    lastAt = now;
                }
            });
        }

        void stop() {
            thread.interrupt();
        }
    }
}
