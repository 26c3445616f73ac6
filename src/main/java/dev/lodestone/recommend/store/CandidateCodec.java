package dev.lodestone.recommend.store;

import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RankedItem.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A shopper's ranked candidates as one compact text value, read on every recommendation: one line per
 * item, fields separated by tabs ({@code itemId, score (the bits of the double in hex: exact, and parsed several
 * times faster than its decimal form), reason type, because, together, category, brand},
 * empty for none), after a header line {@code c2 <tab> computedAtMillis <tab> sources without neighbours}
 * (comma-separated item ids). No JSON: decoding is a split
 * per line, a few times faster than parsing the profile's JSON it replaces on the request path. Item ids
 * cannot hold tabs or line breaks ({@code Ids}); category and brand are escaped.
 */
public final class CandidateCodec {

    static final String HEADER = "c2";

    /**
     * Candidates, when they were computed, and the similarity sources that had no neighbour list then (a
     * list that appears later makes the candidates stale).
     */
    public record Candidates(long computedAtMillis, List<String> missingSources, List<RankedItem> items) {}

    private CandidateCodec() {}

    static String encode(long computedAtMillis, List<String> missingSources, List<RankedItem> items) {
        StringBuilder out = new StringBuilder(64 + items.size() * 48);
        out.append(HEADER).append('\t').append(computedAtMillis).append('\t');
        out.append(String.join(",", missingSources));
        for (RankedItem item : items) {
            Reason r = item.reason();
            out.append('\n')
                    .append(item.itemId())
                    .append('\t')
                    .append(Long.toHexString(Double.doubleToRawLongBits(item.score())))
                    .append('\t');
            out.append(r.type()).append('\t');
            if (r.because() != null) {
                out.append(r.because());
            }
            out.append('\t');
            if (r.together() != null) {
                out.append(r.together().longValue());
            }
            out.append('\t');
            escape(out, r.category());
            out.append('\t');
            escape(out, r.brand());
        }
        return out.toString();
    }

    /** The candidates, or null for a value of another layout. */
    public static Candidates decode(String value) {
        return decode(value, UnaryOperator.identity());
    }

    /**
     * The candidates, or null for a value of another layout; item ids are replaced by {@code ids}'s
     * instance of the same id (the catalog's) and reason types by the constants, so that a decoded value
     * kept in memory (the near cache) holds a few small objects per candidate and no strings of its own.
     */
    public static Candidates decode(String value, UnaryOperator<String> ids) {
        if (value == null || !value.startsWith(HEADER + "\t")) {
            return null;
        }
        int end = lineEnd(value, 0);
        int split = value.indexOf('\t', HEADER.length() + 1);
        if (split < 0 || split > end) {
            return null;
        }
        long computedAt = Long.parseLong(value.substring(HEADER.length() + 1, split));
        List<String> missing = split + 1 == end
                ? List.of()
                : List.of(value.substring(split + 1, end).split(","));
        List<RankedItem> items = new ArrayList<>();
        String[] fields = new String[7];
        int start = end + 1;
        while (start < value.length()) {
            end = lineEnd(value, start);
            int from = start;
            for (int f = 0; f < 7; f++) {
                int tab = f == 6 ? end : value.indexOf('\t', from);
                if (tab < 0 || tab > end) {
                    return null;
                }
                fields[f] = value.substring(from, tab);
                from = tab + 1;
            }
            items.add(new RankedItem(
                    ids.apply(fields[0]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(fields[1], 16)),
                    new Reason(
                            type(fields[2]),
                            fields[3].isEmpty() ? null : ids.apply(fields[3]),
                            fields[4].isEmpty() ? null : Long.valueOf(fields[4]),
                            unescape(fields[5]),
                            unescape(fields[6]))));
            start = end + 1;
        }
        // Read-only: a decoded value may be shared by the requests the near cache answers.
        return new Candidates(computedAt, missing, Collections.unmodifiableList(items));
    }

    /** The constant of a known reason type (one instance for every candidate), else the text read. */
    private static String type(String type) {
        return switch (type) {
            case "similar" -> "similar";
            case "popular_in_category" -> "popular_in_category";
            case "matches_brand" -> "matches_brand";
            case "trending" -> "trending";
            case "catalog" -> "catalog";
            default -> type;
        };
    }

    private static int lineEnd(String value, int from) {
        int end = value.indexOf('\n', from);
        return end < 0 ? value.length() : end;
    }

    private static void escape(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        // A leading \0 tells an empty string from none.
        if (text.isEmpty()) {
            out.append("\\0");
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.indexOf('\\') < 0) {
            return text;
        }
        if (text.equals("\\0")) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
