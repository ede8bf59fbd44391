package dev.llmops.core.cost;

import dev.llmops.core.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a group of calls used and cost, as counted by a {@link CostTracker}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param calls         calls the model answered (cache hits not included)
 * @param cacheHits     calls answered from llmops's response cache: they spent nothing and add no tokens
 * @param unpricedCalls calls among {@code calls} whose model has no price: their cost is not in {@code costUsd}
 * @param usage         tokens of the answered calls
 * @param costUsd       USD of the answered calls that had a price
 */
public record Totals(long calls, long cacheHits, long unpricedCalls, Usage usage, BigDecimal costUsd) {
    /** No calls. */
    public static final Totals NONE = new Totals(0, 0, 0, Usage.ZERO, BigDecimal.ZERO);

    public Totals {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(costUsd, "costUsd");
        if (calls < 0 || cacheHits < 0 || unpricedCalls < 0 || unpricedCalls > calls) {
            throw new IllegalArgumentException("call counts must not be negative, nor unpriced calls exceed calls: calls=" + calls
                    + ", cacheHits=" + cacheHits + ", unpricedCalls=" + unpricedCalls);
        }
    }

    /** Whether every answered call had a price, so {@link #costUsd()} is the whole cost. */
    public boolean isFullyPriced() {
        return unpricedCalls == 0;
    }
}
