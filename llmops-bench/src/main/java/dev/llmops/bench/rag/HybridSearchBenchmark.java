package dev.llmops.bench.rag;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.rag.Chunk;
import dev.llmops.rag.Document;
import dev.llmops.rag.RetrievalEmbeddingModel;
import dev.llmops.rag.index.RagIndex;
import dev.llmops.rag.index.RetrievalMode;
import dev.llmops.rag.index.SearchHit;
import dev.llmops.rag.index.SearchOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Side by side over N synthetic, L2-normalised 384-dimensional vectors (default 100,000; random Gaussian directions,
 * the hard case for HNSW) each with 8 random words for BM25:
 * <ul>
 *   <li>{@link RagIndex} on disk: ingest time, hybrid (RRF) and dense query latency p50/p99 with the query vector
 *       given (query embedding excluded), HNSW recall@10 against exact search at 10 and 100 candidates;</li>
 *   <li>LangChain4j's {@code InMemoryEmbeddingStore} (exact scan): the same queries' latency p50/p99.</li>
 * </ul>
 * Not JMH: the numbers wanted are percentiles of single-query latency after a warm-up, which a plain loop measures
 * directly. Run:
 * <pre>
 * ./mvnw -q -B -pl llmops-bench -am package -Dmaven.test.skip=true
 * java -Xmx3g -cp llmops-bench/target/benchmarks.jar dev.llmops.bench.rag.HybridSearchBenchmark [vectors] [queries]
 * </pre>
 *
 * <p>Not thread-safe; run it as a program.
 */
public final class HybridSearchBenchmark {
    private static final int DIM = 384;
    private static final int WORDS = 5_000;

