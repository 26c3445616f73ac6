package dev.lodestone.experiments;

/** The few distributions the results need: the normal quantile of 95 % and the chi-square tail. */
public final class Statistics {

    /** The two-sided 95 % quantile of the standard normal. */
    public static final double Z95 = 1.959963984540054;

    private Statistics() {}

    /** {@code P(X ≥ x)} for X chi-square distributed with {@code df} degrees of freedom. */
    public static double chiSquareSurvival(double x, int df) {
        if (x <= 0) {
            return 1;
        }
        return upperRegularizedGamma(df / 2.0, x / 2.0);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a): series below a + 1, Lentz's continued fraction above (Numerical Recipes 6.2). */
    static double upperRegularizedGamma(double a, double x) {
        if (x < a + 1) {
            double sum = 1 / a;
            double term = sum;
            for (int n = 1; n < 1000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] g = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += g[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
