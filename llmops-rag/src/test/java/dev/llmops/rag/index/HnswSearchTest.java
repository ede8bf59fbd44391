package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.rag.Chunk;
import dev.llmops.rag.Document;
import dev.llmops.rag.RetrievalEmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW knobs: graph shape at build time, search width at query time, and compaction into one graph. */
class HnswSearchTest {
    private static final int DIM = 32;

    /** Serves the vector of document {@code v<i>}: the text is the row of the table. */
    private record VectorTable(float[][] vectors) implements RetrievalEmbeddingModel {
        @Override
        public EmbeddingResponse embed(List<String> texts) {
            return new EmbeddingResponse(texts.stream().map(t -> new Embedding(vectors[row(t)])).toList(),
                    Usage.of(0, 0), "table");
        }

        @Override
        public Embedding embedQuery(String query) {
            return new Embedding(vectors[row(query)]);
        }

        private static int row(String text) {
            return Integer.parseInt(text.substring(1));
        }

        @Override
        public String modelId() {
            return "table-" + DIM;
        }

        @Override
        public int dimension() {
            return DIM;
        }
    }

    private static float[][] randomUnitVectors(int n, long seed) {
        var random = new Random(seed);
        float[][] vectors = new float[n][DIM];
        for (float[] v : vectors) {
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) random.nextGaussian();
                norm += v[d] * v[d];
            }
            for (int d = 0; d < DIM; d++) {
                v[d] /= (float) Math.sqrt(norm);
            }
        }
        return vectors;
    }

    private static RagIndex.Builder builder(float[][] vectors) {
        return RagIndex.builder(new VectorTable(vectors))
                .chunker(d -> List.of(new Chunk(d.id(), 0, d.text(), 0, d.text().length(), d.metadata())));
    }

    private static void ingest(RagIndex index, int from, int to) {
        index.upsert(IntStream.range(from, to).mapToObj(i -> Document.of("v" + i, "v" + i)).toList());
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().documentId()).toList();
    }

    @Test
    void efSearchOutsideItsRangeIsRefusedNamingTheValue() {
        for (int bad : new int[] {0, -5, SearchOptions.MAX_EF_SEARCH + 1}) {
            assertThatThrownBy(() -> SearchOptions.defaults().withEfSearch(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("efSearch must be in [1, " + SearchOptions.MAX_EF_SEARCH + "]")
                    .hasMessageContaining("got " + bad);
        }
        assertThatCode(() -> SearchOptions.defaults().withEfSearch(1).withEfSearch(SearchOptions.MAX_EF_SEARCH))
                .doesNotThrowAnyException();
        assertThat(SearchOptions.defaults().efSearch()).isEqualTo(SearchOptions.DEFAULT_EF_SEARCH);
        assertThat(SearchOptions.defaults().withEfSearch(400).withTopK(3).efSearch()).isEqualTo(400);
    }

    @Test
    void hnswShapesOutsideLucenesLimitsAreRefused() {
        RagIndex.Builder b = builder(new float[1][DIM]);
        assertThatThrownBy(() -> b.hnsw(1, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections").hasMessageContaining("got 1");
        assertThatThrownBy(() -> b.hnsw(513, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 513");
        assertThatThrownBy(() -> b.hnsw(16, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beamWidth").hasMessageContaining("got 0");
        assertThatThrownBy(() -> b.hnsw(16, 3201)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 3201");
    }

    @Test
    void theHnswShapeIsTheOneTheGraphIsBuiltWith(@TempDir Path dir) throws IOException {
        float[][] vectors = randomUnitVectors(2_000, 1); // Lucene builds no graph for a tiny segment
        Path custom = dir.resolve("custom");
        Path standard = dir.resolve("standard");
        try (RagIndex index = builder(vectors).directory(custom).hnsw(6, 40).build()) {
            ingest(index, 0, 2_000);
        }
        try (RagIndex index = builder(vectors).directory(standard).build()) {
            ingest(index, 0, 2_000);
        }
        // Lucene keeps up to 2 * maxConnections neighbours per node on the bottom level.
        assertThat(mostNeighbours(custom)).isBetween(2, 12);
        assertThat(mostNeighbours(standard)).isGreaterThan(12).isLessThanOrEqualTo(2 * RagIndex.DEFAULT_HNSW_MAX_CONNECTIONS);
    }

    /** The largest neighbour count of a node on the bottom level of the index's one HNSW graph. */
    private static int mostNeighbours(Path path) throws IOException {
        try (var directory = FSDirectory.open(path); var reader = DirectoryReader.open(directory)) {
            assertThat(reader.leaves()).hasSize(1);
            var perField = (PerFieldKnnVectorsFormat.FieldsReader)
                    ((CodecReader) reader.leaves().get(0).reader()).getVectorReader();
            HnswGraph graph = ((HnswGraphProvider) perField.getFieldReader(RagIndex.F_VECTOR))
                    .getGraph(RagIndex.F_VECTOR);
            int most = 0;
            for (var nodes = graph.getNodesOnLevel(0); nodes.hasNext(); ) {
                graph.seek(0, nodes.nextInt());
                most = Math.max(most, graph.neighborCount());
            }
            return most;
        }
    }

    @Test
    void aNarrowEfSearchStillCollectsEveryCandidate() {
        float[][] vectors = randomUnitVectors(400, 2);
        try (RagIndex index = builder(vectors).build()) {
            ingest(index, 0, 400);
            SearchOptions narrow = SearchOptions.defaults().withMode(RetrievalMode.DENSE).withTopK(25)
                    .withCandidates(25).withEfSearch(1);
            assertThat(index.search("v7", narrow)).hasSize(25);
        }
    }

    @Test
    void aSearchAsWideAsTheIndexFindsTheExactNearestNeighbours() {
        float[][] vectors = randomUnitVectors(2_000, 3);
        try (RagIndex index = builder(vectors).hnsw(4, 10).build()) {
            ingest(index, 0, 2_000);
            SearchOptions wide = SearchOptions.defaults().withMode(RetrievalMode.DENSE).withCandidates(10)
                    .withEfSearch(2_000);
            for (int q = 0; q < 20; q++) {
                float[] query = randomUnitVectors(1, 100 + q)[0];
                assertThat(ids(index.search("", query, wide, null))).as("query %d", q)
                        .containsExactlyElementsOf(exactTop10(vectors, query));
            }
        }
    }

    private static List<String> exactTop10(float[][] vectors, float[] query) {
        double[] scores = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            for (int d = 0; d < DIM; d++) {
                scores[i] += vectors[i][d] * query[d];
            }
        }
        return IntStream.range(0, vectors.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .limit(10).map(i -> "v" + i).toList();
    }

    @Test
    void compactMergesEverySegmentIntoOneAndKeepsEveryChunk(@TempDir Path dir) throws IOException {
        float[][] vectors = randomUnitVectors(500, 4);
        try (RagIndex index = builder(vectors).directory(dir).build()) {
            for (int from = 0; from < 500; from += 100) {
                ingest(index, from, from + 100);
            }
            SearchOptions dense = SearchOptions.defaults().withMode(RetrievalMode.DENSE).withTopK(5);
            List<String> before = ids(index.search("v42", dense));
            assertThat(segments(dir)).isGreaterThan(1);

            index.compact();

            assertThat(segments(dir)).isEqualTo(1);
            assertThat(index.chunkCount()).isEqualTo(500);
            assertThat(index.documentCount()).isEqualTo(500);
            assertThat(ids(index.search("v42", dense))).first().isEqualTo("v42");
            assertThat(ids(index.search("v42", dense))).containsExactlyInAnyOrderElementsOf(before);
            ingest(index, 0, 10); // the index takes writes after compaction
            assertThat(index.chunkCount()).isEqualTo(500);
        }
        try (RagIndex reopened = builder(vectors).directory(dir).build()) {
            assertThat(reopened.chunkCount()).isEqualTo(500);
        }
    }

    private static int segments(Path path) throws IOException {
        try (var directory = FSDirectory.open(path); var reader = DirectoryReader.open(directory)) {
            return reader.leaves().size();
        }
    }

    @Test
    void compactOnAClosedIndexIsRefused() {
        RagIndex index = builder(randomUnitVectors(1, 5)).build();
        index.close();
        assertThatThrownBy(index::compact).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
