package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.rag.Chunk;
import dev.llmops.rag.Chunkers;
import dev.llmops.rag.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FacetsTest {
    /** Long enough to be split into several chunks of 8 tokens. */
    private static final String LONG = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu."
            + " Nu xi omicron pi. Rho sigma tau upsilon.";

    private final List<RagIndex> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(RagIndex::close);
    }

    private RagIndex smallChunks() {
        RagIndex index = RagIndex.builder(new HashEmbeddingModel()).chunker(Chunkers.recursive(8, 0)).build();
        opened.add(index);
        return index;
    }

    private static Document doc(String id, String text, String source, String lang) {
        return new Document(id, text, Map.of("source", source, "lang", lang));
    }

    private static List<Document> library() {
        return List.of(
                doc("w1", LONG, "wiki", "en"),
                doc("w2", LONG, "wiki", "de"),
                doc("w3", "Short wiki page.", "wiki", "en"),
                doc("m1", LONG, "manual", "en"),
                doc("m2", "Short manual page.", "manual", "en"),
                doc("f1", "A forum post about apples.", "forum", "en"),
                doc("b1", "A blog post.", "blog", "de"));
    }

    @Test
    void countsDocumentsNotChunksPerValueMostFrequentFirstTiesByValue() {
        RagIndex index = smallChunks();
        index.upsert(library());
        assertThat(index.chunksOf("w1")).hasSizeGreaterThan(2);

        assertThat(index.facets("source", Filter.all(), 10)).containsExactly(
                new FacetCount("wiki", 3), new FacetCount("manual", 2), new FacetCount("blog", 1),
                new FacetCount("forum", 1));
    }

    @Test
    void topNKeepsTheMostFrequentValues() {
        RagIndex index = smallChunks();
        index.upsert(library());

        assertThat(index.facets("source", Filter.all(), 2)).extracting(FacetCount::value)
                .containsExactly("wiki", "manual");
    }

    @Test
    void aFilterRestrictsWhatIsCounted() {
        RagIndex index = smallChunks();
        index.upsert(library());

        assertThat(index.facets("source", Filter.eq("lang", "de"), 10))
                .containsExactly(new FacetCount("blog", 1), new FacetCount("wiki", 1));
        assertThat(index.facets("lang", Filter.in("source", "wiki", "manual"), 10))
                .containsExactly(new FacetCount("en", 4), new FacetCount("de", 1));
        assertThat(index.facets("lang", Filter.eq("source", "nowhere"), 10)).isEmpty();
    }

    @Test
    void replacedAndDeletedDocumentsAreNotCounted() {
        RagIndex index = smallChunks();
        index.upsert(library());

        index.upsert(doc("w1", LONG, "manual", "en"));
        index.delete("w2");

        assertThat(index.facets("source", Filter.all(), 10)).containsExactly(
                new FacetCount("manual", 3), new FacetCount("blog", 1), new FacetCount("forum", 1),
                new FacetCount("wiki", 1));
    }

    @Test
    void countsStayExactAcrossManySegmentsAndTheirMerges() {
        RagIndex index = smallChunks();
        var expected = new HashMap<String, Integer>();
        for (int i = 0; i < 60; i++) { // one commit each: many segments, which the writer merges as it goes
            String source = "s" + (i % 7);
            String text = i % 3 == 0 ? LONG : "Document number " + i + ".";
            index.upsert(doc("d" + i, text, source, "en"));
            expected.merge(source, 1, Integer::sum);
        }
        for (int i = 0; i < 60; i += 5) {
            index.delete("d" + i);
            expected.merge("s" + (i % 7), -1, Integer::sum);
        }

        var counted = new HashMap<String, Integer>();
        index.facets("source", Filter.all(), 100).forEach(f -> counted.put(f.value(), f.documents()));

        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void aDocumentWhoseChunksCarryDifferentValuesCountsOnceUnderEach() {
        RagIndex index = RagIndex.builder(new HashEmbeddingModel()).chunker(Chunkers.markdown(64, 0)).build();
        opened.add(index);
        index.upsert(List.of(
                Document.of("guide", "# Setup\n\nInstall it.\n\n# Usage\n\nRun it. Then run it again.\n"),
                Document.of("faq", "# Setup\n\nWhy install?\n")));
        assertThat(index.chunksOf("guide")).extracting(c -> c.metadata().get(Chunk.HEADING_PATH))
                .containsExactly("Setup", "Usage");

        assertThat(index.facets(Chunk.HEADING_PATH, Filter.all(), 10))
                .containsExactly(new FacetCount("Setup", 2), new FacetCount("Usage", 1));
    }

    @Test
    void facetsOfAQueryCountTheDocumentsAmongItsCandidates() {
        RagIndex index = smallChunks();
        index.upsert(library());
        SearchOptions bm25 = SearchOptions.defaults().withMode(RetrievalMode.BM25);

        // "page" is in w3 (wiki) and m2 (manual) only; "post" in f1 (forum) and b1 (blog) only
        assertThat(index.facets("source", "page", bm25, 10))
                .containsExactly(new FacetCount("manual", 1), new FacetCount("wiki", 1));
        assertThat(index.facets("source", "post", bm25.withFilter(Filter.eq("lang", "de")), 10))
                .containsExactly(new FacetCount("blog", 1));
    }

    @Test
    void facetsOfAQueryCountADocumentWithSeveralMatchingChunksOnce() {
        RagIndex index = smallChunks();
        index.upsert(library());
        SearchOptions bm25 = SearchOptions.defaults().withMode(RetrievalMode.BM25);
        String everyChunkOfLong = "alpha epsilon iota nu rho";
        assertThat(index.search(everyChunkOfLong, bm25.withTopK(50)).stream()
                .filter(h -> h.chunk().documentId().equals("w1"))).hasSizeGreaterThan(1);

        assertThat(index.facets("source", everyChunkOfLong, bm25, 10))
                .containsExactly(new FacetCount("wiki", 2), new FacetCount("manual", 1));
    }

    @Test
    void facetsOfAQueryCountOnlyTheCandidatesEachRetrieverContributes() {
        RagIndex index = smallChunks();
        index.upsert(library());
        SearchOptions dense = SearchOptions.defaults().withMode(RetrievalMode.DENSE);

        int all = index.facets("source", "apples", dense, 10).stream().mapToInt(FacetCount::documents).sum();
        SearchOptions oneCandidate = dense.withTopK(1).withCandidates(1);
        List<FacetCount> one = index.facets("source", "forum post about apples", oneCandidate, 10);

        assertThat(all).isEqualTo(7);
        assertThat(one).containsExactly(new FacetCount("forum", 1));
    }

    @Test
    void aKeyNoChunkHasIsAClearErrorListingTheKeysThatCanBeCounted() {
        RagIndex index = smallChunks();
        index.upsert(library());

        assertThatThrownBy(() -> index.facets("sourse", Filter.all(), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata key 'sourse' cannot be faceted")
                .hasMessageContaining("no chunk in the index has that metadata key")
                .hasMessageContaining("[lang, source]");
        assertThatThrownBy(() -> index.facets("sourse", "apples", SearchOptions.defaults(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sourse'");
    }

    @Test
    void aKeyWhoseValuesAreTooLongToIndexIsAClearError() {
        RagIndex index = smallChunks();
        index.upsert(new Document("big", "Some text.", Map.of("blob", "x".repeat(RagIndex.MAX_FILTERABLE_BYTES + 1))));

        assertThatThrownBy(() -> index.facets("blob", Filter.all(), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata key 'blob' cannot be faceted")
                .hasMessageContaining("stored but not indexed");
    }

    @Test
    void argumentsAreChecked() {
        RagIndex index = smallChunks();
        index.upsert(library());
        assertThatThrownBy(() -> index.facets("source", Filter.all(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topN");
        assertThatThrownBy(() -> index.facets(" ", Filter.all(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.facets("source", " ", SearchOptions.defaults(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        index.close();
        assertThatThrownBy(() -> index.facets("source", Filter.all(), 1)).isInstanceOf(IllegalStateException.class);
    }
}
