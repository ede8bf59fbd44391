package dev.llmops.core.cost;

import dev.llmops.core.Cost;
import dev.llmops.core.Usage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A model's list price in USD per million tokens: fresh input, input served from the provider's prompt
 * cache, and output.
 *
 * <pre>{@code
 * ModelPrice price = ModelPrice.perMillionTokens("0.15", "0.075", "0.60");
 * Cost cost = price.costOf(new Usage(2_000, 500, 1_000)); // 1,000 fresh + 1,000 cached input, 500 output
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param input       USD per million input tokens not served from the prompt cache
 * @param cachedInput USD per million input tokens served from the prompt cache
 * @param output      USD per million output tokens
 */
public record ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
    /** A model that costs nothing to call, e.g. one running locally. */
    public static final ModelPrice FREE = new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    private static final int PER_MILLION = 6;

    public ModelPrice {
        requireRate(input, "input");
        requireRate(cachedInput, "cachedInput");
        requireRate(output, "output");
    }

    /**
     * A price from decimal strings in USD per million tokens, e.g. {@code ("0.15", "0.075", "0.60")}.
     *
     * @throws IllegalArgumentException when a rate is not a decimal number or is negative
     */
    public static ModelPrice perMillionTokens(String input, String cachedInput, String output) {
        return new ModelPrice(parse(input, "input"), parse(cachedInput, "cachedInput"), parse(output, "output"));
    }

    /**
     * What {@code usage} costs at this price, exactly: the input tokens less the cached ones at the input
     * rate, the cached input tokens at the cached rate (never both), the output tokens at the output rate.
     */
    public Cost costOf(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        long fresh = usage.inputTokens() - usage.cachedInputTokens();
        return Cost.of(times(fresh, input), times(usage.cachedInputTokens(), cachedInput),
                times(usage.outputTokens(), output));
    }

    private static BigDecimal times(long tokens, BigDecimal perMillion) {
        return perMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(PER_MILLION);
    }

    static BigDecimal parse(String rate, String name) {
        Objects.requireNonNull(rate, name);
        try {
            return new BigDecimal(rate.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " rate '" + rate + "' is not a decimal number: give USD per million tokens, e.g. \"0.15\"");
        }
    }

    private static void requireRate(BigDecimal rate, String name) {
        Objects.requireNonNull(rate, name);
        if (rate.signum() < 0) {
            throw new IllegalArgumentException(name + " rate " + rate.toPlainString()
                    + " is negative: give USD per million tokens, zero or more");
        }
    }
}
