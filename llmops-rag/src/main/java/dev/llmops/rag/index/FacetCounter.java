package dev.llmops.rag.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Counts, per value of a metadata key, the distinct documents among a set of matching chunks, from the sorted-set
 * doc values {@link RagIndex} writes for every filterable metadata value (no extra index structure).
 *
 * <p>A document's chunks are written as one block ({@code IndexWriter.updateDocuments}), in chunk order, and Lucene
 * keeps a block's documents adjacent and in order through merges (block joins rely on the same guarantee; this
 * index uses no index sort). So chunk {@code c} of a document sits at doc id {@code blockStart + c}: the chunk
 * number (doc values of the chunk field) gives each chunk's document without reading stored fields, and since
 * matches arrive in doc id order, a value is counted once per document by remembering the last block it was
 * counted for.
 */
final class FacetCounter {
    private FacetCounter() {
    }

    /**
     * Fails unless metadata {@code key} has facet doc values somewhere in the index.
     *
     * @throws IllegalArgumentException naming the key, and the keys that can be counted
     */
    static void requireFaceted(IndexReader reader, String key) {
        FieldInfos infos = FieldInfos.getMergedFieldInfos(reader);
        FieldInfo info = infos.fieldInfo(RagIndex.META + key);
        if (info != null && info.getDocValuesType() == DocValuesType.SORTED_SET) {
            return;
        }
        var faceted = new TreeSet<String>();
        for (FieldInfo f : infos) {
            if (f.name.startsWith(RagIndex.META) && f.getDocValuesType() == DocValuesType.SORTED_SET) {
                faceted.add(f.name.substring(RagIndex.META.length()));
            }
        }
        String why = info != null
                ? "its values are over " + RagIndex.MAX_FILTERABLE_BYTES / 1024 + " KB, so they are stored but not"
                        + " indexed for filters or facets"
                : "no chunk in the index has that metadata key";
        throw new IllegalArgumentException("metadata key '" + key + "' cannot be faceted: " + why + ". Keys that"
                + " can: " + faceted + "; pass one of them, or ingest documents with '" + key + "' metadata");
    }

    /** The counts over every chunk {@code filter} matches ({@code null}: every chunk). */
    static List<FacetCount> count(IndexSearcher searcher, String key, Query filter, int topN) throws IOException {
        Query matching = filter == null ? new MatchAllDocsQuery() : new ConstantScoreQuery(filter);
        Map<String, Integer> counts = searcher.search(matching, new CollectorManager<CountingCollector,
                Map<String, Integer>>() {
            @Override
            public CountingCollector newCollector() {
                return new CountingCollector(key);
            }

            @Override
            public Map<String, Integer> reduce(Collection<CountingCollector> collectors) {
                var merged = new HashMap<String, Integer>();
                collectors.forEach(c -> c.counts.forEach((v, n) -> merged.merge(v, n, Integer::sum)));
                return merged;
            }
        });
        return top(counts, topN);
    }

    /** The counts over the chunks with these (global) doc ids, in any order, repeats ignored. */
    static List<FacetCount> count(IndexSearcher searcher, String key, int[] docs, int topN) throws IOException {
        int[] sorted = docs.clone();
        Arrays.sort(sorted);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        var counts = new HashMap<String, Integer>();
        LeafCounter leaf = null;
        int leafIndex = -1;
        int previous = -1;
        for (int doc : sorted) {
            if (doc == previous) {
                continue;
            }
            previous = doc;
            int i = ReaderUtil.subIndex(doc, leaves);
            if (i != leafIndex) {
                if (leaf != null) {
                    leaf.addTo(counts);
                }
                leafIndex = i;
                leaf = new LeafCounter(leaves.get(i), key);
            }
            leaf.collect(doc - leaves.get(i).docBase);
        }
        if (leaf != null) {
            leaf.addTo(counts);
        }
        return top(counts, topN);
    }

    private static List<FacetCount> top(Map<String, Integer> counts, int topN) {
        var entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        var result = new ArrayList<FacetCount>(Math.min(topN, entries.size()));
        for (int i = 0; i < entries.size() && i < topN; i++) {
            result.add(new FacetCount(entries.get(i).getKey(), entries.get(i).getValue()));
        }
        return List.copyOf(result);
    }

    /** Counts within one segment by value ordinal; matches must arrive in increasing doc id order. */
    private static final class LeafCounter {
        private final SortedSetDocValues values;
        private final SortedNumericDocValues chunkNumbers;
        private final int[] counts;
        private final int[] lastBlock;

        LeafCounter(LeafReaderContext context, String key) throws IOException {
            this.values = DocValues.getSortedSet(context.reader(), RagIndex.META + key);
            this.chunkNumbers = DocValues.getSortedNumeric(context.reader(), RagIndex.F_CHUNK);
            int valueCount = Math.toIntExact(values.getValueCount());
            this.counts = new int[valueCount];
            this.lastBlock = new int[valueCount];
            Arrays.fill(lastBlock, -1);
        }

        void collect(int doc) throws IOException {
            if (!values.advanceExact(doc)) {
                return;
            }
            if (!chunkNumbers.advanceExact(doc)) {
                throw new IllegalStateException("chunk " + doc + " has no chunk number; the index is not one"
                        + " RagIndex wrote");
            }
            int block = doc - (int) chunkNumbers.nextValue();
            for (int i = 0; i < values.docValueCount(); i++) {
                int ord = (int) values.nextOrd();
                if (lastBlock[ord] != block) {
                    lastBlock[ord] = block;
                    counts[ord]++;
                }
            }
        }

        void addTo(Map<String, Integer> into) throws IOException {
            for (int ord = 0; ord < counts.length; ord++) {
                if (counts[ord] > 0) {
                    into.merge(values.lookupOrd(ord).utf8ToString(), counts[ord], Integer::sum);
                }
            }
        }
    }

    /** Feeds each segment's matches to a {@link LeafCounter}. */
    private static final class CountingCollector extends SimpleCollector {
        private final String key;
        private final Map<String, Integer> counts = new HashMap<>();
        private LeafCounter leaf;

        CountingCollector(String key) {
            this.key = key;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            leaf = new LeafCounter(context, key);
        }

        @Override
        public void collect(int doc) throws IOException {
            leaf.collect(doc);
        }

        @Override
        public void finish() throws IOException {
            leaf.addTo(counts);
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
