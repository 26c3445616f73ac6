package dev.lodestone.signals;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedback over a range of days: counts, NPS with its 95 % interval, CSAT mean, the trend per day and
 * per ISO week, and the top keywords of the period overall and per band, each with example snippets.
 *
 * <p>NPS = % promoters (9-10) − % detractors (0-6). Its interval scores each answer +1 (promoter), 0
 * (passive) or −1 (detractor): NPS is 100 × their mean, and the 95 % interval is 100 × (mean ± 1.96 ×
 * √(variance / n)) with the variance of those scores, (P + D)/n − mean² (normal approximation).
 *
 * <p>Keywords: TF-IDF against the period's corpus. A term's weight in a band is the number of the
 * band's texts containing it, times idf = ln((1 + N) / (1 + df)) + 1 over all N texts of the period, df
 * of them containing it; terms found in a single text are left out.
 */
public record FeedbackSummary(
        String from,
        String to,
        String about,
        String category,
        long responses,
        long notInterested,
        Nps nps,
        Csat csat,
        Keywords keywords,
        List<Period> days,
        List<Period> weeks) {

    /** Keywords listed per band, and per day or week in the trend. */
    public static final int TOP = 10;

    public static final int TOP_PER_PERIOD = 5;

    public static final String NPS_METHOD =
            "normal approximation: 100 × (mean ± 1.96 × √(var/n)) of promoter +1," + " passive 0, detractor −1 scores";

    public record Nps(
            long responses,
            long promoters,
            long passives,
            long detractors,
            Double score,
            Double low,
            Double high,
            String method) {}

    public record Csat(long responses, Double mean) {}

    public record Keyword(String term, long texts, double score, List<String> examples) {}

    public record Keywords(long texts, List<Keyword> all, List<Keyword> promoters, List<Keyword> detractors) {}

    public record Period(String period, long responses, Double nps, Double csat, List<Keyword> keywords) {}

    public static FeedbackSummary of(DayRange range, String about, String category, List<DailyCounts> daily) {
        Map<String, Long> total = new HashMap<>();
        Map<String, List<String>> examples = new HashMap<>();
        Map<String, Map<String, Long>> byWeek = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> weekExamples = new LinkedHashMap<>();
        List<Period> days = new ArrayList<>();
        for (DailyCounts d : daily) {
            d.counts().forEach((k, n) -> total.merge(k, n, Long::sum));
            merge(examples, d.examples());
            LocalDate date = LocalDate.parse(d.day());
            String week = date.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            Map<String, Long> w = byWeek.computeIfAbsent(week, k -> new HashMap<>());
            d.counts().forEach((k, n) -> w.merge(k, n, Long::sum));
            merge(weekExamples.computeIfAbsent(week, k -> new HashMap<>()), d.examples());
            days.add(period(d.day(), d.counts(), d.examples()));
        }
        List<Period> weeks = new ArrayList<>();
        byWeek.forEach((week, counts) -> weeks.add(period(week, counts, weekExamples.get(week))));
        return new FeedbackSummary(
                range.from().toString(),
                range.to().toString(),
                about,
                category,
                get(total, "responses"),
                get(total, "not_interested"),
                nps(total),
                new Csat(get(total, "csat.responses"), csat(total)),
                new Keywords(
                        get(total, "texts"),
                        keywords(total, examples, null, TOP),
                        keywords(total, examples, Feedback.PROMOTERS, TOP),
                        keywords(total, examples, Feedback.DETRACTORS, TOP)),
                days,
                weeks);
    }

    private static Period period(String name, Map<String, Long> counts, Map<String, List<String>> examples) {
        Nps nps = nps(counts);
        return new Period(
                name,
                get(counts, "responses"),
                nps.score(),
                csat(counts),
                keywords(counts, examples, null, TOP_PER_PERIOD));
    }

    static Nps nps(Map<String, Long> counts) {
        long n = get(counts, "nps.responses");
        long p = get(counts, "nps." + Feedback.PROMOTERS);
        long passives = get(counts, "nps." + Feedback.PASSIVES);
        long d = get(counts, "nps." + Feedback.DETRACTORS);
        if (n == 0) {
            return new Nps(0, 0, 0, 0, null, null, null, NPS_METHOD);
        }
        double mean = (double) (p - d) / n;
        double variance = Math.max(0, (double) (p + d) / n - mean * mean);
        double half = 1.96 * Math.sqrt(variance / n);
        return new Nps(
                n,
                p,
                passives,
                d,
                round(100 * mean),
                round(100 * Math.max(-1, mean - half)),
                round(100 * Math.min(1, mean + half)),
                NPS_METHOD);
    }

    private static Double csat(Map<String, Long> counts) {
        long n = get(counts, "csat.responses");
        return n == 0 ? null : round((double) get(counts, "csat.sum") / n);
    }

    /** TF-IDF keywords of a band (null: every text) against the period's texts. */
    static List<Keyword> keywords(Map<String, Long> counts, Map<String, List<String>> examples, String band, int top) {
        long corpus = get(counts, "texts");
        String prefix = band == null ? "df." : "df." + band + ".";
        List<Keyword> found = new ArrayList<>();
        counts.forEach((key, n) -> {
            if (!key.startsWith(prefix) || n < 2) {
                return;
            }
            String term = key.substring(prefix.length());
            if (band == null
                    && (term.startsWith(Feedback.PROMOTERS + ".")
                            || term.startsWith(Feedback.PASSIVES + ".")
                            || term.startsWith(Feedback.DETRACTORS + "."))) {
                return;
            }
            long df = get(counts, "df." + term);
            double idf = Math.log((1.0 + corpus) / (1.0 + df)) + 1;
            found.add(new Keyword(term, n, round(n * idf), examplesOf(examples, band, term)));
        });
        found.sort(Comparator.comparingDouble(Keyword::score).reversed().thenComparing(Keyword::term));
        return found.size() > top ? List.copyOf(found.subList(0, top)) : found;
    }

    private static List<String> examplesOf(Map<String, List<String>> examples, String band, String term) {
        if (band != null) {
            return examples.getOrDefault(band + "." + term, List.of());
        }
        List<String> all = new ArrayList<>();
        for (String b : List.of(Feedback.DETRACTORS, Feedback.PASSIVES, Feedback.PROMOTERS, "all")) {
            for (String e : examples.getOrDefault(b + "." + term, List.of())) {
                if (all.size() < DailyCounts.MAX_EXAMPLES && !all.contains(e)) {
                    all.add(e);
                }
            }
        }
        return all;
    }

    private static void merge(Map<String, List<String>> into, Map<String, List<String>> from) {
        from.forEach((k, list) -> {
            List<String> kept = new ArrayList<>(into.getOrDefault(k, List.of()));
            for (String e : list) {
                if (kept.size() < DailyCounts.MAX_EXAMPLES && !kept.contains(e)) {
                    kept.add(e);
                }
            }
            into.put(k, kept);
        });
    }

    private static long get(Map<String, Long> counts, String key) {
        return counts.getOrDefault(key, 0L);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
