package dev.llmops.core.cost;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A limit in USD on what calls may spend per calendar day, the day read from a clock in a time zone. Each
 * day starts a fresh {@link Budget} named {@code <name> <date>}; a call counts against the day it started.
 *
 * <pre>{@code
 * DailyBudget daily = DailyBudget.of("assistant", new BigDecimal("20"), Clock.systemUTC(), ZoneId.of("Europe/Paris"));
 * CostTracker tracker = CostTracker.builder().dailyBudget(daily).build();
 * }</pre>
 *
 * <p>Thread-safe; create one and share it.
 */
public final class DailyBudget {
    private final String name;
    private final BigDecimal limit;
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicReference<Budget> today = new AtomicReference<>();

    private DailyBudget(String name, BigDecimal limit, Clock clock, ZoneId zone) {
        this.name = name;
        this.limit = limit;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * A daily budget of {@code limitUsd}, days read from {@code clock} in {@code zone}.
     *
     * @throws IllegalArgumentException when the name is blank or the limit negative
     */
    public static DailyBudget of(String name, BigDecimal limitUsd, Clock clock, ZoneId zone) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Budget.of(name, limitUsd); // validates name and limit with the same messages
        return new DailyBudget(name, limitUsd, clock, zone);
    }

    /** A daily budget of {@code limitUsd}, days in UTC by the system clock. */
    public static DailyBudget of(String name, BigDecimal limitUsd) {
        return of(name, limitUsd, Clock.systemUTC(), ZoneId.of("UTC"));
    }

    /** The budget's name, without a date. */
    public String name() {
        return name;
    }

    /** The most USD a day allows. */
    public BigDecimal limit() {
        return limit;
    }

    /** Today's date by the clock, in the zone. */
    public LocalDate date() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The budget of today, a fresh one on the first call of a new day. */
    public Budget today() {
        LocalDate date = date();
        String todayName = name + " " + date;
        while (true) {
            Budget current = today.get();
            if (current != null && current.name().equals(todayName)) {
                return current;
            }
            Budget fresh = Budget.of(todayName, limit);
            if (today.compareAndSet(current, fresh)) {
                return fresh;
            }
        }
    }

    @Override
    public String toString() {
        return "DailyBudget[" + name + ": $" + limit.toPlainString() + " a day in " + zone + "]";
    }
}
