package dev.llmops.core.testing;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@link CassetteChatModel} does with a request: replay it from the cassette, record it from the real
 * model, or both. Tests normally leave the mode to the environment ({@link #fromEnvironment()}), so CI
 * replays and a developer re-records with one switch:
 *
 * <pre>{@code
 * ./mvnw test                                          # REPLAY: never calls the real model
 * ./mvnw test -Dllmops.cassette.mode=RECORD_MISSING    # records only requests the cassettes lack
 * LLMOPS_CASSETTE_MODE=RECORD ./mvnw test              # re-records every cassette a test touches
 * }</pre>
 *
 * A test may also pin its mode, e.g. while it is being written:
 *
 * <pre>{@code
 * @Test
 * void triagesTheTicket() {
 *     ChatModel model = CassetteChatModel.builder().name("triage").delegate(openAi)
 *             .mode(CassetteMode.RECORD_MISSING)
 *             .build();
 *
 *     assertThat(new Triage(model).classify(ticket)).isEqualTo(Category.BILLING);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum CassetteMode {
    /** Replays recordings and never calls the real model; a request with no recording fails. */
    REPLAY,
    /** Always calls the real model and rewrites the cassette with this run's calls. */
    RECORD,
    /** Replays what the cassette holds and records, adding to the cassette, what it does not. */
    RECORD_MISSING;

    /** The system property that sets the default mode. */
    public static final String PROPERTY = "llmops.cassette.mode";
    /** The environment variable that sets the default mode when the system property is not set. */
    public static final String ENVIRONMENT_VARIABLE = "LLMOPS_CASSETTE_MODE";

    /**
     * The mode named by the system property {@value #PROPERTY}, else by the environment variable
     * {@value #ENVIRONMENT_VARIABLE}, else {@link #REPLAY}.
     *
     * @throws IllegalArgumentException when the property or variable names no mode
     */
    public static CassetteMode fromEnvironment() {
        return resolve(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT_VARIABLE));
    }

    /** The mode named by {@code property}, else by {@code environment}, else {@link #REPLAY}; blanks count as unset. */
    static CassetteMode resolve(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return parse(property, "system property " + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return parse(environment, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        return REPLAY;
    }

    /**
     * The mode named {@code value}, ignoring case and accepting {@code -} for {@code _}
     * ({@code record-missing}).
     *
     * @throws IllegalArgumentException when {@code value} names no mode
     */
    public static CassetteMode parse(String value) {
        return parse(value, "cassette mode");
    }

    private static CassetteMode parse(String value, String source) {
        String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CassetteMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(source + " is '" + value + "', which names no cassette mode: use one of "
                + Arrays.toString(values()));
    }
}
