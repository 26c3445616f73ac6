package dev.lodestone.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.activity.streams.ActivityTopology;
import dev.lodestone.gifts.streams.GiftTopology;
import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.points.streams.PointsTopology;
import dev.lodestone.support.Chats;
import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import dev.lodestone.verify.PointsVerifier;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.KeyScanCursor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /v1/users/{id}} end to end on the real broker and Redis: afterwards no Redis key or
 * value and no state store names the shopper (but the de-duplication marks, kept for their retention,
 * docs/privacy.md), every view answers as for an unknown shopper, and the shopper can come back.
 */
@QuarkusTest
class ForgetEndToEndTest {

    /** A correctness bound for a loaded CI machine, not a latency target. */
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(60);

    @Inject
    KafkaStreams streams;

    @Inject
    RedisDataSource redis;

    @Test
    void shouldForgetEveryTraceOfAShopperAndLetThemComeBack() {
        String user = "forget-" + UUID.randomUUID();
        String storefront = Tokens.storefront();
        String shopper = Tokens.shopper(user);
        postEvents(storefront, Events.view(user, "item-a"));
        postEvents(storefront, Events.event(UUID.randomUUID().toString(), "add_to_cart", user, "item-a"));
        postEvents(storefront, Events.purchase(UUID.randomUUID().toString(), user, "item-a", 300, 1));
        postEvents(storefront, Events.event(UUID.randomUUID().toString(), "review", user, "item-b"));
        Awaitility.await().atMost(SETTLES_WITHIN).untilAsserted(() -> {
            get(shopper, "/v1/users/{id}/activity", user).then().statusCode(200);
            get(shopper, "/v1/users/{id}/profile", user).then().statusCode(200);
            get(shopper, "/v1/users/{id}/points", user).then().body("balance", equalTo(310));
        });

        String redemptionId = decided(given().header("Authorization", Tokens.bearer(shopper))
                        .header("Idempotency-Key", "redeem-" + UUID.randomUUID())
                        .contentType(ContentType.JSON)
                        .body("{\"points\":10,\"reason\":\"gift card\"}")
                        .post("/v1/users/{id}/points/redemptions", user))
                .path("redemptionId")
                .asText();
        String gift = "forget-gift-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Mug\",\"cost\":100,\"stock\":5,\"kind\":\"coupon\"}")
                .put("/v1/gifts/{g}", gift)
                .then()
                .statusCode(200);
        JsonNode exchange = decided(given().header("Authorization", Tokens.bearer(shopper))
                .header("Idempotency-Key", "exchange-" + UUID.randomUUID())
                .post("/v1/users/{id}/gifts/{g}/exchanges", user, gift));
        String exchangeId = exchange.path("exchangeId").asText();
        String coupon = exchange.path("coupon").path("code").asText();
        given().header("Authorization", Tokens.bearer(storefront))
                .header("Idempotency-Key", "checkout-" + UUID.randomUUID())
                .post("/v1/coupons/{c}/redemptions", coupon)
                .then()
                .statusCode(201)
                .body("userId", equalTo(user));
        String conversation = chatted(shopper);
        String redemptionUrl = "/v1/users/{id}/points/redemptions/" + redemptionId;
        String exchangeUrl = "/v1/users/{id}/gifts/" + gift + "/exchanges/" + exchangeId;
        Awaitility.await().atMost(SETTLES_WITHIN).untilAsserted(() -> {
            get(shopper, redemptionUrl, user).then().statusCode(200);
            get(shopper, exchangeUrl, user).then().statusCode(200);
            assertFalse(inRedis(user).isEmpty(), "the shopper is in Redis before the forget");
            assertFalse(inStateStores(user).isEmpty(), "and in the state stores");
        });

