package dev.lodestone.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.ingest.streams.ShopperEventStream;
import dev.lodestone.platform.kafka.PlatformTopics;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.support.KafkaProbe;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A poison record written straight to the topic is parked with its reason; the stream keeps running. */
@QuarkusTest
class DeadLetterEndToEndTest {

    @Test
    void shouldParkGarbageInTheDeadLetterTopicAndKeepProcessing() throws Exception {
        String user = "dlq-" + UUID.randomUUID();
        String garbage = "\u0000garbage-" + UUID.randomUUID();
        KafkaProbe.send(IngestTopics.SHOPPER_EVENTS.name(), "u:" + user, garbage.getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        String good = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"view\",\"userId\":\"" + user
                + "\",\"itemId\":\"item-1\",\"occurredAt\":\"" + now + "\",\"receivedAt\":\"" + now + "\"}";
        KafkaProbe.send(IngestTopics.SHOPPER_EVENTS.name(), "u:" + user, good.getBytes(StandardCharsets.UTF_8));

        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            ConsumerRecord<String, byte[]> parked = KafkaProbe.readAll(IngestTopics.SHOPPER_EVENTS_DLQ.name()).stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(garbage))
                    .findFirst()
                    .orElseThrow();
            String reason = new String(
                    parked.headers()
                            .lastHeader(ShopperEventStream.HEADER_REASON)
                            .value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.startsWith("not JSON"), reason);
        });
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                        .get("/v1/users/{id}/activity", user)
                        .then()
                        .statusCode(200)
                        .body("counts.view", equalTo(1)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/metrics")
                        .then()
                        .body(org.hamcrest.Matchers.containsString("lodestone_ingest_dead_letters_total")));
    }

    @Test
    void shouldParkACommandTheLedgerCannotProcessInTheStreamsDeadLetterTopicAndKeepProcessing() throws Exception {
        String user = "dlq-" + UUID.randomUUID();
        String poison = "{\"type\":\"REDEEM\",\"userId\":\"" + user + "\",\"points\":10}";
        KafkaProbe.send(PointsTopics.POINTS_COMMANDS.name(), "u:" + user, poison.getBytes(StandardCharsets.UTF_8));
        KafkaProbe.send(PointsTopics.POINTS_COMMANDS.name(), "u:" + user, "nope".getBytes(StandardCharsets.UTF_8));

        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            List<String> reasons = KafkaProbe.readAll(PlatformTopics.STREAMS_DLQ.name()).stream()
                    .filter(r -> ("u:" + user).equals(r.key()))
                    .map(r -> new String(
                            r.headers()
                                    .lastHeader(ShopperEventStream.HEADER_REASON)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .sorted()
                    .toList();
            // Streams deserializes a record ahead of processing the one before it: either may be parked first.
            assertEquals(
                    List.of("could not deserialize a record of points-commands", "processing failed in points-ledger"),
                    reasons);
        });
        // The stream is still running: an event of the same partition's task is still processed.
        Instant now = Instant.now();
        String good = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"view\",\"userId\":\"" + user
                + "\",\"itemId\":\"item-1\",\"occurredAt\":\"" + now + "\",\"receivedAt\":\"" + now + "\"}";
        KafkaProbe.send(IngestTopics.SHOPPER_EVENTS.name(), "u:" + user, good.getBytes(StandardCharsets.UTF_8));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                        .get("/v1/users/{id}/activity", user)
                        .then()
                        .statusCode(200)
                        .body("counts.view", equalTo(1)));
    }
}
