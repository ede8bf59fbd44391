package dev.llmops.cli;

import dev.llmops.eval.RetrievalMetrics;
import dev.llmops.rag.CachingEmbeddingModel;
import dev.llmops.rag.Chunk;
import dev.llmops.rag.Document;
import dev.llmops.rag.LocalModel;
import dev.llmops.rag.OnnxEmbeddingModel;
import dev.llmops.rag.Overflow;
import dev.llmops.rag.index.IngestResult;
import dev.llmops.rag.index.RagIndex;
import dev.llmops.rag.index.RetrievalMode;
import dev.llmops.rag.index.SearchHit;
import dev.llmops.rag.index.SearchOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code llmops rag eval --beir DIR}: indexes a BEIR data set (title and text of each document as one chunk, BM25
 * and vectors of a bundled local model, bge-small-en-v1.5 by default) in a temporary on-disk index, runs every
 * judged query of the split per mode, and prints one line per mode with nDCG@10, recall@100, MRR@10, the indexing
 * time (embedding, indexing and the merge into one segment) and the median query latency (query embedding included
 * for dense and hybrid; reported alone on standard error).
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate retrieval on a BEIR-format data set: one line per mode with ndcg@10, recall@100,"
                + " mrr@10, index_s and query_ms_p50.")
final class RagEvalCommand implements Callable<Integer> {

