package dev.lodestone.loadtests;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shopper event stream: a storefront reporting what its shoppers do.
 *
 * <p>Steps, per arriving shopper (a random {@code user-N} with a new session):
 * <ol>
 *   <li>{@code POST /v1/events} with one {@code view} event (a product page tracking call) → 202</li>
 *   <li>{@code POST /v1/events} with an array of {@code batch} events of the rest of the session
 *       (views of Zipf-ish popular items, one {@code add_to_cart}, every fifth session a
 *       {@code purchase}) → 202 with {@code accepted = batch}</li>
 * </ol>
 *
 * <p>Parameters (system properties, default in brackets):
 * {@code baseUrl} [http://localhost:8080], {@code token} [env LODESTONE_TOKEN; a storefront token],
 * {@code rate} new shoppers per second [20], {@code warmup} seconds of ramp from 1/s to rate [10],
 * {@code duration} seconds at rate [30], {@code batch} events in the second call, 1-1000 [20],
 * {@code users} shopper ids user-0..users-1 [1000], {@code items} item ids item-0..items-1 [10000],
 * {@code p99Ms} assertion on each request's p99 [250], {@code maxErrorPct} assertion on each
 * request's error rate [1].
 */
public class ShopperEventStreamSimulation extends Simulation {

    private final Params params = new Params();
    private final int batch = (int) Params.number("batch", 20);

    private final Iterator<Map<String, Object>> shoppers = Stream.generate(() -> Map.<String, Object>of(
                    "userId", "user-" + ThreadLocalRandom.current().nextInt(params.users),
                    "sessionId", "lt-" + UUID.randomUUID()))
            .iterator();

    private String item() {
        double u = ThreadLocalRandom.current().nextDouble();
        return "item-" + (int) (u * u * params.items);
    }

    private String event(Session session, String type, String itemId, String extra) {
        return "{\"eventId\":\"lt-" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"userId\":\""
                + session.getString("userId") + "\",\"sessionId\":\"" + session.getString("sessionId")
                + "\",\"itemId\":\"" + itemId + "\"" + extra + "}";
    }

    private String single(Session session) {
        return event(session, "view", item(), "");
    }

    private String session(Session session) {
        StringBuilder body = new StringBuilder(batch * 180).append('[');
        String last = item();
        boolean purchase = ThreadLocalRandom.current().nextInt(5) == 0;
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                body.append(',');
            }
            if (i == batch - 2 && batch >= 3) {
                body.append(event(session, "add_to_cart", last, ",\"quantity\":1"));
            } else if (i == batch - 1 && batch >= 3 && purchase) {
                body.append(event(session, "purchase", last, ",\"quantity\":1,\"price\":199.0,\"currency\":\"CNY\""));
            } else {
                last = item();
                body.append(event(session, "view", last, ""));
            }
        }
        return body.append(']').toString();
    }

    private ChainBuilder journey() {
        return feed(shoppers)
                .exec(http("event").post("/v1/events").body(StringBody(this::single)).check(status().is(202)))
                .exec(http("session batch").post("/v1/events").body(StringBody(this::session))
                        .check(status().is(202), jsonPath("$.accepted").ofInt().is(batch)));
    }

    {
        setUp(params.openModel("shopper event stream", journey()))
                .protocols(params.protocol())
                .assertions(params.assertions("event", "session batch"));
    }
}
