// Acceptance runs of the community feature on a running packaged engine (load-tests/community.sh runs them).
// Run with the engine's classpath (it mints tokens with the engine's local key pair):
//   java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*" load-tests/CommunityLoad.java race|live|lottery-setup|lottery-check BASE DATA_DIR [k=v…]
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

public class CommunityLoad {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    static String base;
    static TokenMinter minter;
    static Map<String, String> opts = new HashMap<>();

    public static void main(String[] args) throws Exception {
        base = args[1];
        minter = new TokenMinter(SigningKeys.ensure(Path.of(args[2])));
        for (String a : Arrays.copyOfRange(args, 3, args.length)) {
            opts.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        int status = switch (args[0]) {
            case "race" -> race();
            case "live" -> live();
            case "lottery-setup" -> lotterySetup();
            case "lottery-check" -> lotteryCheck();
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.exit(status);
    }

    static int opt(String name, int fallback) {
        return Integer.parseInt(opts.getOrDefault(name, String.valueOf(fallback)));
    }

    static String token(String role, String sub) {
        return minter.mint(role, sub, Duration.ofHours(2));
    }

    static HttpResponse<String> call(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().uri() + " answered " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static String createGroup(String marketer, String name) throws Exception {
        String id = ok(call("POST", "/v1/community/groups", marketer, "{\"name\":\"" + name + "\"}", Map.of()), 201)
                .path("groupId")
                .asText();
        waitFor(() -> call("GET", "/v1/community/groups/" + id, marketer, null, Map.of()).statusCode() == 200);
        return id;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(100);
        }
    }

    /** Joins every shopper (64 at a time) and waits until the group counts them all. */
    static void joinAll(String group, Map<String, String> tokens, String marketer) throws Exception {
        try (var pool = Executors.newFixedThreadPool(64)) {
            List<java.util.concurrent.Future<?>> joins = new ArrayList<>();
            for (String t : tokens.values()) {
                joins.add(pool.submit(() -> ok(call("POST", "/v1/community/groups/" + group + "/members", t, null, Map.of()), 201)));
            }
            for (var f : joins) {
                f.get();
            }
        }
        waitFor(() -> ok(call("GET", "/v1/community/groups/" + group, marketer, null, Map.of()), 200)
                        .path("members")
                        .asInt()
                >= tokens.size());
    }

    static String createDrop(String group, String marketer, int coupons) throws Exception {
        String drop = ok(
                        call("POST", "/v1/community/groups/" + group + "/coupon-drops", marketer,
                                "{\"coupons\":" + coupons + "}", Map.of()),
                        201)
                .path("dropId")
                .asText();
        waitFor(() -> call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()).statusCode() == 200);
        return drop;
    }

    /** Fires every claim at once (all threads released together); returns the answers. */
    static List<HttpResponse<String>> claimAll(String drop, List<String> tokens) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String t : tokens) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return call("POST", "/v1/community/coupon-drops/" + drop + "/claims", t, null, Map.of());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            start.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (var f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    static int race() throws Exception {
        int runs = opt("runs", 10), shoppers = opt("shoppers", 1000), coupons = opt("coupons", 100), same = opt("same", 50);
        String marketer = token("marketer", "race-marketer");
        String group = createGroup(marketer, "race");
        Map<String, String> tokens = new TreeMap<>();
        for (int i = 0; i < shoppers; i++) {
            String user = "racer-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            tokens.put(user, token("shopper", user));
        }
        joinAll(group, tokens, marketer);
        System.out.printf("group %s: %d members%n", group, tokens.size());
        int failures = 0;
        for (int run = 1; run <= runs; run++) {
            String drop = createDrop(group, marketer, coupons);
            long t0 = System.nanoTime();
            List<HttpResponse<String>> answers = claimAll(drop, new ArrayList<>(tokens.values()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Map<Integer, Integer> byStatus = new TreeMap<>();
            Set<String> codes = new HashSet<>();
            Set<String> winners = new HashSet<>();
            int won = 0;
            for (var r : answers) {
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 201) {
                    JsonNode j = JSON.readTree(r.body());
                    won++;
                    codes.add(j.path("code").asText());
                    winners.add(j.path("userId").asText());
                }
            }
            int issued = ok(call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()), 200)
                    .path("issued")
                    .asInt();
            waitFor(() -> ok(call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()), 200)
                            .path("issued")
                            .asInt()
                    == Math.min(coupons, shoppers));
            issued = ok(call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()), 200)
                    .path("issued")
                    .asInt();
            boolean good = won == coupons && codes.size() == coupons && winners.size() == coupons && issued == coupons;
            failures += good ? 0 : 1;
            System.out.printf(
                    "run %2d: %d claims in %d ms → statuses %s; won %d, distinct codes %d, distinct winners %d, drop issued %d %s%n",
                    run, answers.size(), ms, byStatus, won, codes.size(), winners.size(), issued, good ? "OK" : "FAILED");
        }
        // The same shopper 50 times at once.
        String drop = createDrop(group, marketer, coupons);
        String one = tokens.values().iterator().next();
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < same; i++) {
            fifty.add(one);
        }
        List<HttpResponse<String>> answers = claimAll(drop, fifty);
        Map<String, Integer> byStatus = new TreeMap<>();
        for (var r : answers) {
            String code = r.statusCode() == 201 ? "201" : r.statusCode() + " " + JSON.readTree(r.body()).path("code").asText();
            byStatus.merge(code, 1, Integer::sum);
        }
        waitFor(() -> ok(call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()), 200)
                        .path("version")
                        .asInt()
                >= 2);
        int issued = ok(call("GET", "/v1/community/coupon-drops/" + drop, marketer, null, Map.of()), 200)
                .path("issued")
                .asInt();
        boolean good = byStatus.getOrDefault("201", 0) == 1 && issued == 1;
        failures += good ? 0 : 1;
        System.out.printf("same shopper %d× at once → %s; drop issued %d %s%n", same, byStatus, issued, good ? "OK" : "FAILED");
        System.out.println(failures == 0 ? "RACE OK" : "RACE FAILED: " + failures + " runs");
        return failures == 0 ? 0 : 1;
    }

    /** A live client: every message event it received, with the time it arrived. */
    static final class Client implements WebSocket.Listener {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final Map<String, Long> arrived = new ConcurrentHashMap<>();
        final CompletableFuture<Void> following = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    JsonNode j = JSON.readTree(partial.toString());
                    if ("following".equals(j.path("type").asText())) {
                        following.complete(null);
                    } else if ("message".equals(j.path("type").asText())) {
                        String id = j.path("message").path("messageId").asText();
                        ids.add(id);
                        seqs.add(j.path("seq").asLong());
                        arrived.putIfAbsent(id, now);
                    }
                } catch (Exception e) {
                    following.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    static int live() throws Exception {
        int clients = opt("clients", 50), messages = opt("messages", 1000);
        String marketer = token("marketer", "live-marketer");
        String group = createGroup(marketer, "live");
        String poster = "poster-" + UUID.randomUUID().toString().substring(0, 8);
        String posterToken = token("shopper", poster);
        joinAll(group, Map.of(poster, posterToken), marketer);
        List<Client> live = new ArrayList<>();
        String ws = base.replaceFirst("^http", "ws") + "/v1/community/live?groups=" + group;
        for (int i = 0; i < clients; i++) {
            Client c = new Client();
            c.socket = HTTP.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token("shopper", "watcher-" + i))
                    .buildAsync(URI.create(ws), c)
                    .get(30, TimeUnit.SECONDS);
            c.following.get(30, TimeUnit.SECONDS);
            live.add(c);
        }
        System.out.printf("group %s: %d live clients following%n", group, clients);
        List<String> posted = new ArrayList<>();
        Map<String, Long> sentAt = new HashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            long before = System.nanoTime();
            var r = call("POST", "/v1/community/groups/" + group + "/messages", posterToken,
                    "{\"text\":\"live message " + i + "\"}", Map.of());
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 201) {
                String id = JSON.readTree(r.body()).path("messageId").asText();
                posted.add(id);
                sentAt.put(id, before);
            }
        }
        double postSeconds = (System.nanoTime() - t0) / 1e9;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && live.stream().anyMatch(c -> c.ids.size() < posted.size())) {
            Thread.sleep(100);
        }
        Thread.sleep(1000); // anything extra (a duplicate) would arrive now
        int exact = 0;
        List<Long> latencies = new ArrayList<>();
        for (Client c : live) {
            boolean inOrder = c.ids.equals(posted);
            boolean seqUp = true;
            for (int i = 1; i < c.seqs.size(); i++) {
                seqUp &= c.seqs.get(i) > c.seqs.get(i - 1);
            }
            if (inOrder && seqUp && new HashSet<>(c.ids).size() == c.ids.size()) {
                exact++;
            }
            for (String id : posted) {
                Long at = c.arrived.get(id);
                if (at != null) {
                    latencies.add((at - sentAt.get(id)) / 1_000);
                }
            }
            c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        latencies.sort(Long::compare);
        System.out.printf("posted %d messages in %.1f s (%.0f/s), statuses %s%n", posted.size(), postSeconds,
                posted.size() / postSeconds, statuses);
        System.out.printf("clients with every message exactly once and in order: %d / %d%n", exact, clients);
        System.out.printf(
                "post → delivered over %d deliveries: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.size(), pct(latencies, 50), pct(latencies, 95), pct(latencies, 99),
                latencies.isEmpty() ? 0 : latencies.getLast() / 1000.0);
        boolean good = exact == clients && posted.size() == messages && pct(latencies, 99) <= 250;
        System.out.println(good ? "LIVE OK" : "LIVE FAILED");
        return good ? 0 : 1;
    }

    /**
     * 5,000 members enter {@code lotteries} lotteries of one group; the first ends {@code window} seconds
     * after its creation, each next one {@code spacing} seconds later. Writes "id end" per lottery to
     * {@code out}, and "lottery entryId userId" per entry to {@code out}.entries (who is behind each entry
     * id of the proof, as each member learns from its entry's answer).
     */
    static int lotterySetup() throws Exception {
        int entrants = opt("entrants", 5000), winners = opt("winners", 10), window = opt("window", 120);
        int count = opt("lotteries", 1), spacing = opt("spacing", 60);
        String marketer = token("marketer", "lottery-marketer");
        String group = createGroup(marketer, "lottery");
        Map<String, String> tokens = new TreeMap<>();
        for (int i = 0; i < entrants; i++) {
            String user = "entrant-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            tokens.put(user, token("shopper", user));
        }
        long t0 = System.nanoTime();
        joinAll(group, tokens, marketer);
        System.out.printf("group %s: %d members joined in %.1f s%n", group, entrants, (System.nanoTime() - t0) / 1e9);
        java.time.Instant first = java.time.Instant.now().plusSeconds(window);
        StringBuilder lines = new StringBuilder();
        List<String> entryLines = new CopyOnWriteArrayList<>();
        boolean all = true;
        for (int n = 0; n < count; n++) {
            String endsAt = first.plusSeconds((long) n * spacing).toString();
            String lottery = ok(call("POST", "/v1/community/groups/" + group + "/lotteries", marketer,
                                    "{\"winners\":" + winners + ",\"endsAt\":\"" + endsAt + "\"}", Map.of()), 201)
                    .path("lotteryId")
                    .asText();
            waitFor(() -> call("GET", "/v1/community/lotteries/" + lottery, marketer, null, Map.of()).statusCode() == 200);
            String commitment = ok(call("GET", "/v1/community/lotteries/" + lottery, marketer, null, Map.of()), 200)
                    .path("commitment")
                    .asText();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            t0 = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(64)) {
                for (var e : tokens.entrySet()) {
                    pool.submit(() -> {
                        // Each member enters with an Idempotency-Key; one in ten once more without (refused).
                        var first1 = call("POST", "/v1/community/lotteries/" + lottery + "/entries", e.getValue(),
                                null, Map.of("Idempotency-Key", "k-" + e.getKey()));
                        statuses.merge(first1.statusCode(), 1, Integer::sum);
                        if (first1.statusCode() == 201) {
                            entryLines.add(lottery + " " + JSON.readTree(first1.body()).path("entryId").asText()
                                    + " " + e.getKey());
                        }
                        if (e.getKey().hashCode() % 10 == 0) {
                            var again = call("POST", "/v1/community/lotteries/" + lottery + "/entries", e.getValue(),
                                    null, Map.of());
                            statuses.merge(again.statusCode() * 1000, 1, Integer::sum);
                        }
                        return null;
                    });
                }
            }
            int entered = ok(call("GET", "/v1/community/lotteries/" + lottery, marketer, null, Map.of()), 200)
                    .path("entryCount")
                    .asInt();
            System.out.printf("lottery %s (commitment %s) ends %s; entries in %.1f s: first tries %s, second tries"
                            + " without key (×1000) %s; entryCount %d%n",
                    lottery, commitment, endsAt, (System.nanoTime() - t0) / 1e9,
                    statuses.entrySet().stream().filter(x -> x.getKey() < 1000).toList(),
                    statuses.entrySet().stream().filter(x -> x.getKey() >= 1000).toList(), entered);
            lines.append(lottery).append(' ').append(endsAt).append('\n');
            all &= entered == entrants;
        }
        java.nio.file.Files.writeString(Path.of(opts.get("out")), lines.toString());
        java.nio.file.Files.write(Path.of(opts.get("out") + ".entries"), entryLines);
        return all ? 0 : 1;
    }

    /** A record of one of the lottery's topics, read committed or not. */
    record Seen(long offset, long timestamp, JsonNode value) {}

    /** Every record of {@code topic} the predicate keeps, from the beginning, at the given isolation level. */
    static List<Seen> read(String topic, String isolation, java.util.function.Predicate<JsonNode> keep) throws Exception {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", opts.get("bootstrap"));
        props.put("isolation.level", isolation);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        List<Seen> seen = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            var parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() == null) {
                        continue;
                    }
                    JsonNode v = JSON.readTree(r.value());
                    if (keep.test(v)) {
                        seen.add(new Seen(r.offset(), r.timestamp(), v));
                    }
                }
            }
        }
        return seen;
    }

    /**
     * After a {@code kill -9} near a lottery's draw and a restart: shows from the committed records (and
     * the records of aborted transactions, read uncommitted) where the kill fell, and checks the draw
     * committed once, with exactly one coupon and one prize decision per winner, each code once.
     * {@code killedAt}: the kill's time (ms); {@code drawnBeforeKill}: the killed engine's log line of the
     * draw, its time in ms, or 0 when it logged none.
     */
    static int lotteryCheck() throws Exception {
        String lottery = opts.get("lottery");
        long killedAt = Long.parseLong(opts.get("killedAt"));
        long drawnBeforeKill = Long.parseLong(opts.getOrDefault("drawnBeforeKill", "0"));
        String marketer = token("marketer", "lottery-marketer");
        waitFor(() -> call("GET", "/v1/community/lotteries/" + lottery + "/proof", marketer, null, Map.of()).statusCode() == 200);
        String proof = call("GET", "/v1/community/lotteries/" + lottery + "/proof", marketer, null, Map.of()).body();
        java.nio.file.Files.writeString(Path.of(opts.get("out")), proof);
        JsonNode p = JSON.readTree(proof);
        List<String> winners = new ArrayList<>();
        p.path("winners").forEach(w -> winners.add(w.asText()));
        Map<String, String> userOfEntry = new HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of(opts.get("entries")))) {
            String[] f = line.split(" ");
            if (f[0].equals(lottery)) {
                userOfEntry.put(f[1], f[2]);
            }
        }
        Set<String> winnerUsers = new HashSet<>();
        winners.forEach(w -> winnerUsers.add(userOfEntry.get(w)));

        java.util.function.Predicate<JsonNode> closed =
                v -> lottery.equals(v.path("lotteryId").asText()) && "closed".equals(v.path("status").asText());
        List<Seen> committedClose = read("community-lotteries", "read_committed", closed);
        List<Seen> anyClose = read("community-lotteries", "read_uncommitted", closed);
        java.util.function.Predicate<JsonNode> coupon = v -> "ISSUE_COUPON".equals(v.path("type").asText())
                && ("lottery:" + lottery).equals(v.path("giftId").asText());
        List<Seen> committedCoupons = read("gift-commands", "read_committed", coupon);
        List<Seen> anyCoupons = read("gift-commands", "read_uncommitted", coupon);
        List<Seen> prizes = read("points-replies", "read_committed",
                v -> "lottery-prize".equals(v.path("kind").asText())
                        && v.path("requestId").asText().startsWith("lot-" + lottery + "-"));

        long committedAt = committedClose.isEmpty() ? -1 : committedClose.getFirst().timestamp();
        String landed;
        if (committedAt >= 0 && committedAt < killedAt) {
            landed = "AFTER the draw's commit (the committed draw is " + (killedAt - committedAt) + " ms older than the kill)";
        } else if (drawnBeforeKill > 0) {
            landed = "INSIDE the draw's transaction (drawn and logged " + (killedAt - drawnBeforeKill)
                    + " ms before the kill, not committed: " + (anyClose.size() - committedClose.size())
                    + " closed-lottery and " + (anyCoupons.size() - committedCoupons.size())
                    + " coupon records of the aborted transaction reached the log; drawn again after the restart)";
        } else {
            landed = "BEFORE the draw (the killed engine logged no draw; drawn after the restart)";
        }
        Map<String, Integer> perUser = new TreeMap<>();
        Set<String> codes = new HashSet<>();
        committedCoupons.forEach(c -> {
            perUser.merge(c.value().path("userId").asText(), 1, Integer::sum);
            codes.add(c.value().path("code").asText());
        });
        Set<String> prizeIds = new HashSet<>();
        prizes.forEach(d -> prizeIds.add(d.value().path("requestId").asText()));
        int expected = Math.min(opt("winners", 10), p.path("entries").size());
        boolean good = committedClose.size() == 1
                && winners.size() == expected
                && committedCoupons.size() == expected
                && codes.size() == expected
                && perUser.keySet().equals(winnerUsers)
                && perUser.values().stream().allMatch(n -> n == 1)
                && prizes.size() == expected
                && prizeIds.size() == expected;
        System.out.printf("lottery %s: kill landed %s%n", lottery, landed);
        System.out.printf("  committed: %d closed record(s), %d winners of %d entries, %d ISSUE_COUPON (%d distinct codes,"
                        + " winners' users each %s), %d prize decisions (%d distinct) → %s%n",
                committedClose.size(), winners.size(), p.path("entries").size(), committedCoupons.size(), codes.size(),
                perUser.keySet().equals(winnerUsers) ? "once: " + perUser.values() : "NOT the winners: " + perUser,
                prizes.size(), prizeIds.size(), good ? "each prize exactly once" : "VIOLATION");
        return good ? 0 : 1;
    }

    static double pct(List<Long> sortedMicros, int p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedMicros.size()) - 1;
        return sortedMicros.get(Math.max(0, i)) / 1000.0;
    }
}
