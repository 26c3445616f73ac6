package dev.lodestone.community;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Banned words and links in a message, matched on normalised text: Chinese has no spaces between
 * words, and spammers write {@code Ｆ Ｒ Ｅ Ｅ} or {@code f.r.e.e}, so words are matched as substrings of
 * the text with case, width and everything but letters and digits taken out, never on word edges.
 *
 * <p>Normalisation: Unicode NFKC (full-width and compatibility forms to their plain letters), lower
 * case, then only letters and digits kept (spaces, punctuation, symbols and invisible format
 * characters dropped). Matching: one Aho–Corasick automaton over every banned word, so a message is
 * scanned once whatever the number of words.
 */
public final class TextModeration {

    /** {@code http(s)://}, {@code www.} or a bare domain with a common top-level domain. */
    static final Pattern LINK = Pattern.compile(
            "(?i)(https?://|www\\.|\\b[\\p{L}\\p{N}-]+\\s*[.。]\\s*(com|net|org|cn|io|co|shop|xyz|top|ly|me|info|biz)\\b)");

    private final Node root = new Node();
    private final boolean empty;

    private TextModeration(List<String> words) {
        boolean any = false;
        for (String word : words) {
            String n = normalize(word);
            if (n.isEmpty()) {
                continue;
            }
            any = true;
            Node node = root;
            for (int i = 0; i < n.length(); ) {
                int cp = n.codePointAt(i);
                node = node.next.computeIfAbsent(cp, c -> new Node());
                i += Character.charCount(cp);
            }
            node.word = word;
        }
        this.empty = !any;
        link();
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
        if (empty) {
            return Optional.empty();
        }
        String n = normalize(text);
        Node node = root;
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            while (node != root && !node.next.containsKey(cp)) {
                node = node.fail;
            }
            node = node.next.getOrDefault(cp, root);
            if (node.output != null) {
                return Optional.of(node.output);
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    public static boolean hasLink(String text) {
        return LINK.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).find();
    }

    /** Failure links breadth first; each node's output is the longest word ending there or at a suffix. */
    private void link() {
        ArrayDeque<Node> queue = new ArrayDeque<>();
        root.fail = root;
        for (Node child : root.next.values()) {
            child.fail = root;
            child.output = child.word;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            for (Map.Entry<Integer, Node> e : node.next.entrySet()) {
                int cp = e.getKey();
                Node child = e.getValue();
                Node f = node.fail;
                while (f != root && !f.next.containsKey(cp)) {
                    f = f.fail;
                }
                Node target = f.next.get(cp);
                child.fail = target == null || target == child ? root : target;
                child.output = child.word != null ? child.word : child.fail.output;
                queue.add(child);
            }
        }
    }

    private static final class Node {
        final Map<Integer, Node> next = new HashMap<>();
        Node fail;
        String word;
        String output;
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
