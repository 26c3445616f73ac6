package dev.lodestone.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * session-rec's "next item" protocol: replay the training log, then for every test session and every
 * click after the first, recommend {@code k} items from the session so far and score the very next
 * click. Test clicks on items unknown to training are dropped first, and sessions left with fewer
 * than two clicks are skipped, as the protocol's own preprocessing does.
 */
public final class Evaluation {

    /** Frozen: the model stops learning after training (comparable to published results). */
    public enum Mode {
        FROZEN,
        STREAMING
    }

    private static final int[] STANDARD_CUTOFFS = {5, 10, 20};
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final NextItemModel model;
    private final Mode mode;
    private final int k;
    private final PrintStream progress;

    public Evaluation(NextItemModel model, Mode mode, int k, PrintStream progress) {
        this.model = model;
        this.mode = mode;
        this.k = k;
        this.progress = progress;
    }

    public Report run(List<Click> train, List<Click> test) {
        Map<String, Long> popularity = new HashMap<>();
        long started = System.nanoTime();
        long lastProgress = started;
        int replayed = 0;
        // The training log in time order, as the engine would have received it.
        List<Click> replay = new ArrayList<>(train);
        replay.sort(java.util.Comparator.comparing(Click::time));
        for (Click click : replay) {
            model.learn(click);
            popularity.merge(click.itemId(), 1L, Long::sum);
            replayed++;
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = System.nanoTime();
                progress.printf(
                        "replaying: %,d / %,d events (%,.0f/s)%n", replayed, train.size(), replayed / seconds(started));
            }
        }
        model.trained();
        double replaySeconds = seconds(started);
        progress.printf("replayed %,d events in %.1f s (%,.0f/s)%n", replayed, replaySeconds, replayed / replaySeconds);

        Map<String, List<Click>> sessions = new LinkedHashMap<>();
        int unknownClicks = 0;
        for (Click click : test) {
            if (popularity.containsKey(click.itemId())) {
                sessions.computeIfAbsent(click.sessionId(), s -> new ArrayList<>())
                        .add(click);
            } else {
                unknownClicks++;
            }
        }
        long maxPopularity =
                popularity.values().stream().mapToLong(Long::longValue).max().orElse(1);

