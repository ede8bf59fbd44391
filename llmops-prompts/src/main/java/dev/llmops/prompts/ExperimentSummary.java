package dev.llmops.prompts;

import dev.llmops.prompts.internal.Stats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an experiment showed so far: per variant the subjects exposed and the mean outcome with its 95% confidence
 * interval, and each variant compared with the baseline.
 *
 * <p>The interval is mean ± t(0.975, n-1)·s/√n. The comparison is a two-proportion z-test (pooled) when every
 * outcome of both variants is 0 or 1, and Welch's unequal-variances t-test otherwise; both two-sided.
 *
 * <p>Immutable and thread-safe.
 *
 * @param experiment  the experiment's name
 * @param variants    one entry per variant, in the experiment's order
 * @param comparisons each non-baseline variant against the baseline
 */
public record ExperimentSummary(String experiment, List<VariantStats> variants, List<Comparison> comparisons) {
    /** The significance level comparisons are judged at. */
    public static final double ALPHA = 0.05;

    public ExperimentSummary {
        Objects.requireNonNull(experiment, "experiment");
        variants = List.copyOf(variants);
        comparisons = List.copyOf(comparisons);
    }

    /**
     * One variant's numbers. Immutable and thread-safe.
     *
     * @param version   the prompt version
     * @param exposures distinct subjects exposed
     * @param outcomes  outcomes recorded
     * @param mean      mean outcome; NaN without outcomes
     * @param stdDev    sample standard deviation; NaN below 2 outcomes
     * @param ciLow     lower end of the 95% confidence interval of the mean; NaN below 2 outcomes
     * @param ciHigh    upper end; NaN below 2 outcomes
     */
    public record VariantStats(String version, long exposures, long outcomes, double mean, double stdDev, double ciLow,
                               double ciHigh) {
        public VariantStats {
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * A variant against the baseline. Immutable and thread-safe.
     *
     * @param baseline         the baseline's version
     * @param variant          the compared version
     * @param difference       variant mean minus baseline mean
     * @param test             {@code "two-proportion z"} or {@code "welch t"}
     * @param statistic        z or t
     * @param degreesOfFreedom Welch-Satterthwaite degrees of freedom; infinite for the z-test
     * @param pValue           two-sided p-value; NaN when either side has fewer than 2 outcomes or no variance
     * @param significant      whether {@code pValue < ALPHA}
     */
    public record Comparison(String baseline, String variant, double difference, String test, double statistic,
                             double degreesOfFreedom, double pValue, boolean significant) {
    }

    /** Summarizes the events of {@code experiment}. */
    public static ExperimentSummary of(Experiment experiment, List<ExperimentEvent> events) {
        Map<String, Set<String>> exposed = new LinkedHashMap<>();
        Map<String, List<Double>> outcomes = new LinkedHashMap<>();
        for (Variant v : experiment.variants()) {
            exposed.put(v.version(), new HashSet<>());
            outcomes.put(v.version(), new ArrayList<>());
        }
        for (ExperimentEvent e : events) {
            if (!e.experiment().equals(experiment.name()) || !exposed.containsKey(e.variant())) {
                continue;
            }
            switch (e) {
                case ExperimentEvent.Exposure x -> exposed.get(x.variant()).add(x.subject());
                case ExperimentEvent.Outcome o -> outcomes.get(o.variant()).add(o.value());
            }
        }
        List<VariantStats> stats = new ArrayList<>();
        for (Variant v : experiment.variants()) {
            stats.add(stats(v.version(), exposed.get(v.version()).size(), outcomes.get(v.version())));
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<Double> base = outcomes.get(experiment.baseline().version());
        for (Variant v : experiment.variants().subList(1, experiment.variants().size())) {
            comparisons.add(compare(experiment.baseline().version(), base, v.version(), outcomes.get(v.version())));
        }
        return new ExperimentSummary(experiment.name(), stats, comparisons);
    }

    private static VariantStats stats(String version, long exposures, List<Double> values) {
        int n = values.size();
        double mean = mean(values);
        double sd = n < 2 ? Double.NaN : Math.sqrt(variance(values, mean));
        double half = n < 2 ? Double.NaN : Stats.studentTQuantile(0.975, n - 1) * sd / Math.sqrt(n);
        return new VariantStats(version, exposures, n, mean, sd, mean - half, mean + half);
    }

    static Comparison compare(String baseline, List<Double> a, String variant, List<Double> b) {
        double diff = mean(b) - mean(a);
        int n1 = a.size();
        int n2 = b.size();
        boolean binary = a.stream().allMatch(x -> x == 0 || x == 1) && b.stream().allMatch(x -> x == 0 || x == 1);
        if (n1 < 2 || n2 < 2) {
            return new Comparison(baseline, variant, diff, binary ? "two-proportion z" : "welch t", Double.NaN, Double.NaN,
                    Double.NaN, false);
        }
        if (binary) {
            double p1 = mean(a);
            double p2 = mean(b);
            double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
            double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
            double z = se == 0 ? Double.NaN : (p2 - p1) / se;
            double p = Double.isNaN(z) ? Double.NaN : 2 * Stats.normalCdf(-Math.abs(z));
            return new Comparison(baseline, variant, diff, "two-proportion z", z, Double.POSITIVE_INFINITY, p, p < ALPHA);
        }
        double v1 = variance(a, mean(a)) / n1;
        double v2 = variance(b, mean(b)) / n2;
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new Comparison(baseline, variant, diff, "welch t", Double.NaN, Double.NaN, Double.NaN, false);
        }
        double t = diff / se;
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        double p = 2 * Stats.studentTCdf(-Math.abs(t), df);
        return new Comparison(baseline, variant, diff, "welch t", t, df, p, p < ALPHA);
    }

    private static double mean(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    private static double variance(List<Double> values, double mean) {
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return ss / (values.size() - 1);
    }
}
