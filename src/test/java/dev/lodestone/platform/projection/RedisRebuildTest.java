package dev.lodestone.platform.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lodestone.platform.security.Roles;
import dev.lodestone.support.Chats;
import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Redis is a projection of Kafka: emptied ({@code FLUSHALL}) or made to replay (marker gone, as if
 * the projection offsets were reset), it is rebuilt to exactly the keyspace it had, and meanwhile
 * reads answer 503 {@code rebuilding} or the right value, never a zero balance or a 404.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRebuildTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String USER = "rebuild-" + RUN;
    private static final String GONE = "rebuild-gone-" + RUN;
    private static final String ITEM = "rebuild-item-" + RUN;
    private static final String GIFT = "rebuild-gift-" + RUN;
    private static final String REDEMPTION_KEY = "rebuild-key-" + RUN;
    private static final int VIEWS = 5;
    /** The item's top-level category ({@code 家居/灯具}): its trending list holds few items. */
    private static final String TOP_CATEGORY = "家居";

    private static final long PURCHASE = 300;
    private static final long REDEEMED = 40;

    @Inject
    RedisDataSource redis;

    private static final String AGENT = "rebuild-agent-" + RUN;

    private static String redemptionId;
    private static String conversation;
    private static long balance;
    private static boolean projected;

    /** A read the test repeats: its path, the token, and what a right answer looks like. */
    private record Read(String name, String path, String token, Predicate<Response> right) {}

    /** Projects the data once per engine run, so that either test also runs on its own. */
    @BeforeEach
    void projectDataOnce() {
        if (!projected) {
            projectData();
            projected = true;
        }
    }

    @Test
    @Order(1)
    void shouldRebuildEveryReadModelAfterAFlushAllAndNeverAnswerAWrongValue() {
        List<String> listed = recommended().jsonPath().getList("items.itemId", String.class);
        Map<String, String> before = quiescentKeyspace();
        balance = pointsBalance(Tokens.storefront());

        redis.flushall();

        assertHeldListOrRebuilding(listed);

        // Similar and trending items are answered from the engine's memory, followed from Kafka: right
        // at once, while the Redis read models are still being rebuilt.
        assertListsFromMemory();
        List<String> seen = readUntilRight();
        System.out.printf("Reads after FLUSHALL until rebuilt: %s%n", summary(seen));
        Awaitility.await()
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertEquals(before, keyspace(), "keyspace after the rebuild"));
        assertTrue(redis.key(String.class).exists(ProjectionMonitor.MARKER), "marker written once complete");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("lodestone_redis_rebuilds_total"));
    }

    @Test
    @Order(2)
    void shouldLeaveTheKeyspaceUnchangedWhenEveryProjectionReplaysFromTheBeginning() {
        Map<String, String> before = quiescentKeyspace();
        balance = pointsBalance(Tokens.storefront());

        // Without the marker the engine replays every projection over the data still in Redis: the same
        // as resetting the projection consumers' offsets to the beginning.
        redis.key().del(ProjectionMonitor.MARKER);

        List<String> seen = readUntilRight();
        Awaitility.await()
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> redis.key(String.class).exists(ProjectionMonitor.MARKER));
        System.out.printf("Reads while replaying over a full Redis: %s%n", summary(seen));
        assertEquals(before, keyspace(), "keyspace after replaying every projection");
    }

    private void projectData() {
        String storefront = Tokens.storefront();
        String marketer = Tokens.marketer();
        given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"title\":\"Lamp\",\"category\":\"家居/灯具\",\"brand\":\"B\",\"price\":30.0,"
                        + "\"currency\":\"CNY\",\"stock\":5,\"available\":true}")
                .put("/v1/catalog/items/{id}", ITEM)
                .then()
                .statusCode(200);
        given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Mug\",\"cost\":10,\"stock\":3,\"kind\":\"physical\"}")
                .put("/v1/gifts/{id}", GIFT)
                .then()
                .statusCode(200);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < VIEWS; i++) {
            events.append(Events.view(USER, ITEM)).append(',');
        }
        events.append(Events.purchase("evt-" + UUID.randomUUID(), USER, ITEM, PURCHASE, 1))
                .append(']');
        given().header("Authorization", Tokens.bearer(storefront))
                .contentType(ContentType.JSON)
                .body(events.toString())
                .post("/v1/events")
                .then()
                .statusCode(202);
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(storefront))
                        .get("/v1/users/{id}/activity", USER)
                        .then()
                        .statusCode(200)
                        .body("counts.view", equalTo(VIEWS)));
        Awaitility.await().atMost(WITHIN).until(() -> pointsBalance(storefront) >= PURCHASE);
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(storefront))
                        .queryParam("category", TOP_CATEGORY)
                        .get("/v1/trending")
                        .then()
                        .statusCode(200)
                        .body("items.itemId", hasItem(ITEM)));
        Response redeemed = given().header("Authorization", Tokens.bearer(storefront))
                .header("Idempotency-Key", REDEMPTION_KEY)
                .contentType(ContentType.JSON)
                .body("{\"points\":" + REDEEMED + ",\"reason\":\"rebuild test\"}")
                .post("/v1/users/{id}/points/redemptions", USER);
        assertTrue(redeemed.statusCode() == 201 || redeemed.statusCode() == 202, redeemed.asString());
        redemptionId = redeemed.jsonPath().getString("redemptionId");
        given().header("Authorization", Tokens.bearer(storefront))
                .header("Idempotency-Key", "rebuild-exchange-" + RUN)
                .post("/v1/users/{id}/gifts/{gift}/exchanges", USER, GIFT)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(202)));
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(storefront))
                        .get("/v1/users/{id}/points/redemptions/{r}", USER, redemptionId)
                        .then()
                        .statusCode(200));
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(storefront))
                        .get("/v1/gifts/{id}", GIFT)
                        .then()
                        .statusCode(200)
                        .body("stock", equalTo(2)));
        given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{}")
                .put("/v1/points/rules")
                .then()
                .statusCode(200);
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(marketer))
                        .get("/v1/catalog/items/{id}", ITEM)
                        .then()
                        .statusCode(200));
        projectConversations();
        projectCommunity();
    }

    /**
     * Conversations in every state: one the bot keeps, one waiting in the queue, one claimed, answered
     * (a first-response time), transferred to a second agent and back to the queue, claimed again,
     * resolved, rated and reopened, one assigned; and one of a shopper forgotten since, which a rebuild
     * must leave out.
     */
    private void projectConversations() {
        String shopper = Tokens.bearer(Tokens.shopper(USER));
        String agent = Tokens.bearer(Tokens.mint(Roles.AGENT, AGENT));
        String second = Tokens.bearer(Tokens.mint(Roles.AGENT, AGENT + "-2"));
        String withBot = Chats.open(shopper, false);
        Chats.say(shopper, withBot, "hello");
        Chats.open(shopper, true);
        conversation = Chats.open(shopper, true);
        step(agent, conversation, "claim", null);
        Chats.say(agent, conversation, "how can I help?");
        step(agent, conversation, "transfer", "{\"toAgent\":\"" + AGENT + "-2\"}");
        step(second, conversation, "transfer", "{}");
        step(agent, conversation, "claim", null);
        step(agent, conversation, "resolve", null);
        step(shopper, conversation, "rating", "{\"rating\":4}");
        step(shopper, conversation, "reopen", null);
        step(agent, Chats.open(shopper, true), "claim", null);

        String forgotten = USER + "-forgotten";
        String gone = Tokens.bearer(Tokens.shopper(forgotten));
        String goneId = Chats.open(gone, true);
        Chats.say(gone, goneId, "please forget me");
        step(agent, goneId, "claim", null);
        given().header("Authorization", gone)
                .delete("/v1/users/{id}", forgotten)
                .then()
                .statusCode(202);
        Awaitility.await()
                .atMost(WITHIN)
                .until(() -> given().header("Authorization", gone)
                                .get("/v1/chat/conversations/{id}", goneId)
                                .statusCode()
                        == 404);
        Awaitility.await()
                .atMost(WITHIN)
                .until(() -> given().header("Authorization", shopper)
                                .get("/v1/chat/conversations/{id}/messages", conversation)
                                .jsonPath()
                                .getList("entries")
                                .size()
                        == 10);
    }

    private static void step(String token, String conversationId, String step, String body) {
        var request = given().header("Authorization", token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        request.post("/v1/chat/conversations/{id}/" + step, conversationId)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    /**
     * A group with two members who talk and report, one of them then forgotten: the rebuild must come to
     * the same group (the forgotten member's message a placeholder, the report without its name), not
     * bring the member back.
     */
    private void projectCommunity() {
        String marketer = Tokens.marketer();
        String group = given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Rebuild\"}")
                .post("/v1/community/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("groupId");
        Awaitility.await()
                .atMost(WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(marketer))
                                .get("/v1/community/groups/{g}", group)
                                .statusCode()
                        == 200);
        for (String member : List.of(USER, GONE)) {
            given().header("Authorization", Tokens.bearer(Tokens.shopper(member)))
                    .post("/v1/community/groups/{g}/members", group)
                    .then()
                    .statusCode(201);
        }
        Awaitility.await().atMost(WITHIN).until(() -> members(group).size() == 2);
        String said = given().header("Authorization", Tokens.bearer(Tokens.shopper(GONE)))
                .contentType(ContentType.JSON)
                .body("{\"text\":\"soon gone\"}")
                .post("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(201)
                .extract()
                .path("messageId");
        String reply = given().header("Authorization", Tokens.bearer(Tokens.shopper(USER)))
                .contentType(ContentType.JSON)
                .body("{\"text\":\"bye\",\"replyTo\":\"" + said + "\"}")
                .post("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(201)
                .extract()
                .path("messageId");
        given().header("Authorization", Tokens.bearer(Tokens.shopper(GONE)))
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"rude\"}")
                .post("/v1/community/groups/{g}/messages/{m}/reports", group, reply)
                .then()
                .statusCode(202);
        given().header("Authorization", Tokens.bearer(Tokens.admin()))
                .delete("/v1/users/{id}", GONE)
                .then()
                .statusCode(202);
        Awaitility.await().atMost(WITHIN).until(() -> members(group).equals(List.of(USER)));
    }

    private static List<String> members(String group) {
        return given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/community/groups/{g}/members", group)
                .jsonPath()
                .getList("members.userId");
    }

    private long pointsBalance(String token) {
        return given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/{id}/points", USER)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("balance");
    }

    private List<Read> reads() {
        String storefront = Tokens.storefront();
        String marketer = Tokens.marketer();
        return List.of(
                new Read(
                        "balance",
                        "/v1/users/" + USER + "/points",
                        storefront,
                        r -> r.jsonPath().getLong("balance") == balance),
                new Read(
                        "history",
                        "/v1/users/" + USER + "/points/history",
                        storefront,
                        r -> r.jsonPath().getList("entries").size() >= 2),
                new Read(
                        "activity",
                        "/v1/users/" + USER + "/activity",
                        storefront,
                        r -> r.jsonPath().getInt("counts.view") == VIEWS),
                new Read(
                        "catalog",
                        "/v1/catalog/items/" + ITEM,
                        marketer,
                        r -> "Lamp".equals(r.jsonPath().getString("title"))),
                new Read(
                        "gift",
                        "/v1/gifts/" + GIFT,
                        storefront,
                        r -> r.jsonPath().getInt("stock") == 2),
                new Read(
                        "redemption",
                        "/v1/users/" + USER + "/points/redemptions/" + redemptionId,
                        storefront,
                        r -> r.jsonPath().getLong("balance") > 0),
                new Read(
                        "conversation",
                        "/v1/chat/conversations/" + conversation,
                        Tokens.shopper(USER),
                        r -> "bot".equals(r.jsonPath().getString("state"))
                                && r.jsonPath().get("rating") == null),
                new Read(
                        "profile",
                        "/v1/users/" + USER + "/profile",
                        storefront,
                        r -> !r.jsonPath().getList("recent").isEmpty()));
    }

    private static Response recommended() {
        return given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/{userId}/recommendations", USER);
    }

    /**
     * Right after a {@code FLUSHALL} a shopper's list is the one the instance held (its near-cache copy,
     * answered without a check of the marker until Redis' push drops it) or a 503: never one read from
     * the emptied Redis. A list that differs is right only once the rebuild is done.
     */
    private void assertHeldListOrRebuilding(List<String> listed) {
        Response response = recommended();
        if (response.statusCode() == 503) {
            assertTrue(
                    List.of("rebuilding", "unavailable")
                            .contains(response.jsonPath().getString("code")),
                    response.asString());
            return;
        }
        assertEquals(200, response.statusCode(), response.asString());
        List<String> items = response.jsonPath().getList("items.itemId", String.class);
        if (!listed.equals(items)) {
            assertTrue(
                    redis.key(String.class).exists(ProjectionMonitor.MARKER),
                    "a list neither held nor rebuilt right after FLUSHALL: " + items + " instead of " + listed);
        }
    }

    /** Similar and trending items answer at once, the item listed, whatever state Redis is in. */
    private void assertListsFromMemory() {
        String storefront = Tokens.bearer(Tokens.storefront());
        given().header("Authorization", storefront)
                .queryParam("category", TOP_CATEGORY)
                .get("/v1/trending")
                .then()
                .statusCode(200)
                .body("items.itemId", hasItem(ITEM));
        given().header("Authorization", storefront)
                .get("/v1/items/{id}/similar", ITEM)
                .then()
                .statusCode(200);
    }

    /**
     * Repeats every read until all are right; each answer on the way must be right or a 503 that
     * says why and when to retry.
     */
    private List<String> readUntilRight() {
        List<String> seen = new ArrayList<>();
        List<Read> reads = reads();
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            boolean allRight = true;
            for (Read read : reads) {
                Response response = given().header("Authorization", Tokens.bearer(read.token()))
                        .get(read.path());
                int status = response.statusCode();
                if (status == 200 && read.right().test(response)) {
                    seen.add(read.name() + ":200");
                    continue;
                }
                allRight = false;
                if (status != 503) {
                    fail(read.name() + " answered " + status + " " + response.asString()
                            + " while Redis was rebuilt: neither the right value nor 503");
                }
                assertTrue(
                        List.of("rebuilding", "unavailable")
                                .contains(response.jsonPath().getString("code")),
                        response.asString());
                assertTrue(response.header("Retry-After") != null, read.name() + ": 503 without Retry-After");
                seen.add(read.name() + ":503-" + response.jsonPath().getString("code"));
            }
            if (allRight) {
                return seen;
            }
            sleep(100);
        }
        fail("reads not right within " + WITHIN + ": " + summary(seen));
        return seen;
    }

    /** The keyspace once nothing changes it any more (earlier tests' events may still be flowing). */
    private Map<String, String> quiescentKeyspace() {
        Map<String, String>[] last = new Map[] {keyspace()};
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, String> now = keyspace();
            boolean stable = now.equals(last[0]);
            last[0] = now;
            return stable;
        });
        return last[0];
    }

    /** Every {@code lodestone:*} key and its value (TTLs aside), but the projection bookkeeping. */
    private Map<String, String> keyspace() {
        Map<String, String> keys = new TreeMap<>();
        for (String key : redis.key().keys("lodestone:*")) {
            // The live dashboard's parts change every second while events flow (rates, active shoppers):
            // never quiescent, so left out here; they are projected from dashboard-parts like the rest.
            // Community members' post counters (`:last:`, `:day:`) and chat shoppers' message counts
            // (`:rate:`) are rate-limit windows kept by the request path, not read models: they expire
            // on their own and are not replayed.
            if (key.startsWith("lodestone:community:") && (key.contains("}:day:") || key.contains("}:last:"))) {
                continue;
            }
            if (key.startsWith("lodestone:meta:")
                    || key.startsWith("lodestone:{meta}:")
                    || key.startsWith("lodestone:dashboard:")
                    || key.startsWith("lodestone:chat:{chat}:rate:")) {
                continue;
            }
            String type = redis.execute(Command.TYPE, key).toString();
            if (key.startsWith("lodestone:recommend:candidates:")) {
                // A shopper's kept candidates are ranked from the item lists as they are when the profile
                // is projected (and again, under a higher sub-version, once a recent item's list appears),
                // and say when: a rebuild ranks again from later lists. The same shoppers have them, for
                // profiles of the same time.
                Map<String, String> kept =
                        new TreeMap<>(redis.hash(String.class).hgetall(key));
                kept.remove("d");
                kept.remove("v");
                keys.put(key, type + " " + kept);
                continue;
            }
            String value = switch (type) {
                case "string" -> String.valueOf(redis.execute(Command.GET, key));
                case "hash" -> new TreeMap<>(redis.hash(String.class).hgetall(key)).toString();
                case "zset" ->
                    redis.execute(Command.ZRANGE, key, "0", "-1", "WITHSCORES").toString();
                case "set" -> new java.util.TreeSet<>(redis.set(String.class).smembers(key)).toString();
                case "none" -> null;
                default -> type;
            };
            if (value != null) {
                keys.put(key, type + " " + value);
            }
        }
        return keys;
    }

    private static String summary(List<String> seen) {
        Map<String, Integer> counts = new TreeMap<>();
        seen.forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
