package dev.llmops.rag.index;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.rag.RetrievalEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic bag-of-words embedding for tests: each lower-cased word adds 1 to a hashed dimension, then the
 * vector is normalised. Texts sharing words are close, so dense retrieval behaves predictably without a model.
 */
class HashEmbeddingModel implements RetrievalEmbeddingModel {
    private final String id;
    private final int dimension;
    final AtomicInteger calls = new AtomicInteger();

    HashEmbeddingModel(String id, int dimension) {
        this.id = id;
        this.dimension = dimension;
    }

    HashEmbeddingModel() {
        this("hash-64", 64);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        calls.incrementAndGet();
        var out = new ArrayList<Embedding>();
        for (String t : texts) {
            out.add(vector(t));
        }
        return new EmbeddingResponse(out, Usage.of(0, 0), id);
    }

    @Override
    public Embedding embedQuery(String query) {
        return vector(query);
    }

    Embedding vector(String text) {
        float[] v = new float[dimension];
        v[0] = 0.01f; // never all zeros
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), dimension)] += 1;
            }
        }
        return new Embedding(v);
    }

    @Override
    public String modelId() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }
}
