package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingEmbeddingModelTest {

    /** A model whose vector is a function of the text, recording what it was asked. */
    static final class CountingModel implements RetrievalEmbeddingModel {
        final String id;
        final List<List<String>> calls = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        CountingModel(String id) {
            this.id = id;
        }

        @Override
        public synchronized EmbeddingResponse embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            return new EmbeddingResponse(texts.stream().map(CountingModel::vector).toList(), Usage.of(texts.size() * 3L, 0), id);
        }

        @Override
        public synchronized Embedding embedQuery(String query) {
            queries.add(query);
            return vector("q:" + query);
        }

        static Embedding vector(String text) {
            return new Embedding(new float[] {text.length(), text.hashCode(), 1});
        }

        @Override
        public String modelId() {
            return id;
        }

        @Override
        public int dimension() {
            return 3;
        }
    }

    @Test
    void embeddingUnchangedTextAgainCallsNoModel() {
        var model = new CountingModel("m");
        var cache = CachingEmbeddingModel.inMemory(model, 100);
        EmbeddingResponse first = cache.embed(List.of("alpha", "beta"));
        EmbeddingResponse second = cache.embed(List.of("alpha", "beta"));
        assertThat(model.calls).hasSize(1);
        assertThat(second.embeddings()).isEqualTo(first.embeddings());
        assertThat(second.usage()).isEqualTo(Usage.ZERO);
        assertThat(cache.stats()).isEqualTo(new CacheStats(2, 2));
    }

    @Test
    void onlyDistinctMissesGoToTheModelAndResultsKeepInputOrder() {
        var model = new CountingModel("m");
        var cache = CachingEmbeddingModel.inMemory(model, 100);
        cache.embed(List.of("b"));
        EmbeddingResponse r = cache.embed(List.of("a", "b", "c", "a"));
        assertThat(model.calls).containsExactly(List.of("b"), List.of("a", "c"));
        assertThat(r.embeddings()).containsExactly(CountingModel.vector("a"), CountingModel.vector("b"),
                CountingModel.vector("c"), CountingModel.vector("a"));
        assertThat(r.usage().inputTokens()).isEqualTo(6);
    }

    @Test
    void queriesAndDocumentsAreCachedApart() {
        var model = new CountingModel("m");
        var cache = CachingEmbeddingModel.inMemory(model, 100);
        cache.embed("same text");
        Embedding q = cache.embedQuery("same text");
        assertThat(q).isEqualTo(CountingModel.vector("q:same text"));
        assertThat(cache.embedQuery("same text")).isEqualTo(q);
        assertThat(model.queries).containsExactly("same text");
    }

    @Test
    void theDiskCacheSurvivesANewInstanceAndSeparatesModels(@TempDir Path dir) {
        var model = new CountingModel("m");
        List<Embedding> computed = CachingEmbeddingModel.onDisk(model, 10, dir).embed(List.of("x", "y")).embeddings();
        var reopenedModel = new CountingModel("m");
        var reopened = CachingEmbeddingModel.onDisk(reopenedModel, 10, dir);
        assertThat(reopened.embed(List.of("x", "y")).embeddings()).isEqualTo(computed);
        assertThat(reopenedModel.calls).isEmpty();

        var other = new CountingModel("other-model");
        CachingEmbeddingModel.onDisk(other, 10, dir).embed("x");
        assertThat(other.calls).containsExactly(List.of("x"));
    }

    @Test
    void leastRecentlyUsedEntriesAreDroppedPastTheBound() {
        var model = new CountingModel("m");
        var cache = CachingEmbeddingModel.inMemory(model, 2);
        cache.embed("a");
        cache.embed("b");
        cache.embed("a");
        cache.embed("c"); // drops b, the least recently used
        cache.embed("a");
        cache.embed("b");
        assertThat(model.calls).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("b"));
    }

    @Test
    void aCorruptDiskEntryIsRecomputed(@TempDir Path dir) throws IOException {
        CachingEmbeddingModel.onDisk(new CountingModel("m"), 10, dir).embed("x");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".vec")).toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }
        var model = new CountingModel("m");
        assertThat(CachingEmbeddingModel.onDisk(model, 10, dir).embed("x")).isEqualTo(CountingModel.vector("x"));
        assertThat(model.calls).containsExactly(List.of("x"));
    }

    @Test
    void aProviderModelCanBeCachedThroughTheAdapter() {
        var provider = new CountingModel("provider");
        dev.llmops.core.EmbeddingModel plain = new dev.llmops.core.EmbeddingModel() {
            @Override
            public EmbeddingResponse embed(List<String> texts) {
                return provider.embed(texts);
            }

            @Override
            public int dimension() {
                return 3;
            }
        };
        var cache = CachingEmbeddingModel.inMemory(RetrievalEmbeddingModel.of(plain, "text-embedding-3-small"), 10);
        cache.embed("hello");
        cache.embed("hello");
        assertThat(provider.calls).hasSize(1);
        assertThat(cache.modelId()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void badInputIsRefused() {
        var cache = CachingEmbeddingModel.inMemory(new CountingModel("m"), 10);
        assertThatThrownBy(() -> cache.embed(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.embed(List.of(""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 0 is empty");
        assertThatThrownBy(() -> CachingEmbeddingModel.inMemory(new CountingModel("m"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }
}
