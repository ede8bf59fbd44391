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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * {@link RagIndex} against LangChain4j's {@code InMemoryEmbeddingStore}, side by side in one JVM, over the same N
 * synthetic L2-normalised 384-dimensional vectors (default 100,000) and the same queries, query vectors given
 * (query embedding excluded). Prints, per data set:
 * <ul>
 *   <li>the set's shape: mean cosine of random pairs and of each query's 1st, 10th and 100th exact neighbour;</li>
 *   <li>RagIndex on disk: ingest time (batches of 10,000 documents, one commit each) and segment count; hybrid
 *       (RRF), dense and BM25 query latency p50/p99 with the default {@link SearchOptions}; for each
 *       {@code efSearch} asked for, dense top-10 latency and HNSW recall@10 against exact search;</li>
 *   <li>LangChain4j (an exact scan): add time, top-10 latency p50/p99 and recall@10 against the same exact
 *       top 10; then the ratios of its p50 to ours.</li>
 * </ul>
 *
 * <p>Data sets ({@code data=}):
 * <ul>
 *   <li>{@code clustered} (the headline): a Gaussian mixture shaped like real sentence embeddings. Each vector is
 *       {@code mu + 0.5 c + 0.6 e}, normalised: {@code mu} a direction shared by all (real embedding sets are
 *       anisotropic: their mean has norm ~0.8), {@code c} one of 300 unit centres, {@code e} Gaussian noise;
 *       centres and noise have a decaying spectrum (standard deviation of dimension d proportional to
 *       {@code (d+1)^-0.4}). At SciFact's size (5,183) these constants give the statistics of bge-small-en-v1.5's
 *       SciFact vectors ({@code data=cache:}): mean pair cosine 0.62 (real: 0.62), 1st/10th/100th neighbour
 *       0.82/0.78/0.71 (real: 0.85/0.78/0.73), and about the same HNSW recall per efSearch. Queries are drawn from
 *       the same mixture.</li>
 *   <li>{@code random}: independent uniform directions (unit Gaussian), no structure at all: HNSW's worst case,
 *       unlike any real embedding set; reported as a bound.</li>
 *   <li>{@code cache:<dir>}: real vectors, read from the embedding cache {@code llmops rag eval --embedding-cache
 *       <dir>} wrote (the last {@code queries} of them, in a seeded random order, are the queries); with SciFact's
 *       5,483 cached bge-small vectors this gives the statistics the clustered set was calibrated against.</li>
 * </ul>
 * Every chunk also has 120 words drawn from a Zipf distribution (exponent 1) over 30,000 words for BM25, queries 6
 * such words, so frequent terms have long posting lists as in real text.
 *
 * <p>Not JMH: the numbers wanted are percentiles of single-query latency after a warm-up, which a plain loop measures
 * directly. Run (the Vector API module lets Lucene score vectors with SIMD; drop it to measure without):
 * <pre>
 * ./mvnw -q -B -pl llmops-bench -am package -Dmaven.test.skip=true
 * java --add-modules jdk.incubator.vector -Xmx3g -cp llmops-bench/target/benchmarks.jar \
 *     dev.llmops.bench.rag.HybridSearchBenchmark [vectors=100000] [queries=1000] [data=clustered,random] \
 *     [m=16] [beam=100] [ef=10,20,50,100,200,400,800] [langchain4j=true]
 * </pre>
 *
 * <p>Not thread-safe; run it as a program.
 */
public final class HybridSearchBenchmark {
    private static final int DIM = 384;
    private static final int VOCABULARY = 30_000;
    private static final int CHUNK_WORDS = 120;
    private static final int QUERY_WORDS = 6;
    private static final int BATCH = 10_000;
    private static final int CENTRES = 300;

