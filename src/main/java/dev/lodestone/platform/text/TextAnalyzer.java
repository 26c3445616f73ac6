package dev.lodestone.platform.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns free text into terms with Lucene's analyzers, used as a tokenisation library (no Lucene index).
 * Text with Chinese characters goes through {@link SmartChineseAnalyzer}, which segments words with
 * its dictionary and hidden Markov model (物流太慢 → 物流 / 太 / 慢) and Porter-stems the Latin words
 * inside it; other text through {@link EnglishAnalyzer} (lowercase, English stop words, Porter stems).
 * Both stem English alike, so a query and a document meet on the same terms whichever script
 * dominates either. Thread-safe: Lucene analyzers keep their token streams per thread.
 */
public final class TextAnalyzer {

    private static final Analyzer CHINESE = new SmartChineseAnalyzer();
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    private TextAnalyzer() {}

    /** The terms of {@code text} in order, repeats kept (term frequencies count them). */
    public static List<String> terms(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Analyzer analyzer = containsHan(text) ? CHINESE : ENGLISH;
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() > 0) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            // Analysing a String never does I/O; Lucene's signature declares it anyway.
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** Whether the text has at least one Han (Chinese) character. */
    public static boolean containsHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
