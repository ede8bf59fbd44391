package dev.llmops.core.testing;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real embedding model that runs offline and always gives the same vector for the same text: feature
 * hashing of words. Tests of retrieval, deduplication and semantic metrics run with it without a network,
 * an API key or model weights, and their expectations stay stable across machines and releases. Texts that
 * share words get similar vectors; it knows nothing of synonyms or meaning beyond shared words.
 *
 * <p>The algorithm, fixed so vectors never change:
 * <ol>
 *   <li>Lower-case the text ({@link Locale#ROOT}) and split it into words: maximal runs of Unicode letters
 *       and digits. A text holding no word (only punctuation or spaces) is taken whole as one word.
 *   <li>Hash each word's UTF-8 bytes with 64-bit FNV-1a, then mix the bits with the SplitMix64 finaliser.
 *       The hash's lowest bit gives a sign (0: +1, 1: -1), the other 63 bits modulo the dimension give an
 *       index; the sign is added to the component at that index (a word occurring twice adds twice).
 *   <li>Divide by the Euclidean norm, so every vector has length 1 and the dot product is the cosine
 *       similarity. Should opposite signs cancel to the zero vector, the whole text is hashed as one word
 *       instead.
 * </ol>
 * Different words can share an index (a hashing collision); a larger dimension makes that rarer. Usage
 * counts words as input tokens.
 *
 * <pre>{@code
 * @Test
 * void ranksTheChunkSharingWordsFirst() {
 *     EmbeddingModel embeddings = DeterministicEmbeddingModel.of(256);
 *     Embedding question = embeddings.embed("what do cats eat");
 *
 *     assertThat(question.cosine(embeddings.embed("cats eat fish")))
 *             .isGreaterThan(question.cosine(embeddings.embed("the stock market fell")));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DeterministicEmbeddingModel implements EmbeddingModel {
    /** The dimension of {@link #create()}. */
    public static final int DEFAULT_DIMENSION = 256;

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int dimension;

    private DeterministicEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    /** A model producing vectors of {@value #DEFAULT_DIMENSION} components. */
    public static DeterministicEmbeddingModel create() {
        return new DeterministicEmbeddingModel(DEFAULT_DIMENSION);
    }

    /**
     * A model producing vectors of {@code dimension} components.
     *
     * @throws IllegalArgumentException when {@code dimension} is not positive
     */
    public static DeterministicEmbeddingModel of(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension " + dimension + " is not positive: give the vector length, e.g. "
                    + DEFAULT_DIMENSION);
        }
        return new DeterministicEmbeddingModel(dimension);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to embed: pass at least one text");
        }
        List<Embedding> embeddings = new ArrayList<>(texts.size());
        long words = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = Objects.requireNonNull(texts.get(i), () -> "texts holds null");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("text " + i + " is empty: an empty text has no embedding; leave it out");
            }
            List<String> tokens = words(text);
            words += tokens.size();
            embeddings.add(new Embedding(vectorOf(tokens, text)));
        }
        return new EmbeddingResponse(embeddings, Usage.of(words, 0), model());
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The model id reported on responses, e.g. {@code deterministic-hashing-256}. */
    public String model() {
        return "deterministic-hashing-" + dimension;
    }

    @Override
    public String toString() {
        return "DeterministicEmbeddingModel[dimension=" + dimension + "]";
    }

    /** The words of {@code text} as the model sees them, or the text itself when it holds none. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words.isEmpty() ? List.of(text) : words;
    }

    private float[] vectorOf(List<String> words, String text) {
        float[] vector = accumulate(words);
        if (!normalise(vector)) {
            vector = accumulate(List.of(text));
            normalise(vector);
        }
        return vector;
    }

    private float[] accumulate(List<String> words) {
        float[] vector = new float[dimension];
        for (String word : words) {
            long hash = hash(word);
            int index = (int) Long.remainderUnsigned(hash >>> 1, dimension);
            vector[index] += (hash & 1) == 0 ? 1f : -1f;
        }
        return vector;
    }

    /** Scales {@code vector} to length 1; false when it is all zeros. */
    private static boolean normalise(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return false;
        }
        double norm = Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return true;
    }

    /** FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread the bits. */
    static long hash(String word) {
        long h = FNV_OFFSET_BASIS;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }
}
