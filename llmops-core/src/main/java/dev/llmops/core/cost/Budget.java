package dev.llmops.core.cost;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A limit in USD on what a set of calls may spend, e.g. one evaluation run. Create one, give it to a
 * {@link CostTracker} (or several: they then share it), and read what was spent:
 *
 * <pre>{@code
 * Budget run = Budget.of("nightly-eval", new BigDecimal("5.00"));
 * ChatModel model = ChatPipeline.builder(openAi)
 *         .interceptor(CostTracker.builder().budget(run).build())
 *         .build();
 * ...
 * log.info("spent ${} of ${}", run.spent(), run.limit());
 * }</pre>
 *
 * <p>Before a call is sent its worst-case cost is {@linkplain #reserve(BigDecimal) reserved}: the reservation
 * fails with {@link BudgetExceededException} when what was spent, plus what calls in flight reserved, plus
 * this estimate would exceed the limit (reaching it exactly is allowed). After the call the reservation is
 * {@linkplain Reservation#commit(BigDecimal) committed} at the actual cost, or {@linkplain Reservation#release()
 * released} when the call failed. Reserving is atomic, so concurrent callers never overshoot together. An
 * actual cost above its estimate (a call whose input was under-estimated) is still recorded, and later calls
 * are refused.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class Budget {
    private final String name;
    private final BigDecimal limit;
    private final AtomicReference<State> state = new AtomicReference<>(new State(BigDecimal.ZERO, BigDecimal.ZERO));

    private Budget(String name, BigDecimal limit) {
        this.name = name;
        this.limit = limit;
    }

    /**
     * A budget named {@code name} (it names the budget in errors) allowing {@code limitUsd} US dollars.
     *
     * @throws IllegalArgumentException when the name is blank or the limit negative
     */
    public static Budget of(String name, BigDecimal limitUsd) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limitUsd, "limitUsd");
        if (name.isBlank()) {
            throw new IllegalArgumentException("budget name is blank: name it (e.g. \"nightly-eval\") so a refusal says which budget refused");
        }
        if (limitUsd.signum() < 0) {
            throw new IllegalArgumentException("budget '" + name + "' has a negative limit $" + limitUsd.toPlainString()
                    + ": give the most USD it may spend, zero or more");
        }
        return new Budget(name, limitUsd);
    }

    /** A budget of {@code limitUsd} given as a decimal string, e.g. {@code Budget.of("run", "2.50")}. */
    public static Budget of(String name, String limitUsd) {
        Objects.requireNonNull(limitUsd, "limitUsd");
        return of(name, ModelPrice.parse(limitUsd, "budget '" + name + "' limit"));
    }

    /** The budget's name. */
    public String name() {
        return name;
    }

    /** The most USD the budget allows. */
    public BigDecimal limit() {
        return limit;
    }

    /** USD spent by completed calls. */
    public BigDecimal spent() {
        return state.get().spent();
    }

    /** USD reserved by calls in flight. */
    public BigDecimal reserved() {
        return state.get().reserved();
    }

    /** USD still available to new calls: the limit less what was spent and reserved; never negative. */
    public BigDecimal remaining() {
        State s = state.get();
        return limit.subtract(s.spent()).subtract(s.reserved()).max(BigDecimal.ZERO);
    }

    /**
     * Reserves {@code estimateUsd} for a call about to be sent.
     *
     * @throws BudgetExceededException when the reservation would take the budget past its limit
     */
    public Reservation reserve(BigDecimal estimateUsd) {
        Objects.requireNonNull(estimateUsd, "estimateUsd");
        if (estimateUsd.signum() < 0) {
            throw new IllegalArgumentException("estimate $" + estimateUsd.toPlainString() + " is negative: estimate zero or more USD");
        }
        while (true) {
            State current = state.get();
            BigDecimal reserved = current.reserved().add(estimateUsd);
            if (current.spent().add(reserved).compareTo(limit) > 0) {
                throw new BudgetExceededException(name, current.spent(), current.reserved(), estimateUsd, limit);
            }
            if (state.compareAndSet(current, new State(current.spent(), reserved))) {
                return new Reservation(this, estimateUsd);
            }
        }
    }

    private void settle(BigDecimal estimate, BigDecimal actual) {
        state.updateAndGet(s -> new State(s.spent().add(actual), s.reserved().subtract(estimate)));
    }

    @Override
    public String toString() {
        State s = state.get();
        return "Budget[" + name + ": spent $" + s.spent().toPlainString() + ", reserved $" + s.reserved().toPlainString()
                + " of $" + limit.toPlainString() + "]";
    }

    private record State(BigDecimal spent, BigDecimal reserved) {
    }

    /**
     * Money set aside for one call in flight. Settle it once: {@link #commit(BigDecimal)} after the call,
     * {@link #release()} when it failed; later settlements are ignored.
     *
     * <p>Thread-safe.
     */
    public static final class Reservation {
        private final Budget budget;
        private final BigDecimal estimate;
        private final AtomicBoolean settled = new AtomicBoolean();

        private Reservation(Budget budget, BigDecimal estimate) {
            this.budget = budget;
            this.estimate = estimate;
        }

        /** The budget this reservation holds money of. */
        public Budget budget() {
            return budget;
        }

        /** The USD reserved. */
        public BigDecimal estimate() {
            return estimate;
        }

        /** Records the call's actual cost and frees the reservation. */
        public void commit(BigDecimal actualUsd) {
            Objects.requireNonNull(actualUsd, "actualUsd");
            if (actualUsd.signum() < 0) {
                throw new IllegalArgumentException("actual cost $" + actualUsd.toPlainString() + " is negative");
            }
            if (settled.compareAndSet(false, true)) {
                budget.settle(estimate, actualUsd);
            }
        }

        /** Frees the reservation without spending: the call failed or was never sent. */
        public void release() {
            if (settled.compareAndSet(false, true)) {
                budget.settle(estimate, BigDecimal.ZERO);
            }
        }
    }
}
