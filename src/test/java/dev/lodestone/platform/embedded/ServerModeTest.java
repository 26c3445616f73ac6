package dev.lodestone.platform.embedded;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** With the embedded default off, a start without Kafka or Redis is refused, naming what is missing. */
class ServerModeTest {

    @Test
    void shouldNameBothServersWhenNeitherIsSet() {
        String message = EmbeddedInfraConfigSourceFactory.missingServers(null, " ");
        assertTrue(message.contains("KAFKA_BOOTSTRAP_SERVERS"), message);
        assertTrue(message.contains("REDIS_HOSTS"), message);
        assertTrue(message.contains("LODESTONE_EMBEDDED_ENABLED"), message);
    }

    @Test
    void shouldNameOnlyTheMissingServer() {
        String noKafka = EmbeddedInfraConfigSourceFactory.missingServers("", "redis://redis:6379");
        assertTrue(noKafka.contains("KAFKA_BOOTSTRAP_SERVERS") && !noKafka.contains("REDIS_HOSTS"), noKafka);
        String noRedis = EmbeddedInfraConfigSourceFactory.missingServers("kafka:9092", null);
        assertTrue(noRedis.contains("REDIS_HOSTS") && !noRedis.contains("KAFKA_BOOTSTRAP_SERVERS"), noRedis);
    }

    @Test
    void shouldStartWhenBothAreNamed() {
        assertNull(EmbeddedInfraConfigSourceFactory.missingServers("kafka:9092", "redis://redis:6379"));
    }
}
