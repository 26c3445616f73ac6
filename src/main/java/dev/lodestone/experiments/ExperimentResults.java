package dev.lodestone.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /v1/experiments/{id}/results} answers: per variant, its exposures and metrics with
 * 95 % intervals; per non-control variant, the difference to the control with a fixed-sample interval
 * and an always-valid one (mixture sequential probability ratio test, docs/experiments.md); and the
 * sample-ratio-mismatch check. {@link #of} is pure: the same sums always give the same answer.
 *
 * @param significantIf how {@code significant} is decided: the always-valid interval excludes 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentResults(
        String experimentId,
        boolean active,
        Instant startedAt,
        Instant stoppedAt,
        String method,
        double alpha,
        double mixtureLift,
        String significantIf,
        SampleRatio sampleRatio,
        List<VariantResult> variants) {

    public static final String METHOD =
            "mSPRT with a normal mixture (Johari, Pekelis, Walsh 2017): always-valid intervals, safe to read at any time";

    /** A mean per exposed shopper (or a ratio of sums) with its 95 % fixed-sample interval; null when not estimable. */
    public record Estimate(double value, Double low, Double high) {}

    /**
     * A variant minus the control.
     *
     * @param alwaysValidLow with {@code alwaysValidHigh}: covers the true difference at every moment at once with
     *     probability 1 − alpha, however often it is looked at
     * @param pValue the always-valid p-value, {@code min(1, 1/Λ)}
     */
    public record Comparison(
            double difference,
            Double relative,
            Double low,
            Double high,
            Double alwaysValidLow,
            Double alwaysValidHigh,
            Double pValue,
            boolean significant) {}

    /** Differences to the control of each metric; null for the control itself. */
    public record VersusControl(Comparison ctr, Comparison conversion, Comparison revenuePerShopper) {}

    public record VariantResult(
            String name,
            int share,
            long exposures,
            long impressions,
            long clicks,
            long carts,
            long purchases,
            double revenue,
            Estimate ctr,
            Estimate conversion,
            Estimate revenuePerShopper,
            VersusControl versusControl) {}

    /**
     * Pearson's chi-square of the exposures against the configured shares.
     *
     * @param flagged p below the threshold: the split is broken, and no other number here can be trusted
     */
    public record SampleRatio(
            List<Double> expectedShares,
            List<Long> observed,
            double chiSquare,
            int degreesOfFreedom,
            double pValue,
            double threshold,
            boolean flagged) {}

    /** A metric's point estimate and the variance of that estimate. */
    private record Moment(double value, double variance) {}

    /**
     * Computes the results.
     *
     * @param totals the variants' sums in the order of {@code experiment.variants()}; the first is the control
     */
    public static ExperimentResults of(
            Experiment experiment, List<VariantTotals> totals, double alpha, double mixtureLift, double srmThreshold) {
        VariantTotals control = totals.getFirst();
        Moment controlCtr = ctr(control);
        Moment controlConversion = conversion(control);
        Moment controlRevenue = revenue(control);
        List<VariantResult> variants = new ArrayList<>();
        for (int i = 0; i < totals.size(); i++) {
            VariantTotals t = totals.get(i);
            Experiment.Variant v = experiment.variants().get(i);
            Moment ctr = ctr(t);
            Moment conversion = conversion(t);
            Moment revenue = revenue(t);
            VersusControl versus = i == 0
                    ? null
                    : new VersusControl(
                            compare(ctr, controlCtr, alpha, mixtureLift),
                            compare(conversion, controlConversion, alpha, mixtureLift),
                            compare(revenue, controlRevenue, alpha, mixtureLift));
            variants.add(new VariantResult(
                    v.name(),
                    v.share(),
                    t.shoppers(),
                    t.impressions(),
                    t.clicks(),
                    t.carts(),
                    t.purchases(),
                    t.revenue(),
                    estimate(ctr),
                    estimate(conversion),
                    estimate(revenue),
                    versus));
        }
        return new ExperimentResults(
                experiment.experimentId(),
                experiment.active(),
                experiment.startedAt(),
                experiment.stoppedAt(),
                METHOD,
                alpha,
                mixtureLift,
                "the always-valid interval excludes 0",
                sampleRatio(experiment, totals, srmThreshold),
                List.copyOf(variants));
    }

    /** Clicks per impression: a ratio of per-shopper sums, its variance by the delta method (shoppers are the unit). */
    private static Moment ctr(VariantTotals t) {
        long n = t.shoppers();
        if (n < 2 || t.impressions() == 0) {
            return new Moment(t.impressions() == 0 ? 0 : (double) t.clicks() / t.impressions(), Double.NaN);
        }
        double meanI = (double) t.impressions() / n;
        double meanC = (double) t.clicks() / n;
        double r = meanC / meanI;
        double varC = (t.clicksSq() - n * meanC * meanC) / (n - 1);
        double varI = (t.impressionsSq() - n * meanI * meanI) / (n - 1);
        double cov = (t.clicksTimesImpressions() - n * meanC * meanI) / (n - 1);
        double variance = Math.max(0, (varC - 2 * r * cov + r * r * varI) / (n * meanI * meanI));
        return new Moment(r, variance);
    }

    /** Share of exposed shoppers who bought: a proportion. */
    private static Moment conversion(VariantTotals t) {
        long n = t.shoppers();
        if (n < 2) {
            return new Moment(n == 0 ? 0 : (double) t.converters() / n, Double.NaN);
        }
        double p = (double) t.converters() / n;
        return new Moment(p, p * (1 - p) / n);
    }

    /** Revenue per exposed shopper: a mean, with its sample variance. */
    private static Moment revenue(VariantTotals t) {
        long n = t.shoppers();
        if (n < 2) {
            return new Moment(n == 0 ? 0 : t.revenue() / n, Double.NaN);
        }
        double mean = t.revenue() / n;
        double var = Math.max(0, (t.revenueSq() - n * mean * mean) / (n - 1));
        return new Moment(mean, var / n);
    }

    private static Estimate estimate(Moment m) {
        if (Double.isNaN(m.variance())) {
            return new Estimate(m.value(), null, null);
        }
        double half = Statistics.Z95 * Math.sqrt(m.variance());
        return new Estimate(m.value(), m.value() - half, m.value() + half);
    }

    /**
     * The difference {@code θ = b − a} with variance {@code V = Va + Vb}; the mSPRT statistic with a normal
     * mixture N(0, τ²) over θ is {@code Λ = sqrt(V/(V+τ²)) · exp(τ²θ²/(2V(V+τ²)))}, and the always-valid
     * interval is {@code θ ± sqrt(V(V+τ²)/τ² · (ln((V+τ²)/V) − 2 ln α))}, τ = mixtureLift · |control mean|.
     */
    static Comparison compare(Moment b, Moment a, double alpha, double mixtureLift) {
        double difference = b.value() - a.value();
        Double relative = a.value() == 0 ? null : difference / a.value();
        double v = a.variance() + b.variance();
        if (Double.isNaN(v) || v <= 0) {
            return new Comparison(difference, relative, null, null, null, null, null, false);
        }
        double half = Statistics.Z95 * Math.sqrt(v);
        double tau = mixtureLift * Math.abs(a.value());
        if (tau <= 0) {
            // A control mean of 0 gives the mixture no scale: use the estimate's own standard error.
            tau = Math.sqrt(v);
        }
        double tau2 = tau * tau;
        double logLambda = 0.5 * Math.log(v / (v + tau2)) + tau2 * difference * difference / (2 * v * (v + tau2));
        double pValue = Math.min(1, Math.exp(-logLambda));
        double radius = Math.sqrt(v * (v + tau2) / tau2 * (Math.log((v + tau2) / v) - 2 * Math.log(alpha)));
        double low = difference - radius;
        double high = difference + radius;
        return new Comparison(
                difference, relative, difference - half, difference + half, low, high, pValue, low > 0 || high < 0);
    }

    static SampleRatio sampleRatio(Experiment experiment, List<VariantTotals> totals, double threshold) {
        long n = totals.stream().mapToLong(VariantTotals::shoppers).sum();
        List<Double> expected = new ArrayList<>();
        List<Long> observed = new ArrayList<>();
        double chi = 0;
        int cells = 0;
        boolean impossible = false;
        for (int i = 0; i < totals.size(); i++) {
            double share = experiment.variants().get(i).share() / 100.0;
            expected.add(share);
            long o = totals.get(i).shoppers();
            observed.add(o);
            if (share > 0) {
                double e = n * share;
                chi += (o - e) * (o - e) / e;
                cells++;
            } else if (o > 0) {
                // Shoppers in a variant configured to receive none: a mismatch whatever the counts.
                impossible = true;
            }
        }
        int df = Math.max(1, cells - 1);
        double p = n == 0 ? 1 : impossible ? 0 : Statistics.chiSquareSurvival(chi, df);
        return new SampleRatio(List.copyOf(expected), List.copyOf(observed), chi, df, p, threshold, p < threshold);
    }
}
