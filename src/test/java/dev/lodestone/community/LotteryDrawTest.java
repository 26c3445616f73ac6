package dev.lodestone.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestone.platform.kafka.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LotteryDrawTest {

    private static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final List<String> ENTRIES =
            IntStream.range(0, 5000).mapToObj(i -> "member-" + i).toList();

    @Test
    void shouldDrawTheSameDistinctWinnersFromTheSameSeedAndEntries() {
        List<String> winners = LotteryDraw.winners(SEED, ENTRIES, 10);
        assertEquals(10, winners.size());
        assertEquals(10, new HashSet<>(winners).size());
        assertEquals(winners, LotteryDraw.winners(SEED, ENTRIES, 10));
        assertTrue(ENTRIES.containsAll(winners));
    }

    @Test
    void shouldChangeTheResultWhenOneEntryOrTheSeedChanges() {
        List<String> winners = LotteryDraw.winners(SEED, ENTRIES, 10);
        List<String> changed = new ArrayList<>(ENTRIES);
        changed.set(1234, "someone-else");
        assertNotEquals(winners, LotteryDraw.winners(SEED, changed, 10));
        String otherSeed = "f" + SEED.substring(1);
        assertNotEquals(winners, LotteryDraw.winners(otherSeed, ENTRIES, 10));
        assertNotEquals(LotteryDraw.entriesHash(ENTRIES), LotteryDraw.entriesHash(changed));
    }

    @Test
    void shouldDrawEveryoneWhenThereAreFewerEntriesThanWinners() {
        assertEquals(3, LotteryDraw.winners(SEED, List.of("a", "b", "c"), 10).size());
        assertEquals(List.of(), LotteryDraw.winners(SEED, List.of(), 10));
    }

    @Test
    void shouldGiveEveryEntryAboutTheSameChance() {
        List<String> three = List.of("a", "b", "c");
        int[] firsts = new int[3];
        for (int s = 0; s < 3000; s++) {
            String seed = String.format("%064x", s);
            firsts[three.indexOf(LotteryDraw.winners(seed, three, 1).getFirst())]++;
        }
        for (int n : firsts) {
            assertTrue(n > 900 && n < 1100, "each about 1000 of 3000: " + java.util.Arrays.toString(firsts));
        }
    }

    @Test
    void shouldVerifyAnHonestProofAndRefuseAForgedOne() {
        List<String> entries = ENTRIES.subList(0, 100);
        ObjectNode proof = JsonSerde.MAPPER.createObjectNode();
        proof.put("lotteryId", "lot-1");
        proof.put("winnersCount", 5);
        proof.put("seed", SEED);
        proof.put("commitment", LotteryDraw.commitment(SEED));
        proof.put("entriesHash", LotteryDraw.entriesHash(entries));
        ArrayNode e = proof.putArray("entries");
        entries.forEach(e::add);
        ArrayNode w = proof.putArray("winners");
        LotteryDraw.winners(SEED, entries, 5).forEach(w::add);
        assertEquals(0, LotteryVerifier.verify(proof, quiet()));

        ObjectNode forged = proof.deepCopy();
        ((ArrayNode) forged.get("winners"))
                .set(0, JsonSerde.MAPPER.getNodeFactory().textNode("member-99"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertEquals(1, LotteryVerifier.verify(forged, new PrintStream(text, true, StandardCharsets.UTF_8)));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("MISMATCH"));

        ObjectNode otherSeed = proof.deepCopy();
        otherSeed.put("seed", "f" + SEED.substring(1));
        assertEquals(1, LotteryVerifier.verify(otherSeed, quiet()), "the seed no longer matches its commitment");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
