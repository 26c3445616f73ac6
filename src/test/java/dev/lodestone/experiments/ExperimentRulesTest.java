package dev.lodestone.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.recommend.RankerSettings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a PUT may define, the field named in every refusal, and how a variant overrides the ranking. */
class ExperimentRulesTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return JsonSerde.MAPPER.readTree(text);
    }

    private static String refusedField(String body) throws Exception {
        JsonNode node = json(body);
        ApiException e = assertThrows(ApiException.class, () -> ExperimentRules.parse("x", node, null, T));
        assertEquals(400, e.status());
        return e.errors().getFirst().field();
    }

    @Test
    void shouldReadVariantsSharesSettingsAndStartTime() throws Exception {
        Experiment e = ExperimentRules.parse(
                "ranking-1",
                json("{\"variants\":[{\"name\":\"control\",\"share\":50},"
                        + "{\"name\":\"b\",\"share\":50,\"settings\":{\"trendingWeight\":0.2,\"maxPerCategory\":3}}],"
                        + "\"active\":true}"),
                null,
                T);
        assertTrue(e.active());
        assertEquals(T, e.startedAt());
        assertEquals("control", e.control().name());
        assertEquals(
                Map.of("trendingWeight", 0.2, "maxPerCategory", 3),
                e.variant("b").settings());

        Experiment stopped = ExperimentRules.parse(
                "ranking-1",
                json("{\"variants\":[{\"name\":\"control\",\"share\":100}],\"active\":false}"),
                e,
                T.plusSeconds(60));
        assertFalse(stopped.active());
        assertEquals(T, stopped.startedAt());
        assertEquals(T.plusSeconds(60), stopped.stoppedAt());
        assertEquals(2, stopped.version());
    }

    @Test
    void shouldNameTheFieldOfEveryRefusal() throws Exception {
        assertEquals("variants", refusedField("{}"));
        assertEquals("variants", refusedField("{\"variants\":[{\"name\":\"a\",\"share\":60}]}"));
        assertEquals(
                "variants[1].name",
                refusedField("{\"variants\":[{\"name\":\"a\",\"share\":50},{\"name\":\"a\",\"share\":50}]}"));
        assertEquals("variants[0].name", refusedField("{\"variants\":[{\"name\":\"a~b\",\"share\":100}]}"));
        assertEquals("variants[0].share", refusedField("{\"variants\":[{\"name\":\"a\",\"share\":\"100\"}]}"));
        assertEquals(
                "variants[0].settings.noSuchKnob",
                refusedField("{\"variants\":[{\"name\":\"a\",\"share\":100,\"settings\":{\"noSuchKnob\":1}}]}"));
        assertEquals(
                "variants[0].settings.requireCatalog",
                refusedField(
                        "{\"variants\":[{\"name\":\"a\",\"share\":100,\"settings\":{\"requireCatalog\":false}}]}"));
        assertEquals(
                "variants[0].settings.maxPerCategory",
                refusedField("{\"variants\":[{\"name\":\"a\",\"share\":100,\"settings\":{\"maxPerCategory\":2.5}}]}"));
        assertEquals(
                "variants[0].settings.trendingWeight",
                refusedField("{\"variants\":[{\"name\":\"a\",\"share\":100,\"settings\":{\"trendingWeight\":-1}}]}"));
        assertEquals("active", refusedField("{\"variants\":[{\"name\":\"a\",\"share\":100}],\"active\":\"yes\"}"));
        assertFalse(ExperimentRules.validId("a/b"));
        assertFalse(ExperimentRules.validId(".."));
    }

    @Test
    void shouldOverrideOnlyTheNamedRankingSettings() {
        RankerSettings base = RankerSettings.from(EngineConfig.defaults().recommend());
        assertSame(base, ExperimentRules.apply(base, Map.of()));
        RankerSettings b =
                ExperimentRules.apply(base, Map.of("trendingWeight", 0.2, "maxPerCategory", 3, "includeSeen", true));
        assertEquals(0.2, b.trendingWeight());
        assertEquals(3, b.maxPerCategory());
        assertTrue(b.includeSeen());
        assertEquals(base.categoryBoost(), b.categoryBoost());
        assertTrue(b.requireCatalog());
        assertTrue(ExperimentRules.settingNames().contains("sourceDecay"));
        assertFalse(ExperimentRules.settingNames().contains("requireCatalog"));
    }
}
