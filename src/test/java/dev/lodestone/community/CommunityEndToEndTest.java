package dev.lodestone.community;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Groups, messages, the live feed, moderation and coupon drops on the real embedded broker and Redis. */
@QuarkusTest
class CommunityEndToEndTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @Test
    void shouldPostRepliesAndReactionsAndPageTheHistoryNewestFirst() {
        String group = createGroup("{\"name\":\"Tea lovers\",\"category\":\"tea\"}");
        String alice = "alice-" + UUID.randomUUID();
        join(group, alice);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(group, alice, "{\"text\":\"message " + i + "\",\"itemId\":\"sku-1\"}", 201)
                    .getString("messageId"));
        }
        post(group, alice, "{\"text\":\"a reply\",\"replyTo\":\"" + ids.get(0) + "\"}", 201);
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> history(group, alice, null, 10).size() == 6);
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", Tokens.bearer(Tokens.shopper(alice)))
                    .contentType(ContentType.JSON)
                    .body("{\"reaction\":\"like\"}")
                    .post("/v1/community/groups/{g}/messages/{m}/reactions", group, ids.get(0))
                    .then()
                    .statusCode(201);
        }
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> {
            JsonNode first = find(history(group, alice, null, 10), ids.get(0));
            return first != null
                    && first.path("replies").asInt() == 1
                    && first.path("reactions").path("like").asInt() == 2;
        });
        Response page1 = given().header("Authorization", Tokens.bearer(Tokens.shopper(alice)))
                .get("/v1/community/groups/{g}/messages?limit=4", group);
        assertEquals(200, page1.statusCode());
        List<String> texts = page1.jsonPath().getList("messages.text");
        assertEquals(List.of("a reply", "message 4", "message 3", "message 2"), texts);
        String cursor = page1.jsonPath().getString("nextCursor");
        List<String> rest = given().header("Authorization", Tokens.bearer(Tokens.shopper(alice)))
                .get("/v1/community/groups/{g}/messages?limit=4&cursor=" + cursor, group)
                .jsonPath()
                .getList("messages.text");
        assertEquals(List.of("message 1", "message 0"), rest);
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/community/groups/{g}/members?limit=10", group)
                .then()
                .statusCode(200)
                .body("members[0].userId", org.hamcrest.Matchers.equalTo(alice));
    }

    @Test
    void shouldBlockAChineseBannedWordAndHideAReportedMessageFromHistoryAndTheLiveFeed() throws Exception {
        String group = createGroup("{\"name\":\"茶友\",\"rules\":{\"bannedWords\":[\"傻瓜\"]}}");
        String bob = "bob-" + UUID.randomUUID();
        String carol = "carol-" + UUID.randomUUID();
        join(group, bob);
        join(group, carol);
        Live live = Live.connect(base, Tokens.shopper(carol), group);

        JsonNode blocked = JsonSerde.MAPPER.readTree(
                postRaw(group, bob, "{\"text\":\"你这个傻瓜，这壶不好\"}").asString());
        assertEquals("blocked", blocked.path("code").asText());
        assertEquals("text", blocked.path("errors").path(0).path("field").asText());

        String spam = post(group, bob, "{\"text\":\"buy my stuff\"}", 201).getString("messageId");
        String fine = post(group, bob, "{\"text\":\"好茶\"}", 201).getString("messageId");
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> live.messageIds().containsAll(List.of(spam, fine)));
        assertEquals(List.of(spam, fine), live.messageIds(), "in order, once each");

        given().header("Authorization", Tokens.bearer(Tokens.shopper(carol)))
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"spam\"}")
                .post("/v1/community/groups/{g}/messages/{m}/reports", group, spam)
                .then()
                .statusCode(202);
        given().header("Authorization", Tokens.bearer(Tokens.mint(Roles.MODERATOR, "mod-1")))
                .contentType(ContentType.JSON)
                .body("{\"groupId\":\"" + group + "\",\"action\":\"hide\",\"messageId\":\"" + spam
                        + "\",\"reason\":\"spam\"}")
                .post("/v1/community/moderation/actions")
                .then()
                .statusCode(201);
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> live.hidden().contains(spam));
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> {
            List<JsonNode> messages = history(group, carol, null, 10);
            return find(messages, spam) == null && find(messages, fine) != null;
        });
        live.close();

        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> {
            Set<String> kinds = new HashSet<>();
            for (Object e : given().header("Authorization", Tokens.bearer(Tokens.mint(Roles.AGENT, "agent-1")))
                    .get("/v1/community/moderation/log?limit=1000")
                    .jsonPath()
                    .getList("entries.findAll { it.groupId == '" + group + "' }.type")) {
                kinds.add(String.valueOf(e));
            }
            return kinds.containsAll(Set.of("BLOCKED", "REPORTED", "HIDDEN"));
        });
    }

    @Test
    void shouldRefuseAMutedMembersPostsWithAClearErrorUntilTheMuteEnds() {
        String group = createGroup("{\"name\":\"Kettles\"}");
        String dave = "dave-" + UUID.randomUUID();
        join(group, dave);
        // The mute runs from the moderation request: it must outlast the way of the moderation event to
        // Redis on a loaded machine, or no post is ever refused.
        given().header("Authorization", Tokens.bearer(Tokens.mint(Roles.MODERATOR, "mod-2")))
                .contentType(ContentType.JSON)
                .body("{\"groupId\":\"" + group + "\",\"action\":\"mute\",\"userId\":\"" + dave + "\",\"seconds\":15}")
                .post("/v1/community/moderation/actions")
                .then()
                .statusCode(201);
        AtomicReference<Response> refused = new AtomicReference<>();
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> {
            refused.set(postRaw(group, dave, "{\"text\":\"hi\"}"));
            return refused.get().statusCode() == 403;
        });
        assertEquals("muted", refused.get().jsonPath().getString("code"));
        assertTrue(refused.get().jsonPath().getString("message").contains("muted in this group until"));
        assertTrue(refused.get().header("Retry-After") != null);
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> postRaw(group, dave, "{\"text\":\"back\"}").statusCode() == 201);
    }

    @Test
    void shouldKeepPrivateGroupsToMembersAndPostsToShoppersThemselves() {
        String group = createGroup("{\"name\":\"Insiders\",\"private\":true}");
        String erin = "erin-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper(erin)))
                .get("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("not_member"));
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body("{\"text\":\"as a shopper\"}")
                .post("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.shopper(erin)))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"mine\"}")
                .post("/v1/community/groups")
                .then()
                .statusCode(403);
        join(group, erin);
        given().header("Authorization", Tokens.bearer(Tokens.shopper(erin)))
                .get("/v1/community/groups/{g}/messages", group)
                .then()
                .statusCode(200);
    }

    @Test
    void shouldIssueADropsCouponsOncePerShopperAndNoMore() {
        String group = createGroup("{\"name\":\"Drops\"}");
        List<String> shoppers = IntStream.range(0, 12)
                .mapToObj(i -> "drop-" + i + "-" + UUID.randomUUID())
                .toList();
        shoppers.forEach(s -> join(group, s));
        String dropId = given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body("{\"coupons\":5,\"name\":\"Friday\"}")
                .post("/v1/community/groups/{g}/coupon-drops", group)
                .then()
                .statusCode(201)
                .extract()
                .path("dropId");
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                                .get("/v1/community/coupon-drops/{d}", dropId)
                                .statusCode()
                        == 200);
        List<CompletableFuture<Response>> claims = new ArrayList<>();
        for (String s : shoppers) {
            // Tokens are minted here: the pool's threads do not see the engine's configuration.
            String token = Tokens.bearer(Tokens.shopper(s));
            for (int i = 0; i < 2; i++) {
                claims.add(CompletableFuture.supplyAsync(() ->
                        given().header("Authorization", token).post("/v1/community/coupon-drops/{d}/claims", dropId)));
            }
        }
        List<Response> answers = claims.stream().map(CompletableFuture::join).toList();
        List<String> codes = answers.stream()
                .filter(r -> r.statusCode() == 201)
                .map(r -> r.jsonPath().getString("code"))
                .toList();
        Set<String> winners = new HashSet<>();
        answers.stream()
                .filter(r -> r.statusCode() == 201)
                .forEach(r -> winners.add(r.jsonPath().getString("userId")));
        assertEquals(
                5,
                codes.size(),
                "exactly the drop's coupons: "
                        + answers.stream()
                                .map(r -> r.statusCode() + " " + r.asString())
                                .distinct()
                                .toList());
        assertEquals(5, Set.copyOf(codes).size());
        assertEquals(5, winners.size(), "no shopper twice");
        answers.stream().filter(r -> r.statusCode() != 201).forEach(r -> {
            assertEquals(409, r.statusCode(), r.asString());
            assertTrue(Set.of("gone", "already_claimed").contains(r.jsonPath().getString("code")));
        });
        String outsider = "outsider-" + UUID.randomUUID();
        given().header("Authorization", Tokens.bearer(Tokens.shopper(outsider)))
                .post("/v1/community/coupon-drops/{d}/claims", dropId)
                .then()
                .statusCode(403);
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .post("/v1/coupons/{c}/redemptions", codes.getFirst())
                .then()
                .statusCode(201);
    }

    @Test
    void shouldDrawAVerifiableLotteryAndGiveEachWinnerItsCoupon() throws Exception {
        String group = createGroup("{\"name\":\"Lottery\"}");
        List<String> members = IntStream.range(0, 6)
                .mapToObj(i -> "lot-" + i + "-" + UUID.randomUUID())
                .toList();
        members.forEach(m -> join(group, m));
        // Creation, its projection and every entry must be decided before the draw, which runs on the clock.
        String endsAt = java.time.Instant.now().plusSeconds(35).toString();
        String lotteryId = given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body("{\"winners\":2,\"endsAt\":\"" + endsAt + "\"}")
                .post("/v1/community/groups/{g}/lotteries", group)
                .then()
                .statusCode(201)
                .extract()
                .path("lotteryId");
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                                .get("/v1/community/lotteries/{l}", lotteryId)
                                .statusCode()
                        == 200);
        java.util.Map<String, String> memberOfEntry = new java.util.HashMap<>();
        for (String m : members) {
            String entryId = given().header("Authorization", Tokens.bearer(Tokens.shopper(m)))
                    .header("Idempotency-Key", "enter-" + m)
                    .post("/v1/community/lotteries/{l}/entries", lotteryId)
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("entryId");
            memberOfEntry.put(entryId, m);
        }
        given().header("Authorization", Tokens.bearer(Tokens.shopper(members.get(0))))
                .post("/v1/community/lotteries/{l}/entries", lotteryId)
                .then()
                .statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("already_entered"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.shopper(members.get(1))))
                                .get("/v1/community/lotteries/{l}/proof", lotteryId)
                                .statusCode()
                        == 200);
        JsonNode proof =
                JsonSerde.MAPPER.readTree(given().header("Authorization", Tokens.bearer(Tokens.shopper(members.get(1))))
                        .get("/v1/community/lotteries/{l}/proof", lotteryId)
                        .asString());
        assertEquals(6, proof.path("entries").size());
        assertEquals(0, LotteryVerifier.verify(proof, System.out), "the published proof recomputes");
        // The proof lists entry ids, never user ids: each member knows its own from the entry's answer.
        Set<String> listed = new HashSet<>();
        proof.path("entries").forEach(entry -> listed.add(entry.asText()));
        assertEquals(memberOfEntry.keySet(), listed);
        String winner = memberOfEntry.get(proof.path("winners").path(0).asText());
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.shopper(winner)))
                                .get("/v1/community/lotteries/{l}/prize", lotteryId)
                                .statusCode()
                        == 200);
    }

    @Test
    void shouldCreditAStoryOnceThroughTheShareRuleAndTakeItBackWhenHidden() {
        String group = createGroup("{\"name\":\"Stories\"}");
        String fay = "fay-" + UUID.randomUUID();
        join(group, fay);
        postRaw(group, fay, "{\"text\":\"my story\",\"story\":true}")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("itemId"));
        String story = post(group, fay, "{\"text\":\"how I use this kettle\",\"story\":true,\"itemId\":\"sku-9\"}", 201)
                .getString("messageId");
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> balance(fay) > 0);
        long earned = balance(fay);
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> find(history(group, fay, null, 10), story) != null);
        given().header("Authorization", Tokens.bearer(Tokens.mint(Roles.MODERATOR, "mod-3")))
                .contentType(ContentType.JSON)
                .body("{\"groupId\":\"" + group + "\",\"action\":\"hide\",\"messageId\":\"" + story + "\"}")
                .post("/v1/community/moderation/actions")
                .then()
                .statusCode(201);
        Awaitility.await().atMost(VISIBLE_WITHIN).until(() -> balance(fay) == 0);
        assertTrue(earned > 0);
    }

    private static long balance(String user) {
        return given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .get("/v1/users/{u}/points", user)
                .jsonPath()
                .getLong("balance");
    }

    // --- helpers

    private static String createGroup(String body) {
        String id = given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/community/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("groupId");
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                                .get("/v1/community/groups/{g}", id)
                                .statusCode()
                        == 200);
        return id;
    }

    private static void join(String group, String user) {
        given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .post("/v1/community/groups/{g}/members", group)
                .then()
                .statusCode(201);
        Awaitility.await()
                .atMost(VISIBLE_WITHIN)
                .until(() -> given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                        .get("/v1/community/groups/{g}/members?limit=500", group)
                        .jsonPath()
                        .getList("members.userId")
                        .contains(user));
    }

    private static Response postRaw(String group, String user, String body) {
        return given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/community/groups/{g}/messages", group);
    }

    private static io.restassured.path.json.JsonPath post(String group, String user, String body, int status) {
        Response r = postRaw(group, user, body);
        assertEquals(status, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    private static List<JsonNode> history(String group, String user, String cursor, int limit) throws Exception {
        String json = given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .get(
                        "/v1/community/groups/{g}/messages?limit=" + limit
                                + (cursor == null ? "" : "&cursor=" + cursor),
                        group)
                .asString();
        List<JsonNode> out = new ArrayList<>();
        JsonSerde.MAPPER.readTree(json).path("messages").forEach(out::add);
        return out;
    }

    private static JsonNode find(List<JsonNode> messages, String id) {
        return messages.stream()
                .filter(m -> id.equals(m.path("messageId").asText()))
                .findFirst()
                .orElse(null);
    }

    /** A live WebSocket client following one group. */
    static final class Live implements WebSocket.Listener {
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> following = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Live connect(URI base, String token, String group) throws Exception {
            Live live = new Live();
            URI uri =
                    URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/community/live?groups=" + group);
            live.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", Tokens.bearer(token))
                    .buildAsync(uri, live)
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            live.following.get(30, java.util.concurrent.TimeUnit.SECONDS);
            return live;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode json = JsonSerde.MAPPER.readTree(partial.toString());
                    received.add(json);
                    if ("following".equals(json.path("type").asText())) {
                        following.complete(null);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String> messageIds() {
            return received.stream()
                    .filter(j -> "message".equals(j.path("type").asText()))
                    .map(j -> j.path("message").path("messageId").asText())
                    .toList();
        }

        List<String> hidden() {
            return received.stream()
                    .filter(j -> "hidden".equals(j.path("type").asText()))
                    .map(j -> j.path("messageId").asText())
                    .toList();
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    @Test
    void shouldRefuseALiveConnectionWithoutAToken() {
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/community/live");
        CompletableFuture<WebSocket> attempt =
                HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {});
        assertFalse(succeeds(attempt));
    }

    @Test
    void shouldAcceptABrowsersTokenCarriedInTheSubprotocols() throws Exception {
        String group = createGroup("{\"name\":\"Browsers\"}");
        Live live = new Live();
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/community/live?groups=" + group);
        live.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols(
                        "bearer-token-carrier",
                        java.net.URLEncoder.encode(
                                "quarkus-http-upgrade#Authorization#Bearer "
                                        + Tokens.shopper("browser-" + UUID.randomUUID()),
                                java.nio.charset.StandardCharsets.UTF_8))
                .buildAsync(uri, live)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        live.following.get(30, java.util.concurrent.TimeUnit.SECONDS);
        live.close();
    }

    private static boolean succeeds(CompletableFuture<WebSocket> attempt) {
        try {
            attempt.get(30, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
