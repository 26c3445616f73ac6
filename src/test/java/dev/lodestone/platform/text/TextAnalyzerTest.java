package dev.lodestone.platform.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

    @Test
    void shouldSegmentChineseCompoundsIntoWordsNotCharacters() {
        List<String> terms = TextAnalyzer.terms("物流太慢");
        assertTrue(terms.contains("物流"), terms::toString);
        assertFalse(terms.contains("物"), terms::toString);
    }

    @Test
    void shouldStemEnglishAndDropStopWords() {
        assertEquals(List.of("ship", "slow"), TextAnalyzer.terms("The shipping was slow"));
    }

    @Test
    void shouldStemLatinWordsInsideChineseTextLikeEnglishText() {
        List<String> mixed = TextAnalyzer.terms("我想了解Running鞋");
        assertTrue(mixed.contains(TextAnalyzer.terms("running").get(0)), mixed::toString);
    }

    @Test
    void shouldAnswerNoTermsForBlankText() {
        assertEquals(List.of(), TextAnalyzer.terms("  "));
        assertEquals(List.of(), TextAnalyzer.terms(null));
    }
}
