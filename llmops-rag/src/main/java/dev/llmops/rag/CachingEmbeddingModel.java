package dev.llmops.rag;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.rag.internal.EmbeddingInputs;
import dev.llmops.rag.internal.VectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers embeddings by content: the key is the SHA-256 of the model id, the kind (document or query) and the
 * text, so re-indexing unchanged text costs no model call, and a different model never reuses another's vectors.
 * Kept in a bounded in-memory LRU map and, with {@link #onDisk}, in a directory that survives restarts. Misses of
 * one {@code embed(List)} call go to the model in one call, each distinct text once.
 *
 * <p>A response's usage counts only the tokens sent to the model: texts served from the cache cost nothing. Two
 * threads missing the same text at once may both compute it; the vectors are the same.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class CachingEmbeddingModel implements RetrievalEmbeddingModel {
    private final RetrievalEmbeddingModel delegate;
    private final VectorStore store;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private CachingEmbeddingModel(RetrievalEmbeddingModel delegate, VectorStore store) {
        this.delegate = delegate;
        this.store = store;
    }

    /**
     * Caches in memory only.
     *
     * @param maxEntries vectors kept, least recently used dropped first (384 floats take 1.5 KiB)
     */
    public static CachingEmbeddingModel inMemory(RetrievalEmbeddingModel delegate, int maxEntries) {
        return new CachingEmbeddingModel(Objects.requireNonNull(delegate, "delegate"), new VectorStore(checkMax(maxEntries), null));
    }

    /**
     * Caches in memory and in {@code directory} (created if missing), one small file per vector.
     *
     * @param maxEntries vectors kept in memory; the directory is not bounded
     */
    public static CachingEmbeddingModel onDisk(RetrievalEmbeddingModel delegate, int maxEntries, Path directory) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(directory, "directory");
        return new CachingEmbeddingModel(delegate, new VectorStore(checkMax(maxEntries), directory));
    }

    private static int checkMax(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        return maxEntries;
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        EmbeddingInputs.check(texts);
        var found = new Embedding[texts.size()];
        // Distinct missing texts, in first-seen order, with their key.
        var missing = new LinkedHashMap<String, String>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String key = key("document", text);
            var cached = store.get(key);
            if (cached.isPresent()) {
                found[i] = new Embedding(cached.get());
                hits.incrementAndGet();
            } else if (!missing.containsKey(text)) {
                missing.put(text, key);
            }
        }
        Usage usage = Usage.ZERO;
        if (!missing.isEmpty()) {
            misses.addAndGet(missing.size());
            EmbeddingResponse response = delegate.embed(new ArrayList<>(missing.keySet()));
            usage = response.usage();
            Map<String, Embedding> computed = new LinkedHashMap<>();
            int j = 0;
            for (var entry : missing.entrySet()) {
                Embedding e = response.embeddings().get(j++);
                store.put(entry.getValue(), e.vector());
                computed.put(entry.getKey(), e);
            }
            for (int i = 0; i < texts.size(); i++) {
                if (found[i] == null) {
                    found[i] = computed.get(texts.get(i));
                }
            }
        }
        return new EmbeddingResponse(List.of(found), usage, delegate.modelId());
    }

    @Override
    public Embedding embedQuery(String query) {
        EmbeddingInputs.check(List.of(Objects.requireNonNull(query, "query")));
        String key = key("query", query);
        var cached = store.get(key);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            return new Embedding(cached.get());
        }
        misses.incrementAndGet();
        Embedding e = delegate.embedQuery(query);
        store.put(key, e.vector());
        return e;
    }

    private String key(String kind, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(delegate.modelId().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(kind.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Hits and misses since this cache was created. */
    public CacheStats stats() {
        return new CacheStats(hits.get(), misses.get());
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String toString() {
        return "CachingEmbeddingModel[" + delegate + ", " + stats() + "]";
    }
}
