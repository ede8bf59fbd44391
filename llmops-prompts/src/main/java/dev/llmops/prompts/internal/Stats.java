package dev.llmops.prompts.internal;

/**
 * The distribution functions experiment summaries need, to double precision: the standard normal CDF (through the
 * regularized incomplete gamma function, erf(x) = P(1/2, x²)), Student's t CDF (through the regularized incomplete
 * beta function) and its quantile. Algorithms as in Numerical Recipes (3rd ed., 6.1-6.4): Lanczos log-gamma,
 * series and continued fractions evaluated with the modified Lentz method.
 *
 * <p>Thread-safe (stateless).
 */
public final class Stats {
    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private Stats() {
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
    public static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** P(a, x), the regularized lower incomplete gamma function. */
    public static double gammaP(double a, double x) {
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
    }

    /** Q(a, x) = 1 - P(a, x), computed directly so that small tails keep their precision. */
    public static double gammaQ(double a, double x) {
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double ap = a;
        double sum = 1 / a;
        double del = sum;
        for (int n = 0; n < 10_000; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = 1 / nonZero(an * d + b);
            c = nonZero(b + an / c);
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** {@code v}, or a tiny number in its place when it is about 0, so the Lentz method never divides by 0. */
    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** Φ(z), the standard normal CDF. */
    public static double normalCdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double half = gammaQ(0.5, z * z / 2) / 2; // = P(Z > |z|)
        return z >= 0 ? 1 - half : half;
    }

    /** I_x(a, b), the regularized incomplete beta function. */
    public static double betaI(double a, double b, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        return x < (a + 1) / (a + b + 2) ? front * betaContinuedFraction(a, b, x) / a
                : 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
    }

    private static double betaContinuedFraction(double a, double b, double x) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 / nonZero(1 - qab * x / qap);
        double h = d;
        for (int m = 1; m < 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                break;
            }
        }
        return h;
    }

    /** The CDF of Student's t distribution with {@code df} (> 0, not necessarily whole) degrees of freedom. */
    public static double studentTCdf(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        double tail = betaI(df / 2, 0.5, df / (df + t * t)) / 2; // = P(T > |t|)
        return t >= 0 ? 1 - tail : tail;
    }

    /** The p-quantile of Student's t distribution, by bisection to 1e-12. */
    public static double studentTQuantile(double p, double df) {
        if (!(p > 0 && p < 1) || !(df > 0)) {
            throw new IllegalArgumentException("quantile needs 0 < p < 1 and df > 0, got p=" + p + ", df=" + df);
        }
        double lo = -1e4;
        double hi = 1e4;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = (lo + hi) / 2;
            if (studentTCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
