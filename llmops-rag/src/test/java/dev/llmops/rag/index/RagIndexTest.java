package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.rag.Chunk;
import dev.llmops.rag.Chunkers;
import dev.llmops.rag.Document;
import dev.llmops.rag.RagException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RagIndexTest {
    private final HashEmbeddingModel model = new HashEmbeddingModel();
    private final List<RagIndex> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(RagIndex::close);
    }

    private RagIndex inMemory() {
        RagIndex index = RagIndex.builder(model).build();
        opened.add(index);
        return index;
    }

    private static List<Document> animals() {
        return List.of(
                new Document("cats", "Cats purr and sleep most of the day.", Map.of("kind", "mammal", "year", "2020")),
                new Document("dogs", "Dogs bark at the mail carrier every morning.", Map.of("kind", "mammal", "year", "2022")),
                new Document("eagles", "Eagles soar over mountains hunting fish.", Map.of("kind", "bird", "year", "2024")),
                new Document("owls", "Owls hunt mice at night in silence.", Map.of("kind", "bird", "year", "2018")));
    }

    private static List<String> docIds(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().documentId()).toList();
    }

    @Test
    void bm25FindsTheDocumentWithTheQueryWords() {
        RagIndex index = inMemory();
        index.upsert(animals());
        var hits = index.search("why do dogs bark", SearchOptions.defaults().withMode(RetrievalMode.BM25));
        assertThat(docIds(hits)).first().isEqualTo("dogs");
        assertThat(hits.get(0).chunk().text()).isEqualTo("Dogs bark at the mail carrier every morning.");
        assertThat(hits.get(0).chunk().metadata()).containsEntry("kind", "mammal").containsEntry("year", "2022");
    }

    @Test
    void denseAndHybridRankTheMatchingDocumentFirst() {
        RagIndex index = inMemory();
        index.upsert(animals());
        for (RetrievalMode mode : RetrievalMode.values()) {
            assertThat(docIds(index.search("owls hunt mice", SearchOptions.defaults().withMode(mode))))
                    .as(mode.name()).first().isEqualTo("owls");
        }
        assertThat(docIds(index.search("owls hunt mice", SearchOptions.defaults().withFusion(Fusion.weighted(0.5)))))
                .first().isEqualTo("owls");
    }

    @Test
    void upsertReplacesEveryChunkOfAChangedDocument() {
        RagIndex index = RagIndex.builder(model).chunker(Chunkers.recursive(8, 0)).build();
        opened.add(index);
        index.upsert(Document.of("d", "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu."
                + " Nu xi omicron pi. Rho sigma tau upsilon."));
        int before = index.chunkCount();
        assertThat(before).isGreaterThan(1);

        index.upsert(Document.of("d", "Only one short sentence now."));

        assertThat(index.chunkCount()).isEqualTo(1);
        assertThat(index.documentCount()).isEqualTo(1);
        assertThat(index.chunksOf("d")).extracting(Chunk::text).containsExactly("Only one short sentence now.");
        assertThat(index.search("sigma tau", SearchOptions.defaults().withMode(RetrievalMode.BM25))).isEmpty();
    }

    @Test
    void aBoostedTitleFieldLiftsTheDocumentWhoseTitleMatches() {
        RagIndex flat = inMemory();
        RagIndex titled = RagIndex.builder(model).bm25TitleField("title", 5f).build();
        opened.add(titled);
        var docs = List.of(
                new Document("t", "A note on storage.", Map.of("title", "Compaction")),
                new Document("u", "Compaction compaction runs nightly on storage.", Map.of("title", "Operations")));
        flat.upsert(docs);
        titled.upsert(docs);
        SearchOptions bm25 = SearchOptions.defaults().withMode(RetrievalMode.BM25);
        assertThat(docIds(flat.search("compaction", bm25))).containsExactly("u");
        assertThat(docIds(titled.search("compaction", bm25))).containsExactly("t", "u");
    }

    @Test
    void deleteRemovesTheDocumentAndSaysWhetherItWasThere() {
        RagIndex index = inMemory();
        index.upsert(animals());
        assertThat(index.delete("cats")).isTrue();
        assertThat(index.delete("cats")).isFalse();
        assertThat(index.contains("cats")).isFalse();
        assertThat(index.documentCount()).isEqualTo(3);
        assertThat(docIds(index.search("cats purr", SearchOptions.defaults().withTopK(10)))).doesNotContain("cats");
    }

    @Test
    void filtersRestrictEveryMode() {
        RagIndex index = inMemory();
        index.upsert(animals());
        for (RetrievalMode mode : RetrievalMode.values()) {
            SearchOptions o = SearchOptions.defaults().withMode(mode);
            assertThat(docIds(index.search("hunt", o.withFilter(Filter.eq("kind", "mammal")))))
                    .as(mode.name()).isSubsetOf("cats", "dogs");
            assertThat(docIds(index.search("owls hunt mice at night", o.withFilter(Filter.eq("kind", "mammal")))))
                    .as(mode.name()).doesNotContain("owls");
            assertThat(docIds(index.search("hunting fish eagles", o.withFilter(Filter.in("kind", "bird", "fish")))))
                    .as(mode.name()).first().isEqualTo("eagles");
            assertThat(docIds(index.search("owls eagles dogs cats", o.withFilter(Filter.range("year", 2019, 2022)))))
                    .as(mode.name()).doesNotContain("owls", "eagles");
            assertThat(docIds(index.search("owls eagles", o.withFilter(
                    Filter.and(Filter.eq("kind", "bird"), Filter.range("year", 2020, Double.POSITIVE_INFINITY))))))
                    .as(mode.name()).containsExactly("eagles");
        }
    }

    @Test
    void aMetadataValueTooLongForATermIsStoredButNotFilterable() {
        RagIndex index = inMemory();
        String longValue = "x".repeat(40_000);
        index.upsert(new Document("long", "some text", Map.of("abstract", longValue, "kind", "k")));
        assertThat(index.search("text").get(0).chunk().metadata()).containsEntry("abstract", longValue);
        assertThat(index.search("text", SearchOptions.defaults().withFilter(Filter.eq("abstract", longValue)))).isEmpty();
    }

    @Test
    void denseSearchWithAFilterStillReturnsTopKMatchingChunks() {
        RagIndex index = inMemory();
        var docs = new ArrayList<Document>();
        for (int i = 0; i < 200; i++) {
            docs.add(new Document("d" + i, "common words document number " + i, Map.of("parity", i % 2 == 0 ? "even" : "odd")));
        }
        index.upsert(docs);
        var hits = index.search("common words", SearchOptions.defaults().withMode(RetrievalMode.DENSE).withTopK(20)
                .withCandidates(20).withFilter(Filter.eq("parity", "odd")));
        assertThat(hits).hasSize(20).allSatisfy(h -> assertThat(h.chunk().metadata()).containsEntry("parity", "odd"));
    }

    @Test
    void progressIsReportedPerEmbeddedBatchUpToTheTotal() {
        RagIndex index = RagIndex.builder(model).embedBatchSize(3).build();
        opened.add(index);
        var seen = new ArrayList<IngestProgress>();
        var docs = new ArrayList<Document>();
        for (int i = 0; i < 10; i++) {
            docs.add(Document.of("d" + i, "text " + i));
        }
        IngestResult result = index.upsert(docs, seen::add);
        assertThat(result.documents()).isEqualTo(10);
        assertThat(result.chunks()).isEqualTo(10);
        assertThat(seen).extracting(IngestProgress::documentsDone).containsExactly(3, 6, 9, 10);
        assertThat(seen).allSatisfy(p -> assertThat(p.documentsTotal()).isEqualTo(10));
    }

    @Test
    void aDocumentWithoutChunksFailsTheWholeUpsertAndWritesNothing() {
        RagIndex index = RagIndex.builder(model).chunker(d -> d.id().equals("empty") ? List.of()
                : Chunkers.recursive(64, 0).chunk(d)).build();
        opened.add(index);
        assertThatThrownBy(() -> index.upsert(List.of(Document.of("ok", "some text"), Document.of("empty", "ignored"))))
                .isInstanceOf(RagException.class).hasMessageContaining("'empty'").hasMessageContaining("nothing was written");
        assertThat(index.chunkCount()).isZero();
    }

    @Test
    void duplicateIdsInOneUpsertAreRefused() {
        RagIndex index = inMemory();
        assertThatThrownBy(() -> index.upsert(List.of(Document.of("a", "x"), Document.of("a", "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' appears twice");
        assertThat(index.chunkCount()).isZero();
    }

    @Test
    void anEmbeddingFailureWritesNothing() {
        var failing = new HashEmbeddingModel() {
            @Override
            public dev.llmops.core.EmbeddingResponse embed(List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("poison"))) {
                    throw new RagException("model refused");
                }
                return super.embed(texts);
            }
        };
        RagIndex index = RagIndex.builder(failing).embedBatchSize(1).build();
        opened.add(index);
        index.upsert(Document.of("keep", "kept text"));
        assertThatThrownBy(() -> index.upsert(List.of(Document.of("keep", "replacement"), Document.of("p", "poison"))))
                .isInstanceOf(RagException.class);
        assertThat(index.chunksOf("keep")).extracting(Chunk::text).containsExactly("kept text");
        assertThat(index.contains("p")).isFalse();
    }

    @Test
    void aVectorOfTheWrongDimensionIsRefused() {
        RagIndex index = inMemory();
        index.upsert(animals());
        assertThatThrownBy(() -> index.search("", new float[3], SearchOptions.defaults().withMode(RetrievalMode.DENSE), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 dimensions")
                .hasMessageContaining("64-dimensional");
    }

    @Test
    void aModelReturningVectorsOfTheWrongDimensionWritesNothing() {
        var liar = new HashEmbeddingModel("liar", 64) {
            @Override
            public dev.llmops.core.EmbeddingResponse embed(List<String> texts) {
                return new HashEmbeddingModel("liar", 32).embed(texts);
            }
        };
        RagIndex index = RagIndex.builder(liar).build();
        opened.add(index);
        assertThatThrownBy(() -> index.upsert(Document.of("a", "text"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 dimensions");
        assertThat(index.chunkCount()).isZero();
    }

    @Test
    void aClosedIndexRefusesQueriesAndWrites() {
        RagIndex index = inMemory();
        index.upsert(animals());
        index.close();
        assertThatThrownBy(() -> index.search("cats")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> index.upsert(Document.of("x", "y"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.delete("cats")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(index::chunkCount).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBlankQueryIsRefused() {
        RagIndex index = inMemory();
        assertThatThrownBy(() -> index.search("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void anOnDiskIndexReopensWithItsDocuments(@TempDir Path dir) {
        try (RagIndex index = RagIndex.builder(model).directory(dir).build()) {
            index.upsert(animals());
        }
        try (RagIndex index = RagIndex.builder(model).directory(dir).build()) {
            assertThat(index.documentCount()).isEqualTo(4);
            assertThat(docIds(index.search("eagles soar"))).first().isEqualTo("eagles");
        }
        assertThat(RagIndex.recordedSchema(dir)).get().satisfies(m -> assertThat(m)
                .containsEntry("llmops.embedding.model", "hash-64").containsEntry("llmops.embedding.dimension", "64"));
    }

    @Test
    void openingAnIndexWithAnotherModelIsAClearError(@TempDir Path dir) {
        try (RagIndex index = RagIndex.builder(model).directory(dir).build()) {
            index.upsert(animals());
        }
        assertThatThrownBy(() -> RagIndex.builder(new HashEmbeddingModel("other-model", 64)).directory(dir).build())
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("'hash-64'").hasMessageContaining("'other-model'");
        assertThatThrownBy(() -> RagIndex.builder(new HashEmbeddingModel("hash-64", 32)).directory(dir).build())
                .isInstanceOf(IndexMismatchException.class).hasMessageContaining("32 dimensions");
        try (RagIndex index = RagIndex.builder(model).directory(dir).build()) {
            assertThat(index.documentCount()).as("the refused opens changed nothing").isEqualTo(4);
        }
    }

    @Test
    void aRerankerReordersButMayNotInventHits() {
        RagIndex index = inMemory();
        index.upsert(animals());
        Reranker reverse = (q, hits) -> {
            var copy = new ArrayList<>(hits);
            java.util.Collections.reverse(copy);
            return copy;
        };
        var plain = index.search("owls hunt", SearchOptions.defaults().withTopK(4));
        var reranked = index.search("owls hunt", SearchOptions.defaults().withTopK(4), reverse);
        assertThat(docIds(reranked)).isNotEqualTo(docIds(plain));
        Reranker inventing = (q, hits) -> List.of(new SearchHit(new Chunk("ghost", 0, "boo", 0, 3, Map.of()), 1));
        assertThatThrownBy(() -> index.search("owls", SearchOptions.defaults(), inventing))
                .isInstanceOf(RagException.class).hasMessageContaining("'ghost'");
    }

    @Test
    void mmrPrefersADifferentDocumentOverANearDuplicate() {
        RagIndex index = inMemory();
        index.upsert(List.of(
                Document.of("a", "solar panels convert sunlight into electricity"),
                Document.of("a-copy", "solar panels convert sunlight into electricity today"),
                Document.of("b", "wind turbines convert wind into electricity")));
        SearchOptions o = SearchOptions.defaults().withMode(RetrievalMode.DENSE).withTopK(2);
        assertThat(docIds(index.search("solar panels electricity", o))).containsExactlyInAnyOrder("a", "a-copy");
        assertThat(docIds(index.search("solar panels electricity", o.withMmr(0.3)))).contains("b");
    }

    @Test
    void searchesRunWhileDocumentsAreIngested() throws Exception {
        RagIndex index = inMemory();
        index.upsert(animals());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    index.upsert(Document.of("w" + i, "written while searching " + i));
                }
            });
            var readers = new ArrayList<Future<Integer>>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int found = 0;
                    for (int i = 0; i < 100; i++) {
                        found += docIds(index.search("dogs bark")).contains("dogs") ? 1 : 0;
                    }
                    return found;
                }));
            }
            writer.get();
            for (Future<Integer> r : readers) {
                assertThat(r.get()).isEqualTo(100);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(index.documentCount()).isEqualTo(54);
    }
}
