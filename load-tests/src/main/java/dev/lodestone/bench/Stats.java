package dev.lodestone.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Percentiles of recorded latencies, exact (every sample kept: runs are short). */
final class Stats {

    /**
     * CPU seconds this benchmark process has used since it started (all threads, start-up included): the
     * client's share of the machine beside the engine's, for CPU per event of a whole run.
     */
    static double processCpuSeconds() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** Percentile in milliseconds, nearest-rank. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }

    /** The curve for the latency chart: percentile → ms. */
    Map<String, Double> curve() {
        Map<String, Double> curve = new LinkedHashMap<>();
        for (double p : new double[] {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100}) {
            curve.put(String.format(Locale.ROOT, "%s", p), percentileMs(p));
        }
        return curve;
    }

    static String json(Map<String, ?> map) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) m;
                json.append(json(inner));
            } else if (v instanceof Number n) {
                double d = n.doubleValue();
                json.append(Double.isNaN(d) || Double.isInfinite(d) ? "null"
                        : n instanceof Double || n instanceof Float ? String.format(Locale.ROOT, "%.3f", d) : n.toString());
            } else if (v instanceof Boolean b) {
                json.append(b);
            } else {
                json.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return json.append('}').toString();
    }
}