        given().header("Authorization", Tokens.bearer(shopper))
                .delete("/v1/users/{id}", user)
                .then()
                .statusCode(202)
                .body("status", equalTo("forgetting"));

        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertEquals(List.of(), inRedis(user), "Redis keys and values naming the shopper");
                    assertEquals(List.of(), inStateStores(user), "state store entries naming the shopper");
                });
        get(shopper, "/v1/users/{id}/activity", user).then().statusCode(404);
        get(shopper, "/v1/users/{id}/profile", user).then().statusCode(404);
        get(shopper, "/v1/users/{id}/points", user)
                .then()
                .statusCode(200)
                .body("balance", equalTo(0))
                .body("version", equalTo(0));
        get(shopper, "/v1/users/{id}/points/history", user)
                .then()
                .statusCode(200)
                .body("entries.size()", equalTo(0));
        get(shopper, redemptionUrl, user).then().statusCode(404);
        get(shopper, exchangeUrl, user).then().statusCode(404);
        given().header("Authorization", Tokens.bearer(shopper))
                .get("/v1/chat/conversations/{id}", conversation)
                .then()
                .statusCode(404);

        postEvents(storefront, Events.view(user, "item-c"));
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .untilAsserted(() -> get(shopper, "/v1/users/{id}/activity", user)
                        .then()
                        .statusCode(200)
                        .body("version", equalTo(1))
                        .body("recentItems.itemId", equalTo(List.of("item-c"))));
    }

    @Test
    void shouldForgetAShopperInTheCommunityAndKeepDropsAndLotteriesExact() throws Exception {
        String user = "forget-member-" + UUID.randomUUID();
        String friend = "forget-friend-" + UUID.randomUUID();
        String marketer = Tokens.marketer();
        String group = given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Forget\"}")
                .post("/v1/community/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("groupId");
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .until(() -> get(marketer, "/v1/community/groups/{g}", group).statusCode() == 200);
        for (String member : List.of(user, friend)) {
            given().header("Authorization", Tokens.bearer(Tokens.shopper(member)))
                    .post("/v1/community/groups/{g}/members", group)
                    .then()
                    .statusCode(201);
        }
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .until(() -> get(marketer, "/v1/community/groups/{g}/members", group)
                                .jsonPath()
                                .getList("members.userId")
                                .size()
                        == 2);
        String said = post(user, group, "{\"text\":\"hello, I am " + user + "\"}");
        String reply = post(friend, group, "{\"text\":\"welcome\",\"replyTo\":\"" + said + "\"}");
        given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"spam from my friend\"}")
                .post("/v1/community/groups/{g}/messages/{m}/reports", group, reply)
                .then()
                .statusCode(202);

        String dropId = given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"coupons\":1}")
                .post("/v1/community/groups/{g}/coupon-drops", group)
                .then()
                .statusCode(201)
                .extract()
                .path("dropId");
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .until(() ->
                        get(marketer, "/v1/community/coupon-drops/{d}", dropId).statusCode() == 200);
        given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .post("/v1/community/coupon-drops/{d}/claims", dropId)
                .then()
                .statusCode(201);

        // Creation, its projection and both entries must be decided before the draw, which runs on the clock.
        String endsAt = java.time.Instant.now().plusSeconds(25).toString();
        String lotteryId = given().header("Authorization", Tokens.bearer(marketer))
                .contentType(ContentType.JSON)
                .body("{\"winners\":2,\"endsAt\":\"" + endsAt + "\"}")
                .post("/v1/community/groups/{g}/lotteries", group)
                .then()
                .statusCode(201)
                .extract()
                .path("lotteryId");
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .until(() ->
                        get(marketer, "/v1/community/lotteries/{l}", lotteryId).statusCode() == 200);
        for (String member : List.of(user, friend)) {
            given().header("Authorization", Tokens.bearer(Tokens.shopper(member)))
                    .post("/v1/community/lotteries/{l}/entries", lotteryId)
                    .then()
                    .statusCode(201);
        }
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> get(Tokens.shopper(user), "/v1/community/lotteries/{l}/prize", lotteryId)
                                .statusCode()
                        == 200);
        // The prize (decision projection) and the proof (lotteries projection) reach Redis through
        // different consumers: the proof may still answer 409 not_drawn.
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .until(() -> get(marketer, "/v1/community/lotteries/{l}/proof", lotteryId)
                                .statusCode()
                        == 200);
        String proof =
                get(marketer, "/v1/community/lotteries/{l}/proof", lotteryId).asString();
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .untilAsserted(() -> assertFalse(inRedis(user).isEmpty(), "the member is in Redis"));

        given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .delete("/v1/users/{id}", user)
                .then()
                .statusCode(202);

        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertEquals(List.of(), inRedis(user), "Redis keys and values naming the member");
                    assertEquals(List.of(), inStateStores(user), "state store entries naming the member");
                });
        Response history = get(marketer, "/v1/community/groups/{g}/messages", group);
        Map<String, Object> placeholder = history.jsonPath().getMap("messages.find { it.messageId == '" + said + "' }");
        assertEquals(Boolean.TRUE, placeholder.get("deleted"), "the message keeps its place: " + placeholder);
        assertFalse(placeholder.containsKey("userId") || placeholder.containsKey("text"), placeholder.toString());
        assertEquals(said, history.jsonPath().getString("messages.find { it.messageId == '" + reply + "' }.replyTo"));
        assertEquals(
                List.of(friend),
                get(marketer, "/v1/community/groups/{g}/members", group)
                        .jsonPath()
                        .getList("members.userId"));
        assertEquals(
                proof,
                get(marketer, "/v1/community/lotteries/{l}/proof", lotteryId).asString());
        assertEquals(0, dev.lodestone.community.LotteryVerifier.verify(json(proof), System.out), "the proof verifies");
        get(marketer, "/v1/community/coupon-drops/{d}", dropId).then().body("issued", equalTo(1));
        get(Tokens.shopper(user), "/v1/community/lotteries/{l}/prize", lotteryId)
                .then()
                .statusCode(404);
    }

    /** Posts a member's message and returns its id. */
    private static String post(String member, String group, String body) {
        return given().header("Authorization", Tokens.bearer(Tokens.shopper(member)))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(201)
                .extract()
                .path("messageId");
    }

    @Test
    void shouldKeepThePointsInvariantsWhenAShopperIsForgotten() throws Exception {
        String user = "forget-points-" + UUID.randomUUID();
        String storefront = Tokens.storefront();
        postEvents(storefront, Events.purchase(UUID.randomUUID().toString(), user, "item-a", 120, 1));
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .untilAsserted(() ->
                        get(storefront, "/v1/users/{id}/points", user).then().body("balance", equalTo(120)));
        given().header("Authorization", Tokens.bearer(Tokens.admin()))
                .delete("/v1/users/{id}", user)
                .then()
                .statusCode(202);
        postEvents(storefront, Events.purchase(UUID.randomUUID().toString(), user, "item-b", 40, 1));
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .untilAsserted(() -> get(storefront, "/v1/users/{id}/points", user)
                        .then()
                        .body("balance", equalTo(40))
                        .body("version", equalTo(1)));
        // The forget and the next event may land in one commit of the activity aggregate, whose record
        // cache then emits only the new life (version 1 again): it must still replace the old one.
        Awaitility.await()
                .atMost(SETTLES_WITHIN)
                .untilAsserted(() -> get(storefront, "/v1/users/{id}/activity", user)
                        .then()
                        .statusCode(200)
                        .body("recentItems.itemId", equalTo(List.of("item-b"))));

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String hosts = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        PointsVerifier.Report report = new PointsVerifier(bootstrap, hosts).awaitClean(SETTLES_WITHIN);
        assertEquals(List.of(), report.violations(), report.summary());
    }

    @Test
    void shouldBoundHowLongCompactedTopicsKeepTheValuesAForgetSupersedes() throws Exception {
        List<String> topics = List.of(
                "shopper-activity",
                "shopper-profiles",
                "lodestone-" + ActivityTopology.STORE + "-changelog",
                "lodestone-" + PointsTopology.LEDGER_STORE + "-changelog",
                "lodestone-" + GiftTopology.EXCHANGE_STORE + "-changelog");
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            // Kafka Streams creates its changelogs once its group has formed: wait for them.
            Awaitility.await()
                    .atMost(SETTLES_WITHIN)
                    .ignoreExceptionsInstanceOf(ExecutionException.class)
                    .untilAsserted(() -> {
                        for (String topic : topics) {
                            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                            Config config = admin.describeConfigs(List.of(resource))
                                    .all()
                                    .get(60, TimeUnit.SECONDS)
                                    .get(resource);
                            assertEquals(
                                    String.valueOf(Duration.ofDays(7).toMillis()),
                                    config.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG)
                                            .value(),
                                    topic);
                        }
                    });
        }
    }

    /** The shopper opens a chat, writes, resolves it and rates it; answers the conversation id. */
    private static String chatted(String shopper) {
        String id = Chats.open(Tokens.bearer(shopper), false);
        Chats.say(Tokens.bearer(shopper), id, "where is my parcel?");
        given().header("Authorization", Tokens.bearer(shopper))
                .post("/v1/chat/conversations/{id}/resolve", id)
                .then()
                .statusCode(200);
        given().header("Authorization", Tokens.bearer(shopper))
                .contentType(ContentType.JSON)
                .body("{\"rating\":5}")
                .post("/v1/chat/conversations/{id}/rating", id)
                .then()
                .statusCode(201);
        return id;
    }

    /** Every Redis key under the engine's prefix whose name or value contains {@code text}. */
    private List<String> inRedis(String text) {
        List<String> found = new ArrayList<>();
        KeyScanCursor<String> cursor =
                redis.key().scan(new KeyScanArgs().match(RedisKeys.PREFIX + "*").count(1000));
        while (cursor.hasNext()) {
            for (String key : cursor.next()) {
                String value = switch (redis.key().type(key)) {
                    case STRING -> String.valueOf(redis.value(String.class).get(key));
                    case HASH -> String.valueOf(redis.hash(String.class).hgetall(key));
                    case ZSET -> String.valueOf(redis.sortedSet(String.class).zrange(key, 0, -1));
                    case SET -> String.valueOf(redis.set(String.class).smembers(key));
                    case LIST -> String.valueOf(redis.list(String.class).lrange(key, 0, -1));
                    default -> "";
                };
                if (key.contains(text) || value.contains(text)) {
                    found.add(key + " = " + value);
                }
            }
        }
        return found;
    }

    /**
     * Every entry of every state store of the topology whose key or value contains {@code text}. The
     * de-duplication store is left out on purpose: it keeps {@code <shopperKey>,<eventId>} for its
     * retention so that a re-sent event is never counted twice, even after a forget.
     */
    private List<String> inStateStores(String text) throws Exception {
        List<String> found = new ArrayList<>();
        for (String name : storeNames()) {
            if (name.equals(ShopperEventStream.DEDUPE_STORE)) {
                continue;
            }
            for (KeyValue<String, Object> entry : entries(name)) {
                String value = JsonSerde.MAPPER.writeValueAsString(entry.value);
                if (entry.key.contains(text) || value.contains(text)) {
                    found.add(name + ": " + entry.key + " = " + value);
                }
            }
        }
        return found;
    }

    private static List<String> storeNames() {
        TopologyDescription description = EngineTopology.build(EngineConfig.defaults(), EngineTopology.Hooks.NONE)
                .describe();
        List<String> names = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().stream().filter(s -> !names.contains(s)).forEach(names::add);
                }
            }
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            names.addAll(global.processor().stores());
        }
        return names;
    }

    private List<KeyValue<String, Object>> entries(String name) {
        List<KeyValue<String, Object>> entries = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<Object, Object> store =
                    streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<Object, Object> it = store.all()) {
                it.forEachRemaining(kv -> entries.add(KeyValue.pair(String.valueOf(kv.key), kv.value)));
            }
        } catch (InvalidStateStoreException notKeyValue) {
            ReadOnlyWindowStore<Object, Object> store =
                    streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.windowStore()));
            try (var it = store.all()) {
                it.forEachRemaining(kv -> entries.add(KeyValue.pair(String.valueOf(kv.key.key()), kv.value)));
            }
        }
        return entries;
    }

    /** The body of a points or gift request's answer, waiting on its status URL if it was not decided in time. */
    private static JsonNode decided(Response response) {
        String body = response.then().extract().asString();
        JsonNode json = json(body);
        if (response.statusCode() == 202) {
            String statusUrl = json.path("statusUrl").asText();
            String[] answer = new String[1];
            Awaitility.await().atMost(SETTLES_WITHIN).until(() -> {
                Response r = given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                        .get(statusUrl);
                answer[0] = r.asString();
                return r.statusCode() != 202;
            });
            json = json(answer[0]);
        }
        assertFalse(json.has("code"), "refused: " + json);
        return json;
    }

    private static JsonNode json(String body) {
        try {
            return JsonSerde.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response get(String token, String path, String user) {
        return given().header("Authorization", Tokens.bearer(token)).get(path, user);
    }

    private static void postEvents(String token, String body) {
        given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }
}
