package dev.llmops.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call cost in US dollars, split into fresh input, cached input and output, and how that amount is
 * known ({@link #kind()}):
 *
 * <ul>
 *   <li>{@link Kind#PRICED}: computed from the model's price; may be zero (a local model priced free);
 *   <li>{@link Kind#CACHED}: answered from llmops's own response cache, so nothing was spent; zero;
 *   <li>{@link Kind#UNKNOWN}: the model has no price, so the amount is not known. Its components read zero,
 *       but {@link #isKnown()} is false and {@link #knownTotal()} is empty, so an unpriced call is never
 *       mistaken for a free one.
 * </ul>
 *
 * <pre>{@code
 * Cost cost = response.cost();
 * cost.knownTotal().ifPresentOrElse(
 *         usd -> log.info("call cost ${}", usd.toPlainString()),
 *         () -> log.info("{} has no price", response.model()));
 * }</pre>
 *
 * <p>Amounts are exact ({@link BigDecimal}); trailing zeros are stripped, so equal amounts make equal costs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param input       USD for the input tokens not served from the provider's prompt cache
 * @param cachedInput USD for the input tokens served from the provider's prompt cache
 * @param output      USD for the output tokens
 * @param kind        how the amount is known
 */
public record Cost(BigDecimal input, BigDecimal cachedInput, BigDecimal output, Kind kind) {

    /** How a cost is known. Immutable and thread-safe. */
    public enum Kind {
        /** Computed from the model's price (possibly zero). */
        PRICED,
        /** Served from llmops's response cache: nothing was spent. */
        CACHED,
        /** The model has no price: the amount is unknown. */
        UNKNOWN
    }

    /** The cost of a call whose model has no price. */
    public static final Cost UNKNOWN = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Kind.UNKNOWN);

    /** A priced call that cost nothing (e.g. a model running locally). */
    public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Kind.PRICED);

    /** The cost of an answer served from llmops's response cache: zero, and marked as such. */
    public static final Cost CACHED = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Kind.CACHED);

    public Cost {
        input = amount(input, "input");
        cachedInput = amount(cachedInput, "cachedInput");
        output = amount(output, "output");
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.PRICED && (input.signum() != 0 || cachedInput.signum() != 0 || output.signum() != 0)) {
            throw new IllegalArgumentException("a cost of kind " + kind + " has no amount, but got input=" + input.toPlainString()
                    + ", cachedInput=" + cachedInput.toPlainString() + ", output=" + output.toPlainString()
                    + ": use Cost.of(..) for a priced cost");
        }
    }

    /** A priced cost with these components in USD. */
    public static Cost of(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        return new Cost(input, cachedInput, output, Kind.PRICED);
    }

    /** The sum of the components in USD; zero when the cost is {@linkplain Kind#UNKNOWN unknown} or cached. */
    public BigDecimal total() {
        return normalise(input.add(cachedInput).add(output));
    }

    /** The total when the amount is known (priced or cached), else empty. */
    public Optional<BigDecimal> knownTotal() {
        return isKnown() ? Optional.of(total()) : Optional.empty();
    }

    /** Whether the amount is known: priced (possibly zero) or served from the cache. */
    public boolean isKnown() {
        return kind != Kind.UNKNOWN;
    }

    /**
     * The sum of this and {@code other}, component by component. The sum is {@link Kind#PRICED} when either
     * is priced (an unknown or cached part adds nothing), cached when both are cached, else unknown. Count
     * unknown parts separately when that matters, as {@code CostTracker}'s totals do.
     */
    public Cost plus(Cost other) {
        Objects.requireNonNull(other, "other");
        if (kind != Kind.PRICED && other.kind != Kind.PRICED) {
            return kind == Kind.CACHED && other.kind == Kind.CACHED ? CACHED : UNKNOWN;
        }
        return of(input.add(other.input), cachedInput.add(other.cachedInput), output.add(other.output));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNKNOWN -> "Cost[unknown]";
            case CACHED -> "Cost[cached, $0]";
            case PRICED -> "Cost[$" + total().toPlainString() + " = input $" + input.toPlainString() + " + cached input $"
                    + cachedInput.toPlainString() + " + output $" + output.toPlainString() + "]";
        };
    }

    private static BigDecimal amount(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " cost " + value.toPlainString() + " is negative: costs are zero or more USD");
        }
        return normalise(value);
    }

    private static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
