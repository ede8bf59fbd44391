package dev.llmops.core.cost;

import dev.llmops.core.LlmopsException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A call was refused before it was sent because its worst-case cost would take a {@link Budget} past its
 * limit. The caller must act: raise the limit, lower {@code maxTokens}, or stop.
 *
 * <p>Immutable and thread-safe.
 */
public class BudgetExceededException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final String budget;
    private final BigDecimal spent;
    private final BigDecimal reserved;
    private final BigDecimal estimate;
    private final BigDecimal limit;

    /**
     * @param budget   the budget's name
     * @param spent    USD spent so far against it
     * @param reserved USD reserved by calls in flight
     * @param estimate the refused call's worst-case cost in USD
     * @param limit    the budget's limit in USD
     */
    public BudgetExceededException(String budget, BigDecimal spent, BigDecimal reserved, BigDecimal estimate,
            BigDecimal limit) {
        super("budget '" + budget + "' would be exceeded: spent $" + plain(spent) + " + reserved $" + plain(reserved)
                + " by calls in flight + this call's estimated worst case $" + plain(estimate) + " > limit $" + plain(limit)
                + "; raise the limit, lower maxTokens, or stop calling");
        this.budget = budget;
        this.spent = spent;
        this.reserved = reserved;
        this.estimate = estimate;
        this.limit = limit;
    }

    /** The name of the budget that refused the call. */
    public String budget() {
        return budget;
    }

    /** USD spent against the budget when the call was refused. */
    public BigDecimal spent() {
        return spent;
    }

    /** USD reserved by calls in flight when the call was refused. */
    public BigDecimal reserved() {
        return reserved;
    }

    /** The refused call's estimated worst-case cost in USD. */
    public BigDecimal estimate() {
        return estimate;
    }

    /** The budget's limit in USD. */
    public BigDecimal limit() {
        return limit;
    }

    private static String plain(BigDecimal amount) {
        return Objects.requireNonNull(amount).stripTrailingZeros().toPlainString();
    }
}