    private HybridSearchBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int n = Integer.parseInt(opts.getOrDefault("vectors", "100000"));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "1000"));
        int m = Integer.parseInt(opts.getOrDefault("m", String.valueOf(RagIndex.DEFAULT_HNSW_MAX_CONNECTIONS)));
        int beam = Integer.parseInt(opts.getOrDefault("beam", String.valueOf(RagIndex.DEFAULT_HNSW_BEAM_WIDTH)));
        int[] efs = Arrays.stream(opts.getOrDefault("ef", "10,20,50,100,200,400,800").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean langchain4j = Boolean.parseBoolean(opts.getOrDefault("langchain4j", "true"));
        System.out.printf(Locale.ROOT, "vectors=%d dim=%d queries=%d hnsw m=%d beam=%d cpus=%d java=%s simd=%s%n", n,
                DIM, queries, m, beam, Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        for (String data : opts.getOrDefault("data", "clustered,random").split(",")) {
            run(data, n, queries, m, beam, efs, langchain4j);
        }
    }

    private static void run(String data, int n, int queries, int m, int beam, int[] efs, boolean langchain4j)
            throws IOException {
        var random = new Random(42);
        IntFunction<float[]> source;
        if (data.startsWith("cache:")) {
            List<float[]> cached = cachedVectors(Path.of(data.substring("cache:".length())), random);
            n = Math.min(n, cached.size() - queries);
            source = cached::get;
        } else {
            source = switch (data) {
                case "clustered" -> clustered(random);
                case "random" -> i -> unit(gaussian(random, null));
                default -> throw new IllegalArgumentException("data is clustered, random or cache:<dir>, got '" + data
                        + "'");
            };
        }
        float[][] vectors = new float[n][];
        String[] texts = new String[n];
        var words = new Zipf(VOCABULARY, random);
        for (int i = 0; i < n; i++) {
            vectors[i] = source.apply(i);
            texts[i] = "d" + i + " " + words.text(CHUNK_WORDS);
        }
        float[][] queryVectors = new float[queries][];
        String[] queryTexts = new String[queries];
        for (int q = 0; q < queries; q++) {
            queryVectors[q] = source.apply(n + q);
            queryTexts[q] = words.text(QUERY_WORDS);
        }
        int[][] exact = new int[queries][];
        double[] neighbourCos = new double[3];
        for (int q = 0; q < queries; q++) {
            int[] top = exactTop(vectors, queryVectors[q], 100);
            exact[q] = Arrays.copyOf(top, 10);
            neighbourCos[0] += VectorUtil.dotProduct(vectors[top[0]], queryVectors[q]) / queries;
            neighbourCos[1] += VectorUtil.dotProduct(vectors[top[9]], queryVectors[q]) / queries;
            neighbourCos[2] += VectorUtil.dotProduct(vectors[top[99]], queryVectors[q]) / queries;
        }
        double pairCos = 0;
        for (int i = 0; i < 10_000; i++) {
            pairCos += VectorUtil.dotProduct(vectors[random.nextInt(n)], vectors[random.nextInt(n)]) / 10_000;
        }
        System.out.printf(Locale.ROOT, "%n== data=%s: mean cosine of random pairs %.3f, of the 1st/10th/100th exact"
                + " neighbour %.3f/%.3f/%.3f%n", data, pairCos, neighbourCos[0], neighbourCos[1], neighbourCos[2]);

        double ourHybridP50;
        double ourDenseP50;
        Path dir = Files.createTempDirectory("llmops-bench-index");
        try (RagIndex index = RagIndex.builder(new LookupModel(vectors)).directory(dir).hnsw(m, beam)
                .chunker(d -> List.of(new Chunk(d.id(), 0, d.text(), 0, d.text().length(), d.metadata())))
                .embedBatchSize(BATCH).build()) {
            long start = System.nanoTime();
            for (int from = 0; from < n; from += BATCH) {
                var batch = new ArrayList<Document>();
                for (int i = from; i < Math.min(n, from + BATCH); i++) {
                    batch.add(Document.of("d" + i, texts[i]));
                }
                index.upsert(batch);
            }
            System.out.printf(Locale.ROOT, "llmops RagIndex ingest (%d commits of %d, HNSW build): %.1f s%n",
                    (n + BATCH - 1) / BATCH, Math.min(n, BATCH), (System.nanoTime() - start) / 1e9);
            SearchOptions defaults = SearchOptions.defaults();
            warmUp(index, queryTexts, queryVectors, defaults);
            measureDefaults(index, dir, queryTexts, queryVectors, exact);

            start = System.nanoTime();
            index.compact();
            System.out.printf(Locale.ROOT, "llmops RagIndex compact(): %.1f s%n", (System.nanoTime() - start) / 1e9);
            warmUp(index, queryTexts, queryVectors, defaults);
            double[] p50 = measureDefaults(index, dir, queryTexts, queryVectors, exact);
            ourHybridP50 = p50[0];
            ourDenseP50 = p50[1];
            report("llmops bm25 (top10, 100 candidates)", queries,
                    q -> index.search(queryTexts[q], defaults.withMode(RetrievalMode.BM25)));
            for (int ef : efs) {
                SearchOptions dense = defaults.withMode(RetrievalMode.DENSE).withCandidates(10).withEfSearch(ef);
                var hits = new ArrayList<List<SearchHit>>(queries);
                double[] latency = report("llmops dense top10 efSearch=" + ef, queries,
                        q -> index.search("", queryVectors[q], dense, null), hits::add);
                System.out.printf(Locale.ROOT, "llmops HNSW recall@10 vs exact (efSearch=%d, %d queries): %.4f"
                        + "  [p50=%.3f ms]%n", ef, queries, recall(exact, hits, HybridSearchBenchmark::ourId),
                        latency[0]);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (!langchain4j) {
            return;
        }

        var store = new InMemoryEmbeddingStore<TextSegment>();
        long start = System.nanoTime();
        var ids = new ArrayList<String>(n);
        var embeddings = new ArrayList<dev.langchain4j.data.embedding.Embedding>(n);
        var segments = new ArrayList<TextSegment>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.valueOf(i));
            embeddings.add(dev.langchain4j.data.embedding.Embedding.from(vectors[i]));
            segments.add(TextSegment.from(texts[i]));
        }
        store.addAll(ids, embeddings, segments);
        System.out.printf(Locale.ROOT, "LangChain4j InMemoryEmbeddingStore add: %.1f s (%d vectors)%n",
                (System.nanoTime() - start) / 1e9, n);
        IntFunction<List<EmbeddingMatch<TextSegment>>> top10 = q -> store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(dev.langchain4j.data.embedding.Embedding.from(queryVectors[q]))
                .maxResults(10).build()).matches();
        for (int q = 0; q < Math.min(queries, 200); q++) { // warm-up: its one loop is compiled long before this
            top10.apply(q);
        }
        var lcHits = new ArrayList<List<EmbeddingMatch<TextSegment>>>(queries);
        double lcP50 = report("LangChain4j InMemoryEmbeddingStore top10 (exact scan, dense only)", queries, top10,
                lcHits::add)[0];
        System.out.printf(Locale.ROOT, "LangChain4j recall@10 vs exact (%d queries): %.4f%n", queries,
                recall(exact, lcHits, match -> Integer.parseInt(match.embeddingId())));
        System.out.printf(Locale.ROOT, "p50 speed-up over LangChain4j: hybrid %.1fx, dense %.1fx%n",
                lcP50 / ourHybridP50, lcP50 / ourDenseP50);
    }

    /** JIT warm-up of every search path (hybrid, dense at several widths, BM25) before anything is timed. */
    private static void warmUp(RagIndex index, String[] texts, float[][] vectors, SearchOptions defaults) {
        for (int q = 0; q < Math.min(texts.length, 1000); q++) {
            index.search(texts[q], vectors[q], defaults, null);
            index.search("", vectors[q], defaults.withMode(RetrievalMode.DENSE).withEfSearch(10 + q % 200), null);
            index.search(texts[q], defaults.withMode(RetrievalMode.BM25));
        }
    }

    /** Hybrid and dense latency with the default options and the dense top 10's recall; returns the two p50s. */
    private static double[] measureDefaults(RagIndex index, Path dir, String[] texts, float[][] vectors,
            int[][] exact) throws IOException {
        int segments;
        try (var reader = DirectoryReader.open(FSDirectory.open(dir))) {
            segments = reader.leaves().size();
        }
        SearchOptions hybrid = SearchOptions.defaults();
        String label = "top10, " + hybrid.candidates() + " candidates, efSearch " + hybrid.efSearch() + ", "
                + segments + " segment" + (segments == 1 ? "" : "s");
        double hybridP50 = report("llmops hybrid RRF (" + label + ")", texts.length,
                q -> index.search(texts[q], vectors[q], hybrid, null))[0];
        var hits = new ArrayList<List<SearchHit>>(texts.length);
        double denseP50 = report("llmops dense (" + label + ")", texts.length,
                q -> index.search("", vectors[q], hybrid.withMode(RetrievalMode.DENSE), null), hits::add)[0];
        System.out.printf(Locale.ROOT, "llmops HNSW recall@10 vs exact (defaults, %d segment%s): %.4f%n", segments,
                segments == 1 ? "" : "s", recall(exact, hits, HybridSearchBenchmark::ourId));
        return new double[] {hybridP50, denseP50};
    }

    private static int ourId(SearchHit hit) {
        return Integer.parseInt(hit.chunk().documentId().substring(1));
    }

    private static <T> double recall(int[][] exact, List<List<T>> results, java.util.function.ToIntFunction<T> id) {
        double found = 0;
        for (int q = 0; q < exact.length; q++) {
            int[] truth = exact[q];
            for (T hit : results.get(q)) {
                int i = id.applyAsInt(hit);
                for (int t : truth) {
                    if (t == i) {
                        found++;
                        break;
                    }
                }
            }
        }
        return found / (10.0 * exact.length);
    }

    private static double[] report(String name, int queries, IntFunction<?> query) {
        return report(name, queries, query, r -> { });
    }

    /** Runs every query once, timed (after {@link #warmUp}); hands each result to {@code results}. */
    private static <T> double[] report(String name, int queries, IntFunction<T> query,
            java.util.function.Consumer<T> results) {
        long[] nanos = new long[queries];
        for (int q = 0; q < queries; q++) {
            long start = System.nanoTime();
            T result = query.apply(q);
            nanos[q] = System.nanoTime() - start;
            results.accept(result);
        }
        Arrays.sort(nanos);
        double p50 = Latencies.millis(nanos, 0.5);
        double p99 = Latencies.millis(nanos, 0.99);
        System.out.printf(Locale.ROOT, "%s: p50=%.3f ms p99=%.3f ms%n", name, p50, p99);
        return new double[] {p50, p99};
    }

    /** The indexes of the {@code k} vectors with the highest dot product with {@code query}, best first. */
    private static int[] exactTop(float[][] vectors, float[] query, int k) {
        int[] top = new int[k];
        float[] scores = new float[k];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            float s = VectorUtil.dotProduct(vectors[i], query);
            if (s > scores[k - 1]) {
                int at = k - 1;
                while (at > 0 && scores[at - 1] < s) {
                    scores[at] = scores[at - 1];
                    top[at] = top[at - 1];
                    at--;
                }
                scores[at] = s;
                top[at] = i;
            }
        }
        return top;
    }

    /**
     * The vectors of an llmops embedding cache directory ({@code --embedding-cache} of {@code llmops rag eval}: one
     * file per text, a 4-byte tag, the dimension, then little-endian floats), normalised, in a seeded random order.
     */
    private static List<float[]> cachedVectors(Path dir, Random random) throws IOException {
        var vectors = new ArrayList<float[]>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".vec")).sorted().toList()) {
                var buffer = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                buffer.getInt();
                float[] v = new float[buffer.getInt()];
                if (v.length != DIM) {
                    throw new IllegalArgumentException(file + " holds a " + v.length + "-dimensional vector, not " + DIM);
                }
                buffer.asFloatBuffer().get(v);
                vectors.add(unit(v));
            }
        }
        java.util.Collections.shuffle(vectors, random);
        return vectors;
    }

    /** The calibrated Gaussian mixture described in the class comment. */
    private static IntFunction<float[]> clustered(Random random) {
        float[] spectrum = new float[DIM];
        double sum = 0;
        for (int d = 0; d < DIM; d++) {
            spectrum[d] = (float) Math.pow(d + 1, -0.4);
            sum += spectrum[d] * spectrum[d];
        }
        for (int d = 0; d < DIM; d++) {
            spectrum[d] /= (float) Math.sqrt(sum); // noise of expected norm 1
        }
        float[] mean = unit(gaussian(random, null));
        float[][] centres = new float[CENTRES][];
        for (int c = 0; c < CENTRES; c++) {
            centres[c] = unit(gaussian(random, spectrum));
        }
        return i -> {
            float[] centre = centres[random.nextInt(CENTRES)];
            float[] v = gaussian(random, spectrum);
            for (int d = 0; d < DIM; d++) {
                v[d] = mean[d] + 0.5f * centre[d] + 0.6f * v[d];
            }
            return unit(v);
        };
    }

    private static float[] gaussian(Random random, float[] spectrum) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian() * (spectrum == null ? 1 : spectrum[d]);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        float inv = (float) (1 / Math.sqrt(VectorUtil.dotProduct(v, v)));
        for (int d = 0; d < DIM; d++) {
            v[d] *= inv;
        }
        return v;
    }

    /** Words {@code w<rank>} drawn with probability proportional to {@code 1 / rank}. */
    private static final class Zipf {
        private final double[] cumulative;
        private final Random random;

        Zipf(int vocabulary, Random random) {
            this.random = random;
            this.cumulative = new double[vocabulary];
            double sum = 0;
            for (int r = 0; r < vocabulary; r++) {
                sum += 1.0 / (r + 1);
                cumulative[r] = sum;
            }
            for (int r = 0; r < vocabulary; r++) {
                cumulative[r] /= sum;
            }
        }

        String text(int words) {
            var sb = new StringBuilder(words * 7);
            for (int i = 0; i < words; i++) {
                int at = Arrays.binarySearch(cumulative, random.nextDouble());
                sb.append(i == 0 ? "" : " ").append('w').append(at >= 0 ? at : -at - 1);
            }
            return sb.toString();
        }
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
