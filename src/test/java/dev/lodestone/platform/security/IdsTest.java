package dev.lodestone.platform.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The id syntax, one Unicode class at a time. */
class IdsTest {

    @Test
    void shouldRefuseDotSegmentsSurrogatesFormatPrivateUnassignedSeparatorsAndControls() {
        for (String id : new String[] {
            ".",
            "..",
            "\ud800",
            "a\ufffdb",
            "a\udc00",
            "\u200b",
            "a\u202eb",
            "\u2066",
            "\ufeff",
            "\ue000",
            "\udb80\udc00",
            "\u0378",
            "\uffff",
            "\u2028",
            "\u2029",
            "\u0085",
            "\u00a0",
            "a b",
            "a,b",
            "\t",
            "",
            "x".repeat(129)
        }) {
            assertFalse(
                    Ids.valid(id),
                    () -> "accepted "
                            + id.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void shouldAcceptLettersDigitsPunctuationAndSymbolsOfEveryScript() {
        for (String id : new String[] {
            "alice", "用户-1", "émile", "a.b", "...", ".a", "order#7", "\ud83d\ude00", "ü:ß/é", "e\u0301", "x".repeat(128)
        }) {
            assertTrue(Ids.valid(id), () -> "refused " + id);
        }
    }
}