    private HybridSearchBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        var random = new Random(42);
        float[][] vectors = new float[n][];
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            vectors[i] = randomUnit(random);
            texts[i] = "d" + i + " " + words(random, 8);
        }
        float[][] queryVectors = new float[queries][];
        String[] queryTexts = new String[queries];
        for (int q = 0; q < queries; q++) {
            queryVectors[q] = randomUnit(random);
            queryTexts[q] = words(random, 3);
        }
        System.out.printf(Locale.ROOT, "vectors=%d dim=%d queries=%d cpus=%d java=%s%n", n, DIM, queries,
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        Path dir = Files.createTempDirectory("llmops-bench-index");
        try (RagIndex index = RagIndex.builder(new LookupModel(vectors)).directory(dir)
                .chunker(d -> List.of(new Chunk(d.id(), 0, d.text(), 0, d.text().length(), d.metadata())))
                .embedBatchSize(10_000).build()) {
            long start = System.nanoTime();
            for (int from = 0; from < n; from += 10_000) {
                var batch = new ArrayList<Document>();
                for (int i = from; i < Math.min(n, from + 10_000); i++) {
                    batch.add(Document.of("d" + i, texts[i]));
                }
                index.upsert(batch);
            }
            System.out.printf(Locale.ROOT, "llmops RagIndex ingest (10 commits, HNSW build): %.1f s%n",
                    (System.nanoTime() - start) / 1e9);

            SearchOptions hybrid = SearchOptions.defaults().withTopK(10).withCandidates(100);
            report("llmops hybrid RRF top10 (100 candidates each)", queries,
                    q -> index.search(queryTexts[q], queryVectors[q], hybrid, null));
            SearchOptions dense = hybrid.withMode(RetrievalMode.DENSE);
            report("llmops dense top10 (100 candidates)", queries,
                    q -> index.search("", queryVectors[q], dense, null));

            int recallQueries = Math.min(queries, 200);
            for (int candidates : new int[] {10, 100}) {
                double recall = 0;
                for (int q = 0; q < recallQueries; q++) {
                    Set<String> exact = exactTop10(vectors, queryVectors[q]);
                    List<SearchHit> hits = index.search("", queryVectors[q], dense.withCandidates(candidates), null);
                    recall += hits.stream().filter(h -> exact.contains(h.chunk().documentId())).count() / 10.0;
                }
                System.out.printf(Locale.ROOT, "llmops HNSW recall@10 vs exact (%d candidates, %d queries): %.4f%n",
                        candidates, recallQueries, recall / recallQueries);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        var store = new InMemoryEmbeddingStore<TextSegment>();
        long start = System.nanoTime();
        var embeddings = new ArrayList<dev.langchain4j.data.embedding.Embedding>(n);
        var segments = new ArrayList<TextSegment>(n);
        for (int i = 0; i < n; i++) {
            embeddings.add(dev.langchain4j.data.embedding.Embedding.from(vectors[i]));
            segments.add(TextSegment.from(texts[i]));
        }
        List<String> ids = store.addAll(embeddings, segments);
        System.out.printf(Locale.ROOT, "LangChain4j InMemoryEmbeddingStore add: %.1f s (%d ids)%n",
                (System.nanoTime() - start) / 1e9, ids.size());
        report("LangChain4j InMemoryEmbeddingStore top10 (exact scan, dense only)", queries,
                q -> langchain4jTop10(store, queryVectors[q]));
        int recallQueries = Math.min(queries, 50);
        double found = 0;
        for (int q = 0; q < recallQueries; q++) {
            Set<String> exact = exactTop10(vectors, queryVectors[q]);
            found += langchain4jTop10(store, queryVectors[q]).stream().filter(exact::contains).count();
        }
        System.out.printf(Locale.ROOT, "LangChain4j recall@10 vs exact (%d queries): %.4f%n", recallQueries,
                found / (10.0 * recallQueries));
    }

    private static List<String> langchain4jTop10(InMemoryEmbeddingStore<TextSegment> store, float[] query) {
        List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(dev.langchain4j.data.embedding.Embedding.from(query)).maxResults(10).build()).matches();
        return matches.stream().map(m -> m.embedded().text().split(" ")[0]).toList();
    }

    private static void report(String name, int queries, IntConsumer query) {
        int warmup = Math.min(200, queries);
        for (int q = 0; q < warmup; q++) {
            query.accept(q);
        }
        long[] nanos = new long[queries];
        for (int q = 0; q < queries; q++) {
            long start = System.nanoTime();
            query.accept(q);
            nanos[q] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: p50=%.3f ms p99=%.3f ms%n", name, nanos[(queries - 1) / 2] / 1e6,
                nanos[(int) Math.ceil(queries * 0.99) - 1] / 1e6);
    }

    private static Set<String> exactTop10(float[][] vectors, float[] query) {
        Integer[] order = new Integer[vectors.length];
        double[] scores = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            order[i] = i;
            double s = 0;
            for (int d = 0; d < DIM; d++) {
                s += vectors[i][d] * query[d];
            }
            scores[i] = s;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        var top = new HashSet<String>();
        for (int i = 0; i < 10; i++) {
            top.add("d" + order[i]);
        }
        return top;
    }

    private static float[] randomUnit(Random random) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private static String words(Random random, int count) {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : " ").append('w').append(random.nextInt(WORDS));
        }
        return sb.toString();
    }

    /** Serves the precomputed vector of document {@code d<i>} (its text starts with its id); no model involved. */
    private record LookupModel(float[][] vectors) implements RetrievalEmbeddingModel {
        @Override
        public EmbeddingResponse embed(List<String> texts) {
            var out = new ArrayList<Embedding>(texts.size());
            for (String t : texts) {
                out.add(new Embedding(vectors[Integer.parseInt(t.substring(1, t.indexOf(' ')))]));
            }
            return new EmbeddingResponse(out, Usage.of(0, 0), "lookup");
        }

        @Override
        public Embedding embedQuery(String query) {
            throw new UnsupportedOperationException("the benchmark passes query vectors; nothing to embed");
        }

        @Override
        public String modelId() {
            return "synthetic-384";
        }

        @Override
        public int dimension() {
            return DIM;
        }
    }
}
