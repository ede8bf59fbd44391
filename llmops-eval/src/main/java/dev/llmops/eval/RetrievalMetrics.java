package dev.llmops.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ranked-retrieval metrics with trec_eval's semantics, as plain functions. A ranking is a list of document ids,
 * best first (a repeated id counts at its first position only); judgments map document ids to graded relevance,
 * where a grade of at least 1 is relevant and unjudged documents are not relevant.
 *
 * <p>Per query: {@link #ndcg}, {@link #recall}, {@link #reciprocalRank}, {@link #averagePrecision}. Over a run:
 * {@link #mean(Map, Map, Metric)}, which averages over <em>every query of the judgments</em> (like
 * {@code trec_eval -c}): a query with nothing retrieved scores 0 and still counts.
 *
 * <pre>{@code
 * double ndcg10 = RetrievalMetrics.mean(qrels, run, (ranking, judged) -> RetrievalMetrics.ndcg(ranking, judged, 10));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {
    }

    /** A per-query metric: a ranking and that query's judgments to a score. */
    @FunctionalInterface
    public interface Metric {
        double score(List<String> ranking, Map<String, Integer> judgments);
    }

    /**
     * nDCG@k with graded gains as trec_eval's {@code ndcg_cut}: {@code DCG = sum over ranks i <= k of grade_i /
     * log2(i + 1)}, divided by the DCG of the judgments sorted by grade; 0 when no document is relevant.
     */
    public static double ndcg(List<String> ranking, Map<String, Integer> judgments, int k) {
        List<String> top = top(ranking, k);
        double dcg = 0;
        for (int i = 0; i < top.size(); i++) {
            dcg += gain(judgments, top.get(i)) / log2(i + 2);
        }
        List<Integer> ideal = new ArrayList<>();
        for (int grade : judgments.values()) {
            if (grade > 0) {
                ideal.add(grade);
            }
        }
        ideal.sort((a, b) -> Integer.compare(b, a));
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall@k: relevant documents in the top {@code k} over all relevant documents; 0 when none is relevant. */
    public static double recall(List<String> ranking, Map<String, Integer> judgments, int k) {
        int relevant = relevantCount(judgments);
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        for (String id : top(ranking, k)) {
            if (gain(judgments, id) > 0) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    /** Reciprocal rank within the top {@code k}: 1 / rank of the first relevant document, 0 when none is there. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> judgments, int k) {
        List<String> top = top(ranking, k);
        for (int i = 0; i < top.size(); i++) {
            if (gain(judgments, top.get(i)) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /**
     * Average precision over the whole ranking (trec_eval's {@code map} per query): the sum of precision at the rank
     * of each relevant document retrieved, over all relevant documents; 0 when none is relevant.
     */
    public static double averagePrecision(List<String> ranking, Map<String, Integer> judgments) {
        int relevant = relevantCount(judgments);
        if (relevant == 0) {
            return 0;
        }
        List<String> all = top(ranking, Integer.MAX_VALUE);
        double sum = 0;
        int found = 0;
        for (int i = 0; i < all.size(); i++) {
            if (gain(judgments, all.get(i)) > 0) {
                found++;
                sum += (double) found / (i + 1);
            }
        }
        return sum / relevant;
    }

    /**
     * The mean of {@code metric} over every query in {@code qrels}; a query missing from {@code run} is scored on
     * an empty ranking. Queries of the run without judgments are ignored.
     *
     * @throws IllegalArgumentException when {@code qrels} is empty
     */
    public static double mean(Map<String, Map<String, Integer>> qrels, Map<String, List<String>> run, Metric metric) {
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(metric, "metric");
        if (qrels.isEmpty()) {
            throw new IllegalArgumentException("no judged queries; a mean over zero queries is undefined."
                    + " Pass the qrels of at least one query");
        }
        double sum = 0;
        for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
            sum += metric.score(run.getOrDefault(q.getKey(), List.of()), q.getValue());
        }
        return sum / qrels.size();
    }

    private static List<String> top(List<String> ranking, int k) {
        Objects.requireNonNull(ranking, "ranking");
        if (k < 1) {
            throw new IllegalArgumentException("cutoff k must be at least 1, got " + k);
        }
        Set<String> seen = new HashSet<>();
        List<String> top = new ArrayList<>(Math.min(k, ranking.size()));
        for (String id : ranking) {
            if (top.size() == k) {
                break;
            }
            if (seen.add(Objects.requireNonNull(id, "ranking holds a null id"))) {
                top.add(id);
            }
        }
        return top;
    }

    private static int gain(Map<String, Integer> judgments, String id) {
        Integer grade = judgments.get(id);
        return grade == null || grade < 1 ? 0 : grade;
    }

    private static int relevantCount(Map<String, Integer> judgments) {
        Objects.requireNonNull(judgments, "judgments");
        int n = 0;
        for (int grade : judgments.values()) {
            if (grade > 0) {
                n++;
            }
        }
        return n;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
