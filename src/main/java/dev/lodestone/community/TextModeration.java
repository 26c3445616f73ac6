package dev.lodestone.community;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Banned words and links in a message, matched on normalised text: Chinese has no spaces between
 * words, and spammers write {@code Ｆ Ｒ Ｅ Ｅ} or {@code f.r.e.e}, so words are matched as substrings of
 * the text with case, width and everything but letters and digits taken out, never on word edges.
 *
 * <p>Normalisation: Unicode NFKC (full-width and compatibility forms to their plain letters), lower
 * case, then only letters and digits kept (spaces, punctuation, symbols and invisible format
 * characters dropped). Matching: one Aho–Corasick automaton over every banned word (the
 * {@code org.ahocorasick} library), so a message is scanned once whatever the number of words.
 */
public final class TextModeration {

    /** {@code http(s)://}, {@code www.} or a bare domain with a common top-level domain. */
    static final Pattern LINK = Pattern.compile(
            "(?i)(https?://|www\\.|\\b[\\p{L}\\p{N}-]+\\s*[.。]\\s*(com|net|org|cn|io|co|shop|xyz|top|ly|me|info|biz)\\b)");

    /** Each normalised banned word and the word as the rules spell it (the first, when two normalise alike). */
    private final Map<String, String> spelledAs = new HashMap<>();

    private final Trie trie;

    private TextModeration(List<String> words) {
        for (String word : words) {
            String n = normalize(word);
            if (!n.isEmpty()) {
                spelledAs.putIfAbsent(n, word);
            }
        }
        this.trie = spelledAs.isEmpty()
                ? null
                : Trie.builder().addKeywords(spelledAs.keySet()).stopOnHit().build();
    }

    /** The matcher of a group's banned words. */
    public static TextModeration of(List<String> bannedWords) {
        return new TextModeration(bannedWords == null ? List.of() : bannedWords);
    }

    /** NFKC, lower case, letters and digits only. */
    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The first banned word found in {@code text}, as the rules spell it. */
    public Optional<String> bannedWord(String text) {
        if (trie == null) {
            return Optional.empty();
        }
        Emit hit = trie.firstMatch(normalize(text));
        return hit == null ? Optional.empty() : Optional.of(spelledAs.get(hit.getKeyword()));
    }

    public static boolean hasLink(String text) {
        return LINK.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).find();
    }

    /** Every banned word of {@code words} that normalises to nothing (refused when rules are set). */
    public static List<String> meaningless(List<String> words) {
        List<String> bad = new ArrayList<>();
        for (String w : words) {
            if (normalize(w).isEmpty()) {
                bad.add(w);
            }
        }
        return bad;
    }
}