    /** The modes the command can run. */
    enum Mode { bm25, dense, hybrid, all }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--beir", required = true, paramLabel = "DIR",
            description = "Folder with corpus.jsonl[.gz], queries.jsonl and qrels/<split>.tsv.")
    private Path beir;

    @CommandLine.Option(names = "--mode", defaultValue = "all", paramLabel = "MODE",
            description = "bm25, dense, hybrid or all (default: ${DEFAULT-VALUE}).")
    private Mode mode;

    @CommandLine.Option(names = "--split", defaultValue = "test", description = "Qrels split (default: ${DEFAULT-VALUE}).")
    private String split;

    @CommandLine.Option(names = "--k1", defaultValue = "0.9", description = "BM25 k1 (default: ${DEFAULT-VALUE}).")
    private float k1;

    @CommandLine.Option(names = "--b", defaultValue = "0.4", description = "BM25 b (default: ${DEFAULT-VALUE}).")
    private float b;

    @CommandLine.Option(names = "--threads", paramLabel = "N",
            description = "Documents embedded at once on the shared ONNX session (default: the number of CPUs).")
    private Integer threads;

    /** The bundled local embedding models, by the names the command accepts. */
    enum Model {
        bge_small(LocalModel.BGE_SMALL_EN_V15), minilm(LocalModel.ALL_MINILM_L6_V2);

        final LocalModel local;

        Model(LocalModel local) {
            this.local = local;
        }
    }

    @CommandLine.Option(names = "--model", defaultValue = "bge_small", paramLabel = "MODEL",
            description = "Local embedding model: bge_small (bge-small-en-v1.5, 12 layers, 512 tokens) or minilm"
                    + " (all-MiniLM-L6-v2, 6 layers, 256 tokens; about twice as fast per token) (default: ${DEFAULT-VALUE}).")
    private Model embeddingModel;

    @CommandLine.Option(names = "--max-tokens", paramLabel = "N",
            description = "Embed at most the first N tokens of each document ([CLS] and [SEP] included; default: the"
                    + " model's maximum, 512 for bge_small). Fewer is faster and usually retrieves worse: measure both"
                    + " on your data.")
    private Integer maxTokens;

    @CommandLine.Option(names = "--candidates", defaultValue = "100",
            description = "Hits each retriever contributes to hybrid fusion (default: ${DEFAULT-VALUE}).")
    private int candidates;

    @CommandLine.Option(names = "--title-boost", defaultValue = "0", paramLabel = "W",
            description = "Also match the title alone in a BM25 field of its own with weight W; 0 (default): title and"
                    + " text in one field only, as Anserini's flat variant.")
    private float titleBoost;

    @CommandLine.Option(names = "--embedding-cache", paramLabel = "DIR",
            description = "Keep document and query embeddings in DIR and reuse them on the next run (index_s then"
                    + " measures cache reads, not the model).")
    private Path embeddingCache;

    private static final String TITLE = "title";

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BeirDataset data = BeirDataset.read(beir, split);
        err.printf(Locale.ROOT, "llmops: %d documents, %d judged queries (%s)%n", data.corpus().size(),
                data.queries().size(), split);
        int parallelism = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        LocalModel local = embeddingModel.local;
        int cut = maxTokens != null ? maxTokens : local.maxTokens();
        if (cut < 3 || cut > local.maxTokens()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-tokens must be between 3 and "
                    + local.maxTokens() + " (" + local.id() + " takes at most " + local.maxTokens() + " tokens), got " + cut);
        }
        Path dir = Files.createTempDirectory("llmops-beir-index");
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder(local).maxTokens(cut)
                        .parallelism(parallelism).overflow(Overflow.TRUNCATE).build();
                RagIndex index = indexBuilder(model, dir).build()) {
            Thread cleanup = cleanUpWhenInterrupted(model, index, dir, err);
            try {
                err.printf(Locale.ROOT, "llmops: embedding with %s, at most %d tokens per document%n", local.id(), cut);
                ingestAndEvaluate(model, index, data, out, err);
            } finally {
                removeShutdownHook(cleanup);
            }
        } finally {
            Folders.deleteRecursively(dir);
        }
        return 0;
    }

    private void ingestAndEvaluate(OnnxEmbeddingModel model, RagIndex index, BeirDataset data, PrintWriter out,
            PrintWriter err) {
        var documents = new ArrayList<Document>(data.corpus().size());
        for (BeirDataset.BeirDocument d : data.corpus()) {
            String text = (d.title().isBlank() ? "" : d.title() + "\n") + d.text();
            if (!text.isBlank()) {
                documents.add(d.title().isBlank() ? Document.of(d.id(), text)
                        : Document.of(d.id(), text).withMetadata(TITLE, d.title()));
            }
        }
        IngestResult ingest = index.upsert(documents, p -> err.printf(Locale.ROOT,
                "\rllmops: embedded and indexing %d/%d documents (%ds)", p.documentsDone(), p.documentsTotal(),
                p.elapsed().toSeconds()).flush());
        err.println();
        // One segment: every query then searches one HNSW graph instead of one per flushed segment.
        long compactStart = System.nanoTime();
        index.compact();
        long compactNanos = System.nanoTime() - compactStart;
        err.printf(Locale.ROOT, "llmops: merged the index into one segment in %.1f s%n", compactNanos / 1e9);
        double indexSeconds = (ingest.elapsed().toNanos() + compactNanos) / 1e9;
        List<Mode> modes = mode == Mode.all ? List.of(Mode.bm25, Mode.dense, Mode.hybrid) : List.of(mode);
        if (!modes.equals(List.of(Mode.bm25))) {
            reportQueryEmbedding(model, data.queries().values(), err);
        }
        for (Mode m : modes) {
            out.println(evaluate(index, data, m, indexSeconds));
            out.flush();
        }
    }

    /**
     * Registers what runs when the JVM is stopped mid-run (Ctrl-C, a TERM signal): the model closes, which waits for
     * the ONNX runs in flight, so ONNX Runtime is never torn down under a running session; then the index closes and
     * the temporary folder is removed, so an interrupted run leaves nothing behind.
     */
    private static Thread cleanUpWhenInterrupted(OnnxEmbeddingModel model, RagIndex index, Path dir, PrintWriter err) {
        Thread hook = new Thread(() -> {
            try {
                model.close();
                index.close();
                Folders.deleteRecursively(dir);
                err.printf(Locale.ROOT, "%nllmops: interrupted; removed the temporary index %s%n", dir);
            } catch (Exception e) {
                err.printf(Locale.ROOT, "%nllmops: interrupted; could not remove the temporary index %s: %s%n", dir, e);
            }
            err.flush();
        }, "llmops-rag-eval-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook runs (or has run) and cleans up.
        }
    }

    private RagIndex.Builder indexBuilder(OnnxEmbeddingModel model, Path dir) {
        RagIndex.Builder builder = RagIndex.builder(embeddingCache == null ? model
                        : CachingEmbeddingModel.onDisk(model, 20_000, embeddingCache))
                .directory(dir).bm25(k1, b).chunker(RagEvalCommand::wholeDocument).embedBatchSize(256);
        return titleBoost > 0 ? builder.bm25TitleField(TITLE, titleBoost) : builder;
    }

    /** BEIR scores whole documents: one chunk each, truncated to --max-tokens (default: the model's maximum) when embedded. */
    private static List<Chunk> wholeDocument(Document d) {
        return List.of(new Chunk(d.id(), 0, d.text(), 0, d.text().length(), d.metadata()));
    }

    private String evaluate(RagIndex index, BeirDataset data, Mode m, double indexSeconds) {
        RetrievalMode retrieval = switch (m) {
            case bm25 -> RetrievalMode.BM25;
            case dense -> RetrievalMode.DENSE;
            case hybrid, all -> RetrievalMode.HYBRID;
        };
        SearchOptions options = SearchOptions.defaults().withMode(retrieval).withTopK(100).withCandidates(candidates);
        Map<String, List<String>> run = new LinkedHashMap<>();
        long[] nanos = new long[data.queries().size()];
        int i = 0;
        for (Map.Entry<String, String> q : data.queries().entrySet()) {
            long start = System.nanoTime();
            List<SearchHit> hits = index.search(q.getValue(), options);
            nanos[i++] = System.nanoTime() - start;
            var ranking = new LinkedHashSet<String>();
            for (SearchHit h : hits) {
                ranking.add(h.chunk().documentId());
            }
            run.put(q.getKey(), List.copyOf(ranking));
        }
        Arrays.sort(nanos);
        double p50 = millisAt(nanos, 0.5);
        var qrels = data.qrels();
        double ndcg = RetrievalMetrics.mean(qrels, run, (r, j) -> RetrievalMetrics.ndcg(r, j, 10));
        double recall = RetrievalMetrics.mean(qrels, run, (r, j) -> RetrievalMetrics.recall(r, j, 100));
        double mrr = RetrievalMetrics.mean(qrels, run, (r, j) -> RetrievalMetrics.reciprocalRank(r, j, 10));
        return String.format(Locale.ROOT, "%s ndcg@10=%.4f recall@100=%.4f mrr@10=%.4f index_s=%.1f query_ms_p50=%.2f",
                m, ndcg, recall, mrr, indexSeconds, p50);
    }

    /**
     * Dense and hybrid latencies include embedding the query; this times that part alone, with the model itself
     * (never the embedding cache), one query at a time as a search does.
     */
    private static void reportQueryEmbedding(OnnxEmbeddingModel model, Collection<String> queries, PrintWriter err) {
        long[] nanos = new long[queries.size()];
        int i = 0;
        for (String query : queries) {
            long start = System.nanoTime();
            model.embedQuery(query);
            nanos[i++] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        err.printf(Locale.ROOT, "llmops: query embedding alone (%s, uncached) p50=%.2f ms p99=%.2f ms over %d queries%n",
                model.modelId(), millisAt(nanos, 0.5), millisAt(nanos, 0.99), nanos.length);
    }

    /** The {@code q} quantile of {@code sortedNanos} in milliseconds, nearest rank; 0 when empty. */
    private static double millisAt(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
