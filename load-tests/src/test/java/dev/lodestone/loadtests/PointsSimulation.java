package dev.lodestone.loadtests;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Points: a shopper earns points with a purchase, checks the balance and redeems some, and the
 * storefront retries the redemption (a network retry) with the same {@code Idempotency-Key}.
 *
 * <p>Steps, per arriving shopper (a new id {@code lt-points-<uuid>}, so balances never interfere):
 * <ol>
 *   <li>{@code POST /v1/events} one {@code purchase} of {@code earn} CNY → 202 (earns points)</li>
 *   <li>{@code GET /v1/users/{userId}/points} until {@code balance ≥ redeem} (polled every
 *       {@code pollMs}, at most {@code maxPolls} times) → 200</li>
 *   <li>{@code POST /v1/users/{userId}/points/redemptions}, header {@code Idempotency-Key: <uuid>}, body
 *       {@code {"points":redeem,"reason":"load-test"}} → 201 (or 202 while the ledger decides)</li>
 *   <li>the same request again with the same key → the same status and the same body</li>
 * </ol>
 *
 * <p>Parameters (system properties, default in brackets):
 * {@code baseUrl} [http://localhost:8080], {@code token} [env LODESTONE_TOKEN; a token allowed to act for
 * any shopper, e.g. {@code --role admin}], {@code rate} new shoppers per second [10], {@code warmup}
 * seconds of ramp from 1/s to rate [10], {@code duration} seconds at rate [30], {@code earn} purchase
 * price in CNY [100], {@code redeem} points per redemption [10], {@code pollMs} [100], {@code maxPolls}
 * [50], {@code p99Ms} assertion on each request's p99 [250], {@code maxErrorPct} assertion on each
 * request's error rate [1].
 */
public class PointsSimulation extends Simulation {

    private final Params params = new Params();
    private final int earn = (int) Params.number("earn", 100);
    private final int redeem = (int) Params.number("redeem", 10);
    private final long pollMs = (long) Params.number("pollMs", 100);
    private final int maxPolls = (int) Params.number("maxPolls", 50);

    private final Iterator<Map<String, Object>> shoppers = Stream.generate(() -> Map.<String, Object>of(
                    "userId", "lt-points-" + UUID.randomUUID(),
                    "idempotencyKey", UUID.randomUUID().toString(),
                    "eventId", "lt-" + UUID.randomUUID()))
            .iterator();

    private ChainBuilder journey() {
        String purchase = "{\"eventId\":\"#{eventId}\",\"type\":\"purchase\",\"userId\":\"#{userId}\","
                + "\"itemId\":\"item-1\",\"quantity\":1,\"price\":" + earn + ".0,\"currency\":\"CNY\"}";
        String redemption = "{\"points\":" + redeem + ",\"reason\":\"load-test\"}";
        return feed(shoppers)
                .exec(http("purchase").post("/v1/events").body(StringBody(purchase)).check(status().is(202)))
                .exec(session -> session.set("balance", -1L).set("polls", 0))
                .asLongAs(session -> session.getLong("balance") < redeem && session.getInt("polls") < maxPolls)
                .on(exec(http("balance").get("/v1/users/#{userId}/points")
                                .check(status().in(200, 404), Params.SERVED_ROUTE)
                                .check(jsonPath("$.balance").ofLong().optional().saveAs("seen")))
                        .exec(session -> session
                                .set("balance", session.contains("seen") ? session.getLong("seen") : -1L)
                                .set("polls", session.getInt("polls") + 1))
                        .pause(Duration.ofMillis(pollMs)))
                .exec(http("redemption").post("/v1/users/#{userId}/points/redemptions")
                        .header("Idempotency-Key", "#{idempotencyKey}")
                        .body(StringBody(redemption))
                        .check(status().in(201, 202).saveAs("firstStatus"))
                        .check(bodyString().saveAs("firstBody")))
                // A retry of a decided redemption must replay the decision byte for byte; one still
                // pending (202) may meanwhile have been decided.
                .doIfOrElse(session -> session.getInt("firstStatus") == 201)
                .then(exec(retry(redemption)
                        .check(status().is(201))
                        .check(bodyString().is(session -> session.getString("firstBody")))))
                .orElse(exec(retry(redemption).check(status().in(201, 202))));
    }

    private HttpRequestActionBuilder retry(String redemption) {
        return http("redemption retry").post("/v1/users/#{userId}/points/redemptions")
                .header("Idempotency-Key", "#{idempotencyKey}")
                .body(StringBody(redemption));
    }

    {
        setUp(params.openModel("points", journey()))
                .protocols(params.protocol())
                .assertions(params.assertions("purchase", "balance", "redemption", "redemption retry"));
    }
}
