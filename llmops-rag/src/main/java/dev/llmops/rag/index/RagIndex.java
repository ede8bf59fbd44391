package dev.llmops.rag.index;

import dev.llmops.core.Embedding;
import dev.llmops.rag.Chunk;
import dev.llmops.rag.Chunker;
import dev.llmops.rag.Chunkers;
import dev.llmops.rag.Document;
import dev.llmops.rag.RagException;
import dev.llmops.rag.RetrievalEmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index of chunks: the chunk text under BM25, its embedding in an HNSW graph (dot product on L2-normalised
 * vectors, i.e. cosine), the text, offsets and metadata stored, and metadata as terms, doc values and (when
 * numeric) points for filters. Search is {@link RetrievalMode#BM25 BM25}, {@link RetrievalMode#DENSE dense}
 * (filtered kNN) or {@link RetrievalMode#HYBRID hybrid} (reciprocal-rank or normalised weighted fusion).
 *
 * <pre>{@code
 * try (var model = OnnxEmbeddingModel.bgeSmallEnV15();
 *      var index = RagIndex.builder(model).directory(Path.of("rag-index")).build()) {
 *     index.upsert(List.of(Document.of("guide.md", text).withMetadata("lang", "en")));
 *     List<SearchHit> hits = index.search("how do I rotate keys?",
 *             SearchOptions.defaults().withFilter(Filter.eq("lang", "en")));
 * }
 * }</pre>
 *
 * <p><b>Writes are atomic.</b> Each {@link #upsert(List)} or {@link #delete(String)} chunks and embeds everything
 * first (nothing is written if that fails), then replaces the documents' chunks and commits once; a failure while
 * writing rolls back to the last commit. A process killed mid-ingest reopens at its last commit. Writes are
 * serialised; searches run concurrently with them on one shared searcher, refreshed after each commit.
 *
 * <p><b>Dense search speed.</b> Each commit adds a segment with an HNSW graph of its own, and a search visits every
 * segment's graph; after a bulk ingest, {@link #compact()} merges them into one. {@link Builder#hnsw(int, int)} sets
 * the graph's shape, {@link SearchOptions#efSearch()} how wide a query searches it. Lucene scores vectors with SIMD
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code llmops} launcher passes it); without
 * it, dense search and graph building took about 1.5 times as long on the benchmark machine (see BENCHMARKS.md).
 *
 * <p><b>The index records its model.</b> The commit user data holds the schema version, the embedding model id and
 * its dimension; opening the index with another model throws {@link IndexMismatchException}.
 *
 * <p>Thread-safe; create one and share it. {@link #close()} releases the directory and its lock; the embedding
 * model is the caller's to close.
 */
public final class RagIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RagIndex.class);

    /** Version of the field layout below; an index with another version is refused. */
    static final String SCHEMA_VERSION = "1";
    static final String KEY_SCHEMA = "llmops.schema";
    static final String KEY_MODEL = "llmops.embedding.model";
    static final String KEY_DIMENSION = "llmops.embedding.dimension";

    static final String F_ID = "id";
    static final String F_DOC = "doc_id";
    static final String F_CHUNK = "chunk";
    static final String F_START = "start";
    static final String F_END = "end";
    static final String F_TEXT = "text";
    static final String F_TITLE = "title";
    static final String F_VECTOR = "vector";
    static final String META = "meta.";
    static final String NUM = "num.";
    /** Default HNSW neighbours per node (M), Lucene's; see {@link Builder#hnsw(int, int)}. */
    public static final int DEFAULT_HNSW_MAX_CONNECTIONS = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;
    /** Default HNSW construction beam width, Lucene's; see {@link Builder#hnsw(int, int)}. */
    public static final int DEFAULT_HNSW_BEAM_WIDTH = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;
    /** At most this many threads build the HNSW graph of a merged segment (never more than there are cores). */
    static final int MAX_MERGE_WORKERS = 4;
    /** Metadata values longer than this (UTF-8) are stored but not filterable (Lucene's term limit is 32766). */
    static final int MAX_FILTERABLE_BYTES = 8 * 1024;

    private final RetrievalEmbeddingModel model;
    private final Chunker chunker;
    private final Analyzer analyzer;
    private final BM25Similarity similarity;
    private final String titleKey;
    private final float titleBoost;
    private final Directory directory;
    private final String location;
    private final int embedBatchSize;
    private final KnnVectorsFormat vectorsFormat;
    private final ExecutorService mergeExecutor; // null on one core
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SearcherManager searcherManager;
    private IndexWriter writer; // guarded by writeLock
    private volatile boolean closed;

    private RagIndex(Builder b) {
        this.model = b.model;
        this.chunker = b.chunker != null ? b.chunker : Chunkers.recursive(256, 32);
        this.analyzer = b.analyzer != null ? b.analyzer : new EnglishAnalyzer();
        this.similarity = new BM25Similarity(b.k1, b.b);
        this.titleKey = b.titleKey;
        this.titleBoost = b.titleBoost;
        this.embedBatchSize = b.embedBatchSize;
        this.location = b.path != null ? b.path.toString() : "in memory";
        try {
            this.directory = b.path != null ? FSDirectory.open(b.path) : new ByteBuffersDirectory();
        } catch (IOException e) {
            throw new IndexException("cannot open the index directory " + b.path + ": " + e.getMessage()
                    + "; pass a writable directory", e);
        }
        // Created after the directory opened: from here on, a failure closes it with everything else (closeQuietly).
        int mergeWorkers = Math.max(1, Math.min(MAX_MERGE_WORKERS, Runtime.getRuntime().availableProcessors()));
        this.mergeExecutor = mergeWorkers > 1 ? Executors.newFixedThreadPool(mergeWorkers,
                Thread.ofPlatform().name("llmops-hnsw-merge-", 0).daemon().factory()) : null;
        this.vectorsFormat = new Lucene99HnswVectorsFormat(b.hnswMaxConnections, b.hnswBeamWidth, mergeWorkers,
                mergeExecutor);
        try {
            checkRecordedModel();
            this.writer = openWriter();
            if (!DirectoryReader.indexExists(directory)) {
                writer.setLiveCommitData(commitData().entrySet());
                writer.commit();
            }
            var factory = new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
                        org.apache.lucene.index.IndexReader previous) {
                    IndexSearcher searcher = new IndexSearcher(reader);
                    searcher.setSimilarity(similarity);
                    return searcher;
                }
            };
            this.searcherManager = new SearcherManager(directory, factory);
        } catch (IOException e) {
            closeQuietly();
            throw new IndexException("cannot open the index at " + location + ": " + e.getMessage()
                    + "; is another process using it, or is it not a Lucene index?", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** A builder for an index whose chunks are embedded with {@code model}. */
    public static Builder builder(RetrievalEmbeddingModel model) {
        return new Builder(model);
    }

    private void checkRecordedModel() throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return;
        }
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String schema = data.get(KEY_SCHEMA);
        String recordedModel = data.get(KEY_MODEL);
        String recordedDimension = data.get(KEY_DIMENSION);
        if (schema == null) {
            throw new IndexMismatchException("the index at " + location + " was not written by llmops (its commit"
                    + " records no schema); point to an llmops index or an empty directory");
        }
        if (!SCHEMA_VERSION.equals(schema)) {
            throw new IndexMismatchException("the index at " + location + " has schema " + schema + ", this version"
                    + " reads schema " + SCHEMA_VERSION + "; re-ingest into a new directory");
        }
        if (!model.modelId().equals(recordedModel) || !String.valueOf(model.dimension()).equals(recordedDimension)) {
            throw new IndexMismatchException("the index at " + location + " was built with embedding model '"
                    + recordedModel + "' (" + recordedDimension + " dimensions) but is opened with '" + model.modelId()
                    + "' (" + model.dimension() + " dimensions); open it with '" + recordedModel
                    + "' or re-ingest into a new directory");
        }
    }

    private IndexWriter openWriter() throws IOException {
        var config = new IndexWriterConfig(analyzer);
        config.setSimilarity(similarity);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setCommitOnClose(false);
        config.setCodec(new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectorsFormat;
            }
        });
        return new IndexWriter(directory, config);
    }

    private Map<String, String> commitData() {
        return Map.of(KEY_SCHEMA, SCHEMA_VERSION, KEY_MODEL, model.modelId(), KEY_DIMENSION,
                String.valueOf(model.dimension()));
    }

    /** Adds or replaces {@code document} and commits. See {@link #upsert(List, IngestProgress.Listener)}. */
    public IngestResult upsert(Document document) {
        return upsert(List.of(Objects.requireNonNull(document, "document")));
    }

    /** Adds or replaces {@code documents} in one commit. See {@link #upsert(List, IngestProgress.Listener)}. */
    public IngestResult upsert(List<Document> documents) {
        return upsert(documents, IngestProgress.Listener.NONE);
    }

    /**
     * Adds {@code documents}, replacing every chunk of a document whose id is already indexed, in one atomic commit.
     * Chunking and embedding happen first, in batches, reporting to {@code listener}; if any fails nothing is
     * written.
     *
     * @throws IllegalArgumentException when {@code documents} is empty or two share an id
     * @throws RagException             when a document yields no chunk, or embedding fails (nothing written)
     * @throws IndexException           when writing fails (rolled back to the last commit)
     * @throws IllegalStateException    when the index is closed
     */
    public IngestResult upsert(List<Document> documents, IngestProgress.Listener listener) {
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(listener, "listener");
        requireOpen();
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no documents to upsert; pass at least one");
        }
        long start = System.nanoTime();
        var ids = new HashSet<String>();
        var chunksByDocument = new ArrayList<List<Chunk>>(documents.size());
        for (Document d : documents) {
            Objects.requireNonNull(d, "documents holds a null");
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("document id '" + d.id() + "' appears twice in one upsert;"
                        + " ids must be unique (merge the two documents or give them distinct ids)");
            }
            List<Chunk> chunks = chunker.chunk(d);
            if (chunks.isEmpty()) {
                throw new RagException("document '" + d.id() + "' yields no chunk; nothing was written."
                        + " Skip documents without text before indexing");
            }
            chunksByDocument.add(chunks);
        }
        List<List<float[]>> vectors = embed(chunksByDocument, listener, start, documents.size());
        int chunkCount = 0;
        writeLock.lock();
        try {
            requireOpen();
            try {
                for (int i = 0; i < documents.size(); i++) {
                    List<Chunk> chunks = chunksByDocument.get(i);
                    var docs = new ArrayList<org.apache.lucene.document.Document>(chunks.size());
                    for (int c = 0; c < chunks.size(); c++) {
                        docs.add(toLucene(chunks.get(c), vectors.get(i).get(c)));
                    }
                    writer.updateDocuments(new Term(F_DOC, documents.get(i).id()), docs);
                    chunkCount += chunks.size();
                }
                commitLocked();
            } catch (IOException | RuntimeException e) {
                rollbackLocked(e);
                throw new IndexException("writing " + documents.size() + " documents to the index at " + location
                        + " failed: " + e.getMessage() + "; nothing was committed", e);
            }
        } finally {
            writeLock.unlock();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("upserted {} documents ({} chunks) in {} ms", documents.size(), chunkCount, elapsed.toMillis());
        return new IngestResult(documents.size(), chunkCount, elapsed);
    }

    private List<List<float[]>> embed(List<List<Chunk>> chunksByDocument, IngestProgress.Listener listener, long start,
            int total) {
        var result = new ArrayList<List<float[]>>(chunksByDocument.size());
        var pendingTexts = new ArrayList<String>();
        var pendingOwners = new ArrayList<Integer>();
        int chunksDone = 0;
        for (int d = 0; d < chunksByDocument.size(); d++) {
            result.add(new ArrayList<>());
            for (Chunk c : chunksByDocument.get(d)) {
                pendingTexts.add(c.text());
                pendingOwners.add(d);
            }
            boolean last = d == chunksByDocument.size() - 1;
            if (pendingTexts.size() >= embedBatchSize || last) {
                List<Embedding> embeddings = model.embed(pendingTexts).embeddings();
                if (embeddings.size() != pendingTexts.size()) {
                    throw new RagException("embedding model '" + model.modelId() + "' returned " + embeddings.size()
                            + " vectors for " + pendingTexts.size() + " texts; nothing was written");
                }
                for (int i = 0; i < embeddings.size(); i++) {
                    result.get(pendingOwners.get(i)).add(normalised(embeddings.get(i).vector(), "chunk embedding"));
                }
                chunksDone += pendingTexts.size();
                pendingTexts.clear();
                pendingOwners.clear();
                listener.onProgress(new IngestProgress(d + 1, total, chunksDone,
                        Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        return result;
    }

    private float[] normalised(float[] v, String what) {
        if (v.length != model.dimension()) {
            throw new IllegalArgumentException(what + " has " + v.length + " dimensions but the index holds "
                    + model.dimension() + "-dimensional vectors of '" + model.modelId() + "'; use the same model");
        }
        double sum = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(what + " has a non-finite component (" + x + ")");
            }
            sum += (double) x * x;
        }
        if (sum == 0) {
            throw new IllegalArgumentException(what + " is all zeros; it has no direction to compare by cosine");
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    private org.apache.lucene.document.Document toLucene(Chunk chunk, float[] vector) {
        var doc = new org.apache.lucene.document.Document();
        doc.add(new StringField(F_ID, chunk.documentId() + "#" + chunk.index(), Field.Store.YES));
        doc.add(new StringField(F_DOC, chunk.documentId(), Field.Store.YES));
        doc.add(new IntField(F_CHUNK, chunk.index(), Field.Store.YES));
        doc.add(new StoredField(F_START, chunk.startOffset()));
        doc.add(new StoredField(F_END, chunk.endOffset()));
        doc.add(new TextField(F_TEXT, chunk.text(), Field.Store.YES));
        if (titleKey != null && chunk.metadata().containsKey(titleKey)) {
            doc.add(new TextField(F_TITLE, chunk.metadata().get(titleKey), Field.Store.NO));
        }
        doc.add(new KnnFloatVectorField(F_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        for (Map.Entry<String, String> m : chunk.metadata().entrySet()) {
            var bytes = new BytesRef(m.getValue());
            if (bytes.length > MAX_FILTERABLE_BYTES) {
                doc.add(new StoredField(META + m.getKey(), m.getValue())); // too long for a term: stored, not filterable
                continue;
            }
            doc.add(new StringField(META + m.getKey(), m.getValue(), Field.Store.YES));
            doc.add(new SortedSetDocValuesField(META + m.getKey(), bytes));
            Double number = parseNumber(m.getValue());
            if (number != null) {
                doc.add(new DoublePoint(NUM + m.getKey(), number));
            }
        }
        return doc;
    }

    private static Double parseNumber(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Removes every chunk of document {@code documentId} and commits.
     *
     * @return whether the document was in the index
     */
    public boolean delete(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        requireOpen();
        writeLock.lock();
        try {
            requireOpen();
            boolean present;
            try {
                present = count(new TermQuery(new Term(F_DOC, documentId))) > 0;
                writer.deleteDocuments(new Term(F_DOC, documentId));
                commitLocked();
            } catch (IOException | RuntimeException e) {
                rollbackLocked(e);
                throw new IndexException("deleting document '" + documentId + "' from the index at " + location
                        + " failed: " + e.getMessage() + "; nothing was committed", e);
            }
            return present;
        } finally {
            writeLock.unlock();
        }
    }

    private void commitLocked() throws IOException {
        writer.setLiveCommitData(commitData().entrySet());
        writer.commit();
        searcherManager.maybeRefreshBlocking();
    }

    private void rollbackLocked(Exception cause) {
        try {
            writer.rollback();
            writer = openWriter();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            closed = true;
            LOG.error("the index at {} could not be reopened after a failed write; it is now closed", location);
        }
    }

    /**
     * Merges every segment of the index into one and commits. Each upsert adds at least one segment, and Lucene's
     * background merging keeps several; a search visits every segment's HNSW graph, so after a bulk ingest one
     * segment answers dense and hybrid queries several times faster (see BENCHMARKS.md). The merge rebuilds the graph
     * (on up to {@value #MAX_MERGE_WORKERS} threads) and takes a while on a large index, so call it once after a bulk
     * load, not after every upsert. Searches keep running on the previous segments meanwhile; other writes wait.
     *
     * @throws IndexException        when merging or committing fails (the index keeps its last commit)
     * @throws IllegalStateException when the index is closed
     */
    public void compact() {
        requireOpen();
        writeLock.lock();
        try {
            requireOpen();
            try {
                writer.forceMerge(1);
                commitLocked();
            } catch (IOException | RuntimeException e) {
                rollbackLocked(e);
                throw new IndexException("merging the index at " + location + " into one segment failed: "
                        + e.getMessage() + "; it keeps its last commit", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The number of documents in the last commit. */
    public int documentCount() {
        return count(IntField.newExactQuery(F_CHUNK, 0));
    }

    /** The number of chunks in the last commit. */
    public int chunkCount() {
        return count(new MatchAllDocsQuery());
    }

    /** Whether document {@code documentId} is in the last commit. */
    public boolean contains(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        return count(new TermQuery(new Term(F_DOC, documentId))) > 0;
    }

    /** The chunks of document {@code documentId} in order, or empty when it is not indexed. */
    public List<Chunk> chunksOf(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        return withSearcher(searcher -> {
            var top = searcher.search(new TermQuery(new Term(F_DOC, documentId)), Integer.MAX_VALUE / 2);
            var chunks = new ArrayList<Chunk>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                chunks.add(toChunk(stored.document(sd.doc)));
            }
            chunks.sort((a, b) -> Integer.compare(a.index(), b.index()));
            return chunks;
        });
    }

    /**
     * Facet counts of metadata {@code key} over the chunks {@code filter} matches ({@link Filter#all()}: the whole
     * index): for each value, how many distinct documents have a matching chunk carrying it, the {@code topN} most
     * frequent first (ties by value). Documents are counted, not chunks, so a long document does not outweigh short
     * ones; a document whose matching chunks carry different values (a chunker's {@code heading_path}, say) counts
     * once under each. Values over 8 KB are stored but not indexed, so they are not counted. Read from the doc values
     * every filterable metadata value already has: no extra index structure, no reindex.
     *
     * <pre>{@code
     * List<FacetCount> sources = index.facets("source", Filter.eq("lang", "en"), 10);
     * }</pre>
     *
     * @throws IllegalArgumentException when no chunk has metadata {@code key} indexed (the message lists the keys
     *                                  that can be counted), or {@code topN} is below 1
     * @throws IllegalStateException    when the index is closed
     */
    public List<FacetCount> facets(String key, Filter filter, int topN) {
        requireFacetArguments(key, topN);
        Query query = Filters.toQuery(Objects.requireNonNull(filter, "filter"));
        return withSearcher(searcher -> {
            FacetCounter.requireFaceted(searcher.getIndexReader(), key);
            return FacetCounter.count(searcher, key, query, topN);
        });
    }

    /**
     * Facet counts of metadata {@code key}, as {@link #facets(String, Filter, int)} counts them, over the candidates
     * a search for {@code query} with {@code options} ranks: the top {@code options.candidates()} of each retriever
     * of the mode, restricted by the options' filter, before reranking, MMR and the cut to {@code topK}. So the counts
     * describe the result set a user would refine, not only its first page.
     *
     * <pre>{@code
     * SearchOptions options = SearchOptions.defaults().withFilter(Filter.eq("lang", "en"));
     * List<SearchHit> page = index.search(question, options);
     * List<FacetCount> bySource = index.facets("source", question, options, 5);
     * }</pre>
     *
     * @throws IllegalArgumentException when the query is blank, no chunk has metadata {@code key} indexed, or
     *                                  {@code topN} is below 1
     * @throws IllegalStateException    when the index is closed
     */
    public List<FacetCount> facets(String key, String query, SearchOptions options, int topN) {
        requireFacetArguments(key, topN);
        checkQuery(query, options);
        float[] vector = queryVector(query, options);
        Query filter = Filters.toQuery(options.filter());
        return withSearcher(searcher -> {
            FacetCounter.requireFaceted(searcher.getIndexReader(), key);
            List<ScoreDoc> ranked = candidates(searcher, List.of(new Probe(query, vector)), options, filter);
            return FacetCounter.count(searcher, key, ranked.stream().mapToInt(sd -> sd.doc).toArray(), topN);
        });
    }

    private static void requireFacetArguments(String key, int topN) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("facet key is blank; name a metadata key");
        }
        if (topN < 1) {
            throw new IllegalArgumentException("facet topN must be at least 1, got " + topN);
        }
    }

    private int count(Query query) {
        return withSearcher(searcher -> searcher.count(query));
    }

    /** Searches with {@link SearchOptions#defaults()}. */
    public List<SearchHit> search(String query) {
        return search(query, SearchOptions.defaults());
    }

    /**
     * Searches for {@code query}: the options' retrievers (BM25 over the text, kNN over the query embedding, or
     * both fused), each restricted by the filter, then MMR when asked; best first, at most {@code topK}.
     *
     * @throws IllegalArgumentException when the query is blank
     * @throws IllegalStateException    when the index is closed
     */
    public List<SearchHit> search(String query, SearchOptions options) {
        return search(query, options, null);
    }

    /**
     * {@link #search(String, SearchOptions)} with {@code reranker} reordering the fused candidates before MMR and
     * the cut to {@code topK}.
     */
    public List<SearchHit> search(String query, SearchOptions options, Reranker reranker) {
        checkQuery(query, options);
        return run(query, queryVector(query, options), options, reranker);
    }

    private void checkQuery(String query, SearchOptions options) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        requireOpen();
        if (query.isBlank()) {
            throw new IllegalArgumentException("the search query is blank; pass the user's question");
        }
    }

    /** The normalised query embedding, or {@code null} in BM25 mode (no embedding needed). */
    private float[] queryVector(String query, SearchOptions options) {
        return options.mode() == RetrievalMode.BM25 ? null
                : normalised(model.embedQuery(query).vector(), "query embedding");
    }

    /**
     * A dense or hybrid search with a query vector computed elsewhere ({@code query} feeds BM25 in hybrid mode and
     * the reranker; it may be blank in dense mode).
     *
     * @throws IllegalArgumentException when {@code queryVector} has another dimension than the index's model
     */
    public List<SearchHit> search(String query, float[] queryVector, SearchOptions options, Reranker reranker) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(queryVector, "queryVector");
        Objects.requireNonNull(options, "options");
        requireOpen();
        if (options.mode() != RetrievalMode.DENSE && query.isBlank()) {
            throw new IllegalArgumentException("the search query is blank; " + options.mode() + " needs its text");
        }
        return run(query, normalised(queryVector, "query vector"), options, reranker);
    }

    /**
     * {@link #search(String, SearchOptions, Reranker)} for the variants {@code rewriter} makes of {@code query}
     * (alternative phrasings, a hypothetical answer): each variant is searched as the options say (a variant with
     * a {@linkplain QueryVariant#passage() passage} embeds that passage for the dense side and matches its text
     * under BM25), the variants' rankings are fused by reciprocal rank (the options' RRF k, else 60), then the
     * reranker (which sees the original {@code query}), MMR and the cut to {@code topK} run once over the fused
     * candidates.
     *
     * <pre>{@code
     * var hits = index.search(question, SearchOptions.defaults(), QueryRewriter.multiQuery(chatModel, 3), null);
     * }</pre>
     *
     * @param reranker reorders the fused candidates; {@code null} for none
     * @throws IllegalArgumentException when the query is blank
     * @throws RagException             when the rewriter returns no variant
     * @throws IllegalStateException    when the index is closed
     */
    public List<SearchHit> search(String query, SearchOptions options, QueryRewriter rewriter, Reranker reranker) {
        checkQuery(query, options);
        Objects.requireNonNull(rewriter, "rewriter");
        List<QueryVariant> variants = List.copyOf(rewriter.rewrite(query, options.mode()));
        if (variants.isEmpty()) {
            throw new RagException("query rewriter " + rewriter + " returned no query variant for '" + query
                    + "'; a rewriter returns at least one (usually the query itself first)");
        }
        var probes = new ArrayList<Probe>(variants.size());
        for (QueryVariant v : variants) {
            float[] vector = v.passage().isEmpty() || options.mode() == RetrievalMode.BM25
                    ? queryVector(v.text(), options)
                    : normalised(model.embed(v.passage()).vector(), "hypothetical passage embedding");
            probes.add(new Probe(v.text(), vector));
        }
        return run(query, probes, options, reranker);
    }

    private List<SearchHit> run(String query, float[] vector, SearchOptions options, Reranker reranker) {
        return run(query, List.of(new Probe(query, vector)), options, reranker);
    }

    /**
     * Searches {@code probes} (the query, or the variants a {@link QueryRewriter} made of it); several probes'
     * rankings are fused by reciprocal rank. {@code query} is what the reranker sees.
     */
    private List<SearchHit> run(String query, List<Probe> probes, SearchOptions options, Reranker reranker) {
        Query filter = Filters.toQuery(options.filter());
        float[] vector = probes.get(0).vector();
        return withSearcher(searcher -> {
            List<ScoreDoc> ranked = candidates(searcher, probes, options, filter);
            boolean mmr = options.mmrLambda() < 1.0;
            int keep = reranker != null || mmr ? ranked.size() : Math.min(options.topK(), ranked.size());
            StoredFields stored = searcher.storedFields();
            var hits = new ArrayList<SearchHit>(keep);
            var docOf = new HashMap<Chunk, Integer>();
            for (int i = 0; i < keep; i++) {
                ScoreDoc sd = ranked.get(i);
                var hit = new SearchHit(toChunk(stored.document(sd.doc)), sd.score);
                hits.add(hit);
                docOf.put(hit.chunk(), sd.doc);
            }
            List<SearchHit> result = hits;
            if (reranker != null) {
                result = List.copyOf(reranker.rerank(query, List.copyOf(hits)));
                for (SearchHit h : result) {
                    if (!docOf.containsKey(h.chunk())) {
                        throw new RagException("reranker " + reranker + " returned chunk " + h.chunk().index() + " of '"
                                + h.chunk().documentId() + "' that was not among its candidates; rerankers may drop"
                                + " or reorder hits, not add them");
                    }
                }
            }
            if (mmr) {
                List<float[]> vectors = new ArrayList<>(result.size());
                for (SearchHit h : result) {
                    vectors.add(vectorOf(searcher, docOf.get(h.chunk())));
                }
                float[] q = vector != null ? vector : centroid(vectors);
                result = Mmr.select(result, vectors, q, options.mmrLambda(), options.topK());
            }
            return result.size() > options.topK() ? List.copyOf(result.subList(0, options.topK())) : List.copyOf(result);
        });
    }

    /** The text BM25 matches and the normalised vector kNN searches with ({@code null} in BM25 mode). */
    private record Probe(String text, float[] vector) {
    }

    /** The ranked candidates of {@code probes}: each probe's ranking by the mode, then RRF across probes. */
    private List<ScoreDoc> candidates(IndexSearcher searcher, List<Probe> probes, SearchOptions options, Query filter)
            throws IOException {
        var rankings = new ArrayList<List<ScoreDoc>>(probes.size());
        int n = options.candidates();
        for (Probe p : probes) {
            List<ScoreDoc> lexical = options.mode() == RetrievalMode.DENSE ? List.of() : bm25(searcher, p.text(), filter, n);
            List<ScoreDoc> dense = options.mode() == RetrievalMode.BM25 ? List.of() : knn(searcher, p.vector(), filter, options.knnK(), n);
            rankings.add(switch (options.mode()) {
                case BM25 -> lexical;
                case DENSE -> dense;
                case HYBRID -> Fusions.fuse(options.fusion(), lexical, dense);
            });
        }
        int k = options.fusion() instanceof Fusion.Rrf rrf ? rrf.k() : Fusion.DEFAULT_RRF_K;
        return rankings.size() == 1 ? rankings.get(0) : Fusions.rrf(rankings, k);
    }

    private static float[] centroid(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            return new float[0];
        }
        float[] c = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        }
        return c;
    }

    private List<ScoreDoc> bm25(IndexSearcher searcher, String query, Query filter, int n) throws IOException {
        var builder = new QueryBuilder(analyzer);
        Query text = builder.createBooleanQuery(F_TEXT, query, BooleanClause.Occur.SHOULD);
        if (text != null && titleKey != null) {
            Query title = builder.createBooleanQuery(F_TITLE, query, BooleanClause.Occur.SHOULD);
            text = new BooleanQuery.Builder()
                    .add(text, BooleanClause.Occur.SHOULD)
                    .add(new BoostQuery(title, titleBoost), BooleanClause.Occur.SHOULD)
                    .build();
        }
        if (text == null) {
            return List.of(); // only stop words: nothing lexical to match
        }
        Query q = filter == null ? text : new BooleanQuery.Builder()
                .add(text, BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
        return List.of(searcher.search(q, n).scoreDocs);
    }

    /** The {@code n} best of the {@code k} nearest neighbours the HNSW search collects ({@code k >= n}). */
    private static List<ScoreDoc> knn(IndexSearcher searcher, float[] vector, Query filter, int k, int n)
            throws IOException {
        return List.of(searcher.search(new KnnFloatVectorQuery(F_VECTOR, vector, k, filter), n).scoreDocs);
    }

    private static float[] vectorOf(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(F_VECTOR);
        int local = doc - leaf.docBase;
        if (values != null) {
            KnnVectorValues.DocIndexIterator it = values.iterator();
            if (it.advance(local) == local) {
                return values.vectorValue(it.index()).clone();
            }
        }
        throw new IllegalStateException("chunk " + doc + " has no vector in the index at this point");
    }

    static Chunk toChunk(org.apache.lucene.document.Document doc) {
        var metadata = new HashMap<String, String>();
        for (IndexableField f : doc.getFields()) {
            if (f.name().startsWith(META)) {
                metadata.put(f.name().substring(META.length()), f.stringValue());
            }
        }
        return new Chunk(doc.get(F_DOC), doc.getField(F_CHUNK).numericValue().intValue(), doc.get(F_TEXT),
                doc.getField(F_START).numericValue().intValue(), doc.getField(F_END).numericValue().intValue(), metadata);
    }

    /** The embedding model id and dimension recorded in the index at {@code path}, if there is an llmops index. */
    public static Optional<Map<String, String>> recordedSchema(Path path) {
        Objects.requireNonNull(path, "path");
        try (Directory dir = FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(dir)) {
                return Optional.empty();
            }
            return Optional.of(Map.copyOf(SegmentInfos.readLatestCommit(dir).getUserData()));
        } catch (IOException e) {
            throw new IndexException("cannot read the index at " + path + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SearcherCall<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherCall<T> call) {
        requireOpen();
        IndexSearcher searcher;
        try {
            searcher = searcherManager.acquire();
        } catch (AlreadyClosedException e) {
            throw closedException();
        } catch (IOException e) {
            throw new IndexException("refreshing the searcher of the index at " + location + " failed: "
                    + e.getMessage(), e);
        }
        try {
            return call.apply(searcher);
        } catch (AlreadyClosedException e) {
            throw closedException();
        } catch (IOException e) {
            throw new IndexException("reading the index at " + location + " failed: " + e.getMessage(), e);
        } finally {
            try {
                searcherManager.release(searcher);
            } catch (IOException | AlreadyClosedException e) {
                LOG.debug("releasing a searcher of a closing index failed", e);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("the index at " + location + " is closed; open a new RagIndex");
    }

    /** The embedding model chunks and queries are embedded with. */
    public RetrievalEmbeddingModel embeddingModel() {
        return model;
    }

    /** Waits for running writes, then closes the writer (uncommitted changes are discarded) and the directory. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly();
        } finally {
            writeLock.unlock();
        }
    }

    private void closeQuietly() {
        closed = true;
        for (AutoCloseable c : new AutoCloseable[] {searcherManager, writer, directory, mergeExecutor}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the index at {}: {}", location, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "RagIndex[" + location + ", " + model.modelId() + "]";
    }

    /**
     * Builds a {@link RagIndex}: on disk with {@link #directory(Path)}, in memory otherwise.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final RetrievalEmbeddingModel model;
        private Path path;
        private Chunker chunker;
        private Analyzer analyzer;
        private float k1 = 1.2f;
        private float b = 0.75f;
        private int embedBatchSize = 64;
        private String titleKey;
        private float titleBoost;
        private int hnswMaxConnections = DEFAULT_HNSW_MAX_CONNECTIONS;
        private int hnswBeamWidth = DEFAULT_HNSW_BEAM_WIDTH;

        private Builder(RetrievalEmbeddingModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Keep the index in {@code path} (created if missing); default: in memory, gone on close. */
        public Builder directory(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Keep the index in memory (the default). */
        public Builder inMemory() {
            this.path = null;
            return this;
        }

        /** How documents are split; default {@code Chunkers.recursive(256, 32)}. */
        public Builder chunker(Chunker chunker) {
            this.chunker = Objects.requireNonNull(chunker, "chunker");
            return this;
        }

        /** The analyzer of the BM25 field, at index and query time; default Lucene's {@link EnglishAnalyzer}. */
        public Builder analyzer(Analyzer analyzer) {
            this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
            return this;
        }

        /** BM25 parameters; default Lucene's k1 = 1.2, b = 0.75. */
        public Builder bm25(float k1, float b) {
            if (!(k1 >= 0) || !(b >= 0 && b <= 1)) {
                throw new IllegalArgumentException("BM25 needs k1 >= 0 and b in [0, 1], got k1=" + k1 + ", b=" + b);
            }
            this.k1 = k1;
            this.b = b;
            return this;
        }

        /**
         * Also index metadata {@code metadataKey} (a title, say) in a BM25 field of its own, matched with weight
         * {@code boost} next to the chunk text; default: the chunk text only. Dense retrieval is unaffected.
         */
        public Builder bm25TitleField(String metadataKey, float boost) {
            Objects.requireNonNull(metadataKey, "metadataKey");
            if (!(boost > 0)) {
                throw new IllegalArgumentException("title boost must be positive, got " + boost);
            }
            this.titleKey = metadataKey;
            this.titleBoost = boost;
            return this;
        }

        /** Chunks per embedding call during ingest (progress is reported per call); default 64. */
        public Builder embedBatchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("embed batch size must be at least 1, got " + size);
            }
            this.embedBatchSize = size;
            return this;
        }

        /**
         * The shape of the HNSW graph the chunk vectors are searched in: {@code maxConnections} neighbours per node
         * (M) and {@code beamWidth} candidates weighed for each new node's neighbours; default
         * {@value #DEFAULT_HNSW_MAX_CONNECTIONS} and {@value #DEFAULT_HNSW_BEAM_WIDTH}. Larger values cost ingest
         * time and memory and find more of the true nearest neighbours at the same
         * {@link SearchOptions#efSearch() efSearch}. Segments already on disk keep their graph until they are merged.
         */
        public Builder hnsw(int maxConnections, int beamWidth) {
            if (maxConnections < 2 || maxConnections > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
                throw new IllegalArgumentException("HNSW maxConnections must be in [2, "
                        + Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN + "], got " + maxConnections + "; "
                        + DEFAULT_HNSW_MAX_CONNECTIONS + " is the default");
            }
            if (beamWidth < 1 || beamWidth > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
                throw new IllegalArgumentException("HNSW beamWidth must be in [1, "
                        + Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH + "], got " + beamWidth + "; "
                        + DEFAULT_HNSW_BEAM_WIDTH + " is the default");
            }
            this.hnswMaxConnections = maxConnections;
            this.hnswBeamWidth = beamWidth;
            return this;
        }

        /**
         * Opens or creates the index.
         *
         * @throws IndexMismatchException when an existing index records another model, dimension or schema
         * @throws IndexException         when the directory cannot be opened or is locked by another writer
         */
        public RagIndex build() {
            return new RagIndex(this);
        }
    }
}