        Scores scores = new Scores(cutoffs(k));
        Set<String> recommended = new HashSet<>();
        double popularitySum = 0;
        long popularityCount = 0;
        int skippedSessions = 0;
        long scoring = System.nanoTime();
        lastProgress = scoring;
        for (List<Click> session : sessions.values()) {
            if (session.size() < 2) {
                skippedSessions++;
                continue;
            }
            for (int i = 0; i < session.size() - 1; i++) {
                if (mode == Mode.STREAMING) {
                    model.learn(session.get(i));
                }
                List<String> list = model.recommend(List.copyOf(session.subList(0, i + 1)), k);
                scores.add(rankOf(list, session.get(i + 1).itemId()));
                for (String item : list) {
                    recommended.add(item);
                    popularitySum += popularity.getOrDefault(item, 0L) / (double) maxPopularity;
                    popularityCount++;
                }
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                    lastProgress = System.nanoTime();
                    progress.printf(
                            "scoring: %,d predictions (%,.0f/s), HR@%d so far %.4f%n",
                            scores.count, scores.count / seconds(scoring), k, scores.hitRate(k));
                }
            }
            if (mode == Mode.STREAMING) {
                model.learn(session.getLast());
            }
        }
        double scoringSeconds = seconds(scoring);
        return new Report(
                model.name(),
                mode,
                k,
                scores,
                recommended.size() / (double) popularity.size(),
                popularityCount == 0 ? 0 : popularitySum / popularityCount,
                replayed,
                replaySeconds,
                scoringSeconds,
                unknownClicks,
                skippedSessions,
                seconds(started));
    }

    /** 5, 10 and 20 where they fit under {@code k}, and {@code k} itself. */
    static int[] cutoffs(int k) {
        return java.util.stream.IntStream.concat(
                        java.util.Arrays.stream(STANDARD_CUTOFFS).filter(c -> c < k), java.util.stream.IntStream.of(k))
                .toArray();
    }

    /** 1-based rank of {@code item} in {@code list}, 0 when absent. */
    static int rankOf(List<String> list, String item) {
        int index = list.indexOf(item);
        return index < 0 ? 0 : index + 1;
    }

    private static double seconds(long since) {
        return Math.max(1e-9, (System.nanoTime() - since) / 1e9);
    }

    /** Hit rate and mean reciprocal rank at each cutoff. */
    public static final class Scores {
        private final int[] cutoffs;
        private final long[] hits;
        private final double[] reciprocalRanks;
        private long count;

        Scores(int[] cutoffs) {
            this.cutoffs = cutoffs;
            this.hits = new long[cutoffs.length];
            this.reciprocalRanks = new double[cutoffs.length];
        }

        public int[] cutoffs() {
            return cutoffs.clone();
        }

        void add(int rank) {
            count++;
            for (int c = 0; c < cutoffs.length; c++) {
                if (rank > 0 && rank <= cutoffs[c]) {
                    hits[c]++;
                    reciprocalRanks[c] += 1.0 / rank;
                }
            }
        }

        public long count() {
            return count;
        }

        public double hitRate(int cutoff) {
            return count == 0 ? 0 : hits[index(cutoff)] / (double) count;
        }

        public double mrr(int cutoff) {
            return count == 0 ? 0 : reciprocalRanks[index(cutoff)] / count;
        }

        private int index(int cutoff) {
            for (int c = 0; c < cutoffs.length; c++) {
                if (cutoffs[c] == cutoff) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no cutoff " + cutoff);
        }
    }

    /** Everything a run measured, and how to print it. */
    public record Report(
            String model,
            Mode mode,
            int k,
            Scores scores,
            double coverage,
            double popularityBias,
            long eventsReplayed,
            double replaySeconds,
            double scoringSeconds,
            int unknownTestClicks,
            int skippedSessions,
            double totalSeconds) {

        public void print(PrintStream out, Map<String, String> settings) {
            out.println();
            out.printf("model %s, mode %s, k %d%n", model, mode.name().toLowerCase(), k);
            settings.forEach((key, value) -> out.printf("  %s = %s%n", key, value));
            out.println();
            out.println("| cutoff | HR | MRR |");
            out.println("| --- | --- | --- |");
            for (int cutoff : scores.cutoffs()) {
                out.printf("| @%d | %.4f | %.4f |%n", cutoff, scores.hitRate(cutoff), scores.mrr(cutoff));
            }
            out.println();
            out.printf("predictions            %,d%n", scores.count());
            out.printf("catalog coverage       %.4f (share of training items ever recommended)%n", coverage);
            out.printf(
                    "popularity bias        %.4f (mean popularity of recommended items, 1 = most popular)%n",
                    popularityBias);
            out.printf(
                    "replay                 %,d events in %.1f s (%,.0f events/s)%n",
                    eventsReplayed, replaySeconds, eventsReplayed / Math.max(replaySeconds, 1e-9));
            out.printf(
                    "scoring                %.1f s (%,.0f predictions/s)%n",
                    scoringSeconds, scores.count() / Math.max(scoringSeconds, 1e-9));
            out.printf(
                    "skipped                %,d test clicks on unknown items, %,d sessions under 2 clicks%n",
                    unknownTestClicks, skippedSessions);
            out.println(lastLine());
        }

        /** The machine-readable last line. */
        public String lastLine() {
            int top = k;
            return String.format(
                    java.util.Locale.ROOT,
                    "HR@%d=%.4f MRR@%d=%.4f predictions=%d seconds=%.1f",
                    top,
                    scores.hitRate(top),
                    top,
                    scores.mrr(top),
                    scores.count(),
                    totalSeconds);
        }
    }
}
