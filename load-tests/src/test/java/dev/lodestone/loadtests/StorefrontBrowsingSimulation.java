package dev.lodestone.loadtests;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Storefront browsing: what a shop's pages ask while a shopper browses.
 *
 * <p>Steps, per arriving shopper (a random {@code user-N}, a Zipf-ish popular {@code item-N}):
 * <ol>
 *   <li>{@code GET /v1/trending?limit=20} (home page)</li>
 *   <li>{@code GET /v1/users/{userId}/recommendations?limit=20} (home page, personalised)</li>
 *   <li>{@code GET /v1/items/{itemId}/similar?limit=10} (product page)</li>
 *   <li>{@code GET /v1/users/{userId}/profile} (account page; 404 for a shopper never seen is accepted)</li>
 * </ol>
 *
 * <p>Parameters (system properties, default in brackets):
 * {@code baseUrl} [http://localhost:8080], {@code token} [env LODESTONE_TOKEN; a storefront token],
 * {@code rate} new shoppers per second [20], {@code warmup} seconds of ramp from 1/s to rate [10],
 * {@code duration} seconds at rate [30], {@code users} shopper ids user-0..users-1 [1000],
 * {@code items} item ids item-0..items-1 [10000], {@code p99Ms} assertion on each request's p99 [250],
 * {@code maxErrorPct} assertion on each request's error rate [1], {@code thinkMs} pause between pages [0].
 */
public class StorefrontBrowsingSimulation extends Simulation {

    private final Params params = new Params();
    private final long thinkMs = (long) Params.number("thinkMs", 0);

    private final Iterator<Map<String, Object>> shoppers = Stream.generate(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // Product pages follow popularity: the square of a uniform draw favours low item numbers.
                double u = random.nextDouble();
                return Map.<String, Object>of(
                        "userId", "user-" + random.nextInt(params.users),
                        "itemId", "item-" + (int) (u * u * params.items));
            })
            .iterator();

    private ChainBuilder journey() {
        return feed(shoppers)
                .exec(http("trending").get("/v1/trending").queryParam("limit", 20)
                        .check(status().is(200), jsonPath("$.items").exists()))
                .pause(Duration.ofMillis(thinkMs))
                .exec(http("recommendations").get("/v1/users/#{userId}/recommendations").queryParam("limit", 20)
                        .check(status().is(200), jsonPath("$.recommendationId").exists(), jsonPath("$.items").exists()))
                .pause(Duration.ofMillis(thinkMs))
                .exec(http("similar").get("/v1/items/#{itemId}/similar").queryParam("limit", 10)
                        .check(status().in(200, 404), Params.SERVED_ROUTE))
                .pause(Duration.ofMillis(thinkMs))
                .exec(http("profile").get("/v1/users/#{userId}/profile")
                        .check(status().in(200, 404), Params.SERVED_ROUTE));
    }

    {
        setUp(params.openModel("storefront browsing", journey()))
                .protocols(params.protocol())
                .assertions(params.assertions("trending", "recommendations", "similar", "profile"));
    }
}
