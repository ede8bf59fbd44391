package dev.llmops.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
    private static final double EPS = 1e-9;
    // d1 grade 2, d3 grade 1, d9 judged not relevant, d7 relevant but never retrieved below
    private static final Map<String, Integer> JUDGED = Map.of("d1", 2, "d3", 1, "d9", 0, "d7", 1);
    private static final List<String> RANKING = List.of("d3", "d2", "d1", "d9", "d5");

    @Test
    void ndcgUsesGradedGainsAndTheIdealOrderOfTheJudgments() {
        // DCG@3 = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2; IDCG@3 = 2/1 + 1/log2(3) + 1/log2(4) = 2 + 0.6309298 + 0.5
        double idcg = 2 + 1 / (Math.log(3) / Math.log(2)) + 0.5;
        assertThat(RetrievalMetrics.ndcg(RANKING, JUDGED, 3)).isCloseTo(2 / idcg, within(EPS));
        // @1: DCG = 1, IDCG = 2
        assertThat(RetrievalMetrics.ndcg(RANKING, JUDGED, 1)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void recallCountsRelevantDocumentsInTheTopK() {
        assertThat(RetrievalMetrics.recall(RANKING, JUDGED, 1)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(RetrievalMetrics.recall(RANKING, JUDGED, 100)).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void reciprocalRankIsOfTheFirstRelevantDocumentWithinK() {
        assertThat(RetrievalMetrics.reciprocalRank(List.of("d2", "d9", "d1"), JUDGED, 10)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(RetrievalMetrics.reciprocalRank(List.of("d2", "d9", "d1"), JUDGED, 2)).isZero();
    }

    @Test
    void averagePrecisionDividesByAllRelevantDocuments() {
        // relevant at ranks 1 (P=1) and 3 (P=2/3); 3 relevant in total
        assertThat(RetrievalMetrics.averagePrecision(RANKING, JUDGED)).isCloseTo((1 + 2.0 / 3) / 3, within(EPS));
    }

    @Test
    void aRepeatedIdCountsOnlyAtItsFirstRank() {
        assertThat(RetrievalMetrics.recall(List.of("d3", "d3", "d1"), JUDGED, 2)).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void meanCountsEveryJudgedQueryAlsoOneWithNothingRetrieved() {
        var qrels = Map.of("q1", Map.of("a", 1), "q2", Map.of("b", 1));
        var run = Map.of("q1", List.of("a"), "q-unjudged", List.of("b"));
        assertThat(RetrievalMetrics.mean(qrels, run, (r, j) -> RetrievalMetrics.ndcg(r, j, 10))).isCloseTo(0.5, within(EPS));
        assertThat(RetrievalMetrics.mean(qrels, run, RetrievalMetrics::averagePrecision)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void aQueryWithoutRelevantDocumentsScoresZero() {
        assertThat(RetrievalMetrics.ndcg(List.of("x"), Map.of("x", 0), 10)).isZero();
        assertThat(RetrievalMetrics.recall(List.of("x"), Map.of("x", 0), 10)).isZero();
    }

    @Test
    void invalidInputsAreRefused() {
        assertThatThrownBy(() -> RetrievalMetrics.ndcg(RANKING, JUDGED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrievalMetrics.mean(Map.of(), Map.of(), RetrievalMetrics::averagePrecision))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero queries");
    }
}
