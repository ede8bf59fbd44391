package dev.llmops.core.internal.http;

import dev.llmops.core.ProviderException;
import dev.llmops.core.ResponseParseException;
import tools.jackson.databind.JsonNode;
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
     * The vector of text {@code index} read from a JSON array of numbers, its length checked as by
     * {@link #check(int, int, int)}.
     *
     * @throws ResponseParseException when {@code values} is not a non-empty array of numbers ({@code raw} is kept)
     */
    public float[] vector(JsonNode values, int index, int status, String raw) {
        if (values == null || !values.isArray() || values.isEmpty()) {
            throw new ResponseParseException(provider, status, provider + " embedding " + index + " has no values", raw, null);
        }
        float[] vector = new float[values.size()];
        for (int j = 0; j < vector.length; j++) {
            JsonNode value = values.get(j);
            if (!value.isNumber()) {
                throw new ResponseParseException(provider, status, provider + " embedding " + index + " holds a non-number at " + j,
                        raw, null);
            }
            vector[j] = value.floatValue();
        }
        check(vector.length, index, status);
        return vector;
    }

    /** Throws unless {@code vectors} is an array holding one entry per text of the batch at {@code offset}. */
    public void requireCount(JsonNode vectors, int texts, int offset, int status, String raw) {
        if (vectors == null || !vectors.isArray() || vectors.size() != texts) {
            throw new ResponseParseException(provider, status, provider + " embed response holds "
                    + (vectors != null && vectors.isArray() ? vectors.size() : 0) + " embeddings for " + texts + " texts (texts "
                    + offset + " to " + (offset + texts - 1) + ")", raw, null);
        }
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
