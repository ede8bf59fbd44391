package dev.llmops.rag.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.ScoreDoc;

/** Combines a BM25 and a dense ranking of Lucene doc ids by a {@link Fusion}. */
final class Fusions {
    private Fusions() {
    }

    /** The fused ranking, best first; ties keep the order of first appearance (BM25 list first). */
    static List<ScoreDoc> fuse(Fusion fusion, List<ScoreDoc> lexical, List<ScoreDoc> dense) {
        var scores = new LinkedHashMap<Integer, Double>();
        switch (fusion) {
            case Fusion.Rrf rrf -> {
                addRrf(scores, lexical, rrf.k());
                addRrf(scores, dense, rrf.k());
            }
            case Fusion.Weighted w -> {
                addNormalised(scores, lexical, 1 - w.denseWeight());
                addNormalised(scores, dense, w.denseWeight());
            }
        }
        return ranked(scores);
    }

    /**
     * Reciprocal-rank fusion of any number of rankings (the searches of several query variants, say), best first;
     * ties keep the order of first appearance (earlier rankings first).
     */
    static List<ScoreDoc> rrf(List<List<ScoreDoc>> rankings, int k) {
        var scores = new LinkedHashMap<Integer, Double>();
        for (List<ScoreDoc> ranking : rankings) {
            addRrf(scores, ranking, k);
        }
        return ranked(scores);
    }

    private static List<ScoreDoc> ranked(Map<Integer, Double> scores) {
        var fused = new ArrayList<ScoreDoc>(scores.size());
        for (Map.Entry<Integer, Double> e : scores.entrySet()) {
            fused.add(new ScoreDoc(e.getKey(), e.getValue().floatValue()));
        }
        fused.sort(Comparator.comparingDouble((ScoreDoc sd) -> sd.score).reversed());
        return fused;
    }

    private static void addRrf(Map<Integer, Double> scores, List<ScoreDoc> ranking, int k) {
        for (int rank = 0; rank < ranking.size(); rank++) {
            scores.merge(ranking.get(rank).doc, 1.0 / (k + rank + 1), Double::sum);
        }
    }

    private static void addNormalised(Map<Integer, Double> scores, List<ScoreDoc> ranking, double weight) {
        if (ranking.isEmpty()) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (ScoreDoc sd : ranking) {
            max = Math.max(max, sd.score);
            min = Math.min(min, sd.score);
        }
        double range = max - min;
        for (ScoreDoc sd : ranking) {
            double normalised = range == 0 ? 1.0 : (sd.score - min) / range;
            scores.merge(sd.doc, weight * normalised, Double::sum);
        }
    }
}
