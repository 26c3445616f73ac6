package dev.lodestone.recommend.store;

import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RankedItem.Reason;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
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
     * kept in memory (the near cache) holds, beside the value itself, a few small objects per candidate
     * read and no id strings of its own. Only the layout is checked here (the header, seven fields on
     * every line); a candidate is decoded from its line when it is first read: a list is picked from the
     * best of them, about a third of the candidates kept, and the decoding of the rest was a fifth of a
     * request's work.
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
        int[] starts = lineStarts(value, end + 1);
        return starts == null ? null : new Candidates(computedAt, missing, new Lines(value, starts, ids));
    }

    /**
     * The candidates as the near cache holds a shopper it read ahead of any request: every candidate
     * decoded once into a few arrays (about 2.5 KB at 60 candidates), without the value they were read
     * from, which a value holding text outside Latin-1 doubles. With 100,000 shoppers held, values and the
     * candidates requests decoded from them took twice the heap (docs/benchmarks.md). A read hands out a
     * new, short-lived item per candidate. The same candidates as {@code candidates}; candidates not
     * decoded from a value ({@link #decode}) are returned as they are.
     */
    public static Candidates packed(Candidates candidates) {
        if (candidates == null || !(candidates.items() instanceof Lines lines)) {
            return candidates;
        }
        return new Candidates(candidates.computedAtMillis(), candidates.missingSources(), new Packed(lines));
    }

    /** Candidates decoded into arrays; each read makes a new item. Read-only. */
    private static final class Packed extends AbstractList<RankedItem> implements RandomAccess {

        /** {@code together} of a reason without one. */
        private static final long NONE = Long.MIN_VALUE;

        private final String[] ids;
        private final double[] scores;
        private final String[] types;
        private final String[] because;
        private final long[] together;
        private final String[] categories;
        private final String[] brands;

        Packed(List<RankedItem> items) {
            int n = items.size();
            ids = new String[n];
            scores = new double[n];
            types = new String[n];
            because = new String[n];
            together = new long[n];
            categories = new String[n];
            brands = new String[n];
            for (int i = 0; i < n; i++) {
                RankedItem item = items.get(i);
                Reason r = item.reason();
                ids[i] = item.itemId();
                scores[i] = item.score();
                types[i] = r.type();
                because[i] = r.because();
                together[i] = r.together() == null ? NONE : r.together();
                // A catalog's few categories and brands, repeated in every shopper's candidates: one
                // instance each.
                categories[i] = r.category() == null ? null : r.category().intern();
                brands[i] = r.brand() == null ? null : r.brand().intern();
            }
        }

        @Override
        public RankedItem get(int index) {
            long count = together[index];
            return new RankedItem(
                    ids[index],
                    scores[index],
                    new Reason(
                            types[index],
                            because[index],
                            count == NONE ? null : count,
                            categories[index],
                            brands[index]));
        }

        @Override
        public int size() {
            return ids.length;
        }
    }

    /**
     * Where each candidate's line starts, and one past the last line's end; null unless every line has
     * seven fields.
     */
    private static int[] lineStarts(String value, int first) {
        int[] starts = new int[16];
        int lines = 0;
        int start = first;
        while (start < value.length()) {
            int end = lineEnd(value, start);
            int tabs = 0;
            for (int tab = value.indexOf('\t', start); tab >= 0 && tab < end; tab = value.indexOf('\t', tab + 1)) {
                tabs++;
            }
            if (tabs != 6) {
                return null;
            }
            if (lines + 1 == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[lines++] = start;
            start = end + 1;
        }
        starts[lines] = value.length() + 1;
        return Arrays.copyOf(starts, lines + 1);
    }

    /**
     * Candidates decoded from their lines when first read. Read-only: a decoded value may be shared by the
     * requests the near cache answers, on several threads; two of them decoding the same line at once
     * each keep an equal, immutable item, and either may stay.
     */
    private static final class Lines extends AbstractList<RankedItem> implements RandomAccess {

        private final String value;
        private final int[] starts;
        private final UnaryOperator<String> ids;
        private final RankedItem[] decoded;

        Lines(String value, int[] starts, UnaryOperator<String> ids) {
            this.value = value;
            this.starts = starts;
            this.ids = ids;
            this.decoded = new RankedItem[starts.length - 1];
        }

        @Override
        public RankedItem get(int index) {
            RankedItem item = decoded[index];
            if (item == null) {
                item = line(starts[index], starts[index + 1] - 1);
                decoded[index] = item;
            }
            return item;
        }

        @Override
        public int size() {
            return decoded.length;
        }

        private RankedItem line(int start, int end) {
            String[] fields = new String[7];
            int from = start;
            for (int f = 0; f < 7; f++) {
                int tab = f == 6 ? end : value.indexOf('\t', from);
                fields[f] = value.substring(from, tab);
                from = tab + 1;
            }
            return new RankedItem(
                    ids.apply(fields[0]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(fields[1], 16)),
                    new Reason(
                            type(fields[2]),
                            fields[3].isEmpty() ? null : ids.apply(fields[3]),
                            fields[4].isEmpty() ? null : Long.valueOf(fields[4]),
                            unescape(fields[5]),
                            unescape(fields[6])));
        }
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
