package dev.llmops.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A vector produced by an {@link EmbeddingModel}. The array is copied on the way in and out, so an
 * embedding never changes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param vector the components; at least one
 */
public record Embedding(float[] vector) {
    public Embedding {
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("embedding vector is empty");
        }
        vector = vector.clone();
    }

    /** A copy of the components. */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** The number of components. */
    public int dimension() {
        return vector.length;
    }

    /** The component at {@code index}. */
    public float get(int index) {
        return vector[index];
    }

    /** The dot product with {@code other}. */
    public double dot(Embedding other) {
        requireSameDimension(other);
        double sum = 0;
        for (int i = 0; i < vector.length; i++) {
            sum += (double) vector[i] * other.vector[i];
        }
        return sum;
    }

    /** The cosine similarity with {@code other}, in [-1, 1]; 0 when either vector is all zeros. */
    public double cosine(Embedding other) {
        requireSameDimension(other);
        double dot = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += (double) vector[i] * other.vector[i];
            a += (double) vector[i] * vector[i];
            b += (double) other.vector[i] * other.vector[i];
        }
        return a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
    }

    private void requireSameDimension(Embedding other) {
        Objects.requireNonNull(other, "other");
        if (other.vector.length != vector.length) {
            throw new IllegalArgumentException("embeddings differ in dimension: " + vector.length + " vs " + other.vector.length
                    + "; compare vectors from the same model");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        int shown = Math.min(4, vector.length);
        StringBuilder sb = new StringBuilder("Embedding[dimension=").append(vector.length).append(", vector=[");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(vector[i]);
        }
        return sb.append(vector.length > shown ? ", ...]]" : "]]").toString();
    }
}
