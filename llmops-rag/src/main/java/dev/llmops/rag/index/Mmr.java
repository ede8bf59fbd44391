package dev.llmops.rag.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a time, the candidate maximising
 * {@code lambda * sim(query, c) - (1 - lambda) * max sim(c, already picked)}, with cosine on normalised vectors.
 */
final class Mmr {
    private Mmr() {
    }

    static List<SearchHit> select(List<SearchHit> candidates, List<float[]> vectors, float[] query, double lambda,
            int k) {
        int n = candidates.size();
        var picked = new ArrayList<SearchHit>(Math.min(k, n));
        boolean[] used = new boolean[n];
        double[] maxSimToPicked = new double[n];
        java.util.Arrays.fill(maxSimToPicked, Double.NEGATIVE_INFINITY);
        int lastPicked = -1;
        while (picked.size() < Math.min(k, n)) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (used[i]) {
                    continue;
                }
                if (lastPicked >= 0) {
                    maxSimToPicked[i] = Math.max(maxSimToPicked[i], dot(vectors.get(i), vectors.get(lastPicked)));
                }
                double redundancy = lastPicked < 0 ? 0 : maxSimToPicked[i];
                double score = lambda * dot(query, vectors.get(i)) - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            used[best] = true;
            lastPicked = best;
            picked.add(candidates.get(best).withScore(bestScore));
        }
        return picked;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
