package dev.llmops.core.internal.http;

import dev.llmops.core.ProviderException;
import java.util.List;
import java.util.Objects;

/**
 * What every provider embedding model checks: the texts it is given (at least one, none empty) and the
 * length of the vectors it gets back, which must all equal the configured dimension or, with none
 * configured, the length of the first vector received.
 *
 * <p>Thread-safe.
 */
public final class EmbeddingChecks {
    private final String provider;
    private final String model;
    private final Integer configured;
    private volatile int known;

    /** @param configured the dimension the model must produce, or {@code null} to learn it from the first vector */
    public EmbeddingChecks(String provider, String model, Integer configured) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        this.configured = configured;
        this.known = configured == null ? 0 : configured;
    }

    /** Checks {@code texts}: at least one, none {@code null} or empty; each failure names the fix. */
    public static void requireTexts(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to embed: pass at least one text");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("text " + i + " is empty: leave empty texts out, they have no meaning to embed");
            }
        }
    }

    /** The dimension, configured or learned; 0 while unknown. */
    public int known() {
        return known;
    }

    /**
     * Checks the length of the vector of text {@code index}; the first vector fixes the dimension when none is
     * configured.
     *
     * @throws ProviderException (not retryable, error code {@code dimension_mismatch}) on another length
     */
    public void check(int length, int index, int status) {
        int expected = known;
        if (expected == 0) {
            synchronized (this) {
                if (known == 0) {
                    known = length;
                }
                expected = known;
            }
        }
        if (length != expected) {
            String source = configured != null ? "the configured dimension(" + expected + ")" : "the " + expected + " of its earlier vectors";
            throw new ProviderException(provider, status, "dimension_mismatch", false, null, provider + " model " + model
                    + " returned a vector of " + length + " components for text " + index + ", not " + source
                    + ": vectors of different lengths cannot share an index; check the model name"
                    + (configured != null ? " or the configured dimension" : ""), null);
        }
    }
}
