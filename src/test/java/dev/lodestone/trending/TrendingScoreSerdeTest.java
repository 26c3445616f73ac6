package dev.lodestone.trending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.kafka.JsonSerde;
import org.junit.jupiter.api.Test;

class TrendingScoreSerdeTest {

    private static final TrendingScore SCORE =
            new TrendingScore("商品-7", "电子产品", 1234.000000123456789, 1_764_000_000_123L, 42);

    private final TrendingScoreSerde serde = new TrendingScoreSerde();

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        assertEquals(SCORE, serde.deserialize("t", serde.serialize("t", SCORE)));
        TrendingScore uncategorised = new TrendingScore("item-1", null, -3.5, 0, 1);
        assertEquals(uncategorised, serde.deserialize("t", serde.serialize("t", uncategorised)));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void shouldStillReadScoresPublishedAsJson() {
        byte[] json = JsonSerde.of(TrendingScore.class).serialize("item-trending", SCORE);

        assertEquals(SCORE, serde.deserialize("item-trending", json));
    }

    @Test
    void shouldWriteLessThanJson() {
        int json = JsonSerde.of(TrendingScore.class).serialize("t", SCORE).length;
        int binary = serde.serialize("t", SCORE).length;

        assertTrue(binary < json, binary + " bytes against " + json);
    }
}
