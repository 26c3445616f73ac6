package dev.lodestone.loadtests;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The parameters every simulation shares, read from system properties ({@code -Dname=value} on the
 * Maven command line), and the warm-up/measure split they all use.
 *
 * <p>Warm-up requests run in the group {@value #WARMUP}, measured ones in {@value #MEASURED}; the
 * assertions look at the measured group only, so JIT compilation and connection set-up during the
 * ramp never count against p99.
 */
final class Params {

    static final String WARMUP = "warmup";

    /**
     * A 404 is an acceptable answer for an unknown shopper or item, never for a route the engine does
     * not serve (its generic 404 says "HTTP 404 Not Found"): that must count as an error.
     */
    static final CheckBuilder.Final SERVED_ROUTE = regex("\"message\":\"HTTP 404 Not Found\"").notExists();
    static final String MEASURED = "measured";

    final String baseUrl = text("baseUrl", "http://localhost:8080");
    final String token = text("token", System.getenv().getOrDefault("LODESTONE_TOKEN", ""));
    final double rate = number("rate", 20);
    final Duration warmup = Duration.ofSeconds((long) number("warmup", 10));
    final Duration duration = Duration.ofSeconds((long) number("duration", 30));
    final int users = (int) number("users", 1000);
    final int items = (int) number("items", 10000);
    final double p99Ms = number("p99Ms", 250);
    final double maxErrorPct = number("maxErrorPct", 1);

    static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static double number(String name, double fallback) {
        return Double.parseDouble(text(name, String.valueOf(fallback)));
    }

    HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("lodestone-gatling")
                .shareConnections();
        return token.isEmpty() ? protocol : protocol.authorizationHeader("Bearer " + token);
    }

    /**
     * The same journey twice: a ramp from 1 user/s to {@code rate} during {@code warmup}, then
     * {@code rate} new users per second for {@code duration} (open model: arrivals never wait for
     * responses, so a slow server cannot slow the load down).
     */
    PopulationBuilder openModel(String name, ChainBuilder journey) {
        ScenarioBuilder warm = scenario(name + " (warm-up)").exec(group(WARMUP).on(journey));
        ScenarioBuilder measured = scenario(name).exec(group(MEASURED).on(journey));
        OpenInjectionStep ramp = rampUsersPerSec(1).to(rate).during(warmup);
        OpenInjectionStep steady = constantUsersPerSec(rate).during(duration);
        return warm.injectOpen(ramp).andThen(measured.injectOpen(steady));
    }

    /** p99 and error-rate assertions on each named request of the measured group. */
    Assertion[] assertions(String... requests) {
        List<Assertion> list = new ArrayList<>();
        for (String request : requests) {
            list.add(details(MEASURED, request).responseTime().percentile(99.0).lte((int) Math.ceil(p99Ms)));
            list.add(details(MEASURED, request).failedRequests().percent().lte(maxErrorPct));
        }
        return list.toArray(Assertion[]::new);
    }
}
