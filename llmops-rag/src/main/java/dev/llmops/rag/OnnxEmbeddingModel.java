package dev.llmops.rag;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.rag.internal.EmbeddingInputs;
import dev.llmops.rag.internal.OnnxEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedding model that runs in the JVM with ONNX Runtime, offline: the model file and its tokenizer come from
 * jars on the classpath, nothing is downloaded. Vectors are pooled as the model wants and L2-normalised.
 *
 * <p><b>Batching is pinned to one text per session run.</b> The bundled models are int8-quantised with
 * activations quantised per run, so a padded batch gives a text a slightly different vector depending on its
 * neighbours. Here a text's vector depends only on the text: bit-identical across calls, batch compositions and
 * threads. Throughput comes from parallel callers sharing the one session (or {@link Builder#parallelism(int)}),
 * each run using {@link Builder#intraOpThreads(int)} threads.
 *
 * <p><b>Length is explicit.</b> {@link #maxTokens()} counts {@code [CLS]} and {@code [SEP]}; a longer text fails
 * with {@link InputTooLongException} unless built with {@link Overflow#TRUNCATE}, and then
 * {@link #embedDetailed(List)} reports every cut.
 *
 * <pre>{@code
 * try (var model = OnnxEmbeddingModel.bgeSmallEnV15()) {
 *     Embedding passage = model.embed("The cat sits on the mat.");
 *     Embedding query = model.embedQuery("where is the cat?");
 * }
 * }</pre>
 *
 * <p>ONNX Runtime loads its native library from its jar (extracted to {@code java.io.tmpdir}); on JDK 24+ run with
 * {@code --enable-native-access=ALL-UNNAMED} to silence the JVM's warning about it.
 *
 * <p>Thread-safe; create one and share it. {@link #close()} releases the native session.
 */
public final class OnnxEmbeddingModel implements RetrievalEmbeddingModel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbeddingModel.class);

    private final LocalModel model;
    private final String modelId;
    private final WordPieceTokenizer tokenizer;
    private final OnnxEncoder encoder;
    private final Overflow overflow;
    private final ExecutorService executor;
    private final int parallelism;
    private volatile boolean closed;

    private OnnxEmbeddingModel(Builder b) {
        this.model = b.model;
        this.overflow = b.overflow;
        // A cut text's vector depends on where it is cut: name a non-native cut so caches and indexes tell them apart.
        this.modelId = overflow == Overflow.TRUNCATE && model.maxTokens() != b.nativeMaxTokens
                ? model.id() + "@" + model.maxTokens() : model.id();
        this.parallelism = b.parallelism;
        long started = System.nanoTime();
        this.tokenizer = WordPieceTokenizer.fromClasspath(model.tokenizerResource());
        this.encoder = new OnnxEncoder(model.onnxResource(), model.pooling(), model.dimension(), b.intraOpThreads);
        if (parallelism > 1) {
            var counter = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "llmops-embed-" + model.id() + "-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.executor = null;
        }
        LOG.debug("loaded local embedding model {} in {} ms (intraOpThreads={}, parallelism={}, maxTokens={})", model.id(),
                (System.nanoTime() - started) / 1_000_000, b.intraOpThreads, parallelism, model.maxTokens());
    }

    /** bge-small-en-v1.5 (int8) with the defaults of {@link #builder(LocalModel)}. */
    public static OnnxEmbeddingModel bgeSmallEnV15() {
        return builder(LocalModel.BGE_SMALL_EN_V15).build();
    }

    /** all-MiniLM-L6-v2 (int8) with the defaults of {@link #builder(LocalModel)}. */
    public static OnnxEmbeddingModel allMiniLmL6V2() {
        return builder(LocalModel.ALL_MINILM_L6_V2).build();
    }

    /** A builder for {@code model}: 1 intra-op thread, parallelism 1, {@link Overflow#FAIL}. */
    public static Builder builder(LocalModel model) {
        return new Builder(model);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        List<EmbeddingResult> results = embedDetailed(texts);
        long tokens = 0;
        var embeddings = new ArrayList<Embedding>(results.size());
        for (EmbeddingResult r : results) {
            embeddings.add(r.embedding());
            tokens += r.tokens();
        }
        return new EmbeddingResponse(embeddings, Usage.of(tokens, 0), modelId);
    }

    /**
     * Embeds documents, reporting for each the tokens the model saw and whether it was cut.
     *
     * @throws IllegalArgumentException when {@code texts} is empty or holds an empty text
     * @throws InputTooLongException    when a text exceeds {@link #maxTokens()} and overflow is {@link Overflow#FAIL}
     *                                  (nothing is embedded then)
     */
    public List<EmbeddingResult> embedDetailed(List<String> texts) {
        EmbeddingInputs.check(texts);
        requireOpen();
        var encodings = new ArrayList<Encoding>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            encodings.add(encode(texts.get(i), i));
        }
        if (executor == null || encodings.size() == 1) {
            var results = new ArrayList<EmbeddingResult>(encodings.size());
            for (Encoding e : encodings) {
                results.add(run(e));
            }
            return results;
        }
        return runParallel(encodings);
    }

    private List<EmbeddingResult> runParallel(List<Encoding> encodings) {
        var futures = new ArrayList<Future<EmbeddingResult>>(encodings.size());
        for (Encoding e : encodings) {
            futures.add(executor.submit(() -> run(e)));
        }
        var results = new ArrayList<EmbeddingResult>(encodings.size());
        try {
            for (Future<EmbeddingResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new RagException("interrupted while embedding " + encodings.size() + " texts", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RagException("embedding failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Embeds a search query: the model's query prefix (bge: {@code "Represent this sentence for searching relevant
     * passages: "}), then the query. The prefix counts toward {@link #maxTokens()}.
     */
    @Override
    public Embedding embedQuery(String query) {
        EmbeddingInputs.check(List.of(Objects.requireNonNull(query, "query")));
        requireOpen();
        return run(encode(model.queryPrefix() + query, 0)).embedding();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("embedding model " + model.id() + " is closed; create a new one");
        }
    }

    private Encoding encode(String text, int index) {
        Encoding encoding = tokenizer.encode(text, model.maxTokens());
        if (encoding.truncated()) {
            if (overflow == Overflow.FAIL) {
                throw new InputTooLongException(index, encoding.fullLength(), model.maxTokens());
            }
            LOG.debug("model {} cut text {} from {} to {} tokens", model.id(), index, encoding.fullLength(), encoding.length());
        }
        return encoding;
    }

    private EmbeddingResult run(Encoding encoding) {
        float[] vector = encoder.encode(encoding.ids());
        return new EmbeddingResult(new Embedding(vector), encoding.length(), encoding.truncated());
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    /**
     * The model's id, e.g. {@code bge-small-en-v1.5-q}; when built with {@link Overflow#TRUNCATE} and a
     * {@link Builder#maxTokens(int)} other than the model's own, the id carries the cut, e.g.
     * {@code bge-small-en-v1.5-q@128}: such a model gives long texts other vectors, so an embedding cache or an index
     * built with one must not be read with the other.
     */
    @Override
    public String modelId() {
        return modelId;
    }

    /** The most tokens one text may have, {@code [CLS]} and {@code [SEP]} included. */
    public int maxTokens() {
        return model.maxTokens();
    }

    /** The model this instance runs. */
    public LocalModel model() {
        return model;
    }

    /** The tokenizer of this model, e.g. to chunk text by the tokens it will see. */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** Releases the native session and the worker threads; runs in flight finish first, later calls fail. */
    @Override
    public void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
        encoder.close();
    }

    @Override
    public String toString() {
        return "OnnxEmbeddingModel[" + modelId + ", maxTokens=" + model.maxTokens() + ", overflow=" + overflow
                + ", parallelism=" + parallelism + "]";
    }

    /**
     * Configures an {@link OnnxEmbeddingModel}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final int nativeMaxTokens;
        private LocalModel model;
        private int intraOpThreads = 1;
        private int parallelism = 1;
        private Overflow overflow = Overflow.FAIL;

        private Builder(LocalModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.nativeMaxTokens = model.maxTokens();
        }

        /** Threads ONNX Runtime uses inside one run; default 1, which is best when callers run in parallel. */
        public Builder intraOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * How many texts of one {@code embed(List)} call run at once on the shared session, on threads this model
         * owns; default 1 (the caller's thread). Results do not depend on it.
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** What to do with texts longer than the model's maxTokens; default {@link Overflow#FAIL}. */
        public Builder overflow(Overflow overflow) {
            this.overflow = Objects.requireNonNull(overflow, "overflow");
            return this;
        }

        /**
         * Overrides the model's maximum length, special tokens included (e.g. 128 for MiniLM as trained). Shorter is
         * faster (every layer's cost grows with length, attention's with its square) and, with
         * {@link Overflow#TRUNCATE}, sees less of long texts: see {@link OnnxEmbeddingModel#modelId()}.
         */
        public Builder maxTokens(int maxTokens) {
            this.model = model.withMaxTokens(maxTokens);
            return this;
        }

        /**
         * Loads the model and its tokenizer and opens the session.
         *
         * @throws ModelLoadException when a resource is missing from the classpath or cannot be loaded
         */
        public OnnxEmbeddingModel build() {
            return new OnnxEmbeddingModel(this);
        }
    }
}
