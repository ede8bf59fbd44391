package dev.llmops.bench.rag;

/**
 * Percentiles of timed runs, by nearest rank: the p-th percentile of n sorted samples is sample
 * {@code ceil(p * n)} (1-based), so p50 of an even count is the lower middle one.
 *
 * <p>Thread-safe (stateless).
 */
final class Latencies {
    private Latencies() {
    }

    /**
     * The {@code q} quantile (0 < q <= 1) of {@code sortedNanos}, in milliseconds.
     *
     * @throws IllegalArgumentException when there are no samples
     */
    static double millis(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            throw new IllegalArgumentException("no samples; time at least one run");
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
