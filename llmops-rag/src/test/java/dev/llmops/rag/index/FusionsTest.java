package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;

class FusionsTest {
    private static List<ScoreDoc> ranking(int... docs) {
        return java.util.Arrays.stream(docs).mapToObj(d -> new ScoreDoc(d, 100 - d)).toList();
    }

    @Test
    void rrfSumsReciprocalRanksFromOne() {
        // doc 1: 1/(60+1) + 1/(60+2); doc 2: 1/(60+2) + 1/(60+1); doc 3: 1/(60+3); doc 4: 1/(60+3)... ranks below
        List<ScoreDoc> fused = Fusions.fuse(Fusion.rrf(60), ranking(1, 2, 3), ranking(2, 1, 4));
        assertThat(fused).extracting(sd -> sd.doc).containsExactly(1, 2, 3, 4);
        assertThat(fused.get(0).score).isCloseTo((float) (1.0 / 61 + 1.0 / 62), within(1e-7f));
        assertThat(fused.get(2).score).isCloseTo((float) (1.0 / 63), within(1e-7f));
    }

    @Test
    void rrfRanksADocumentInBothListsAboveOneAtTheTopOfOnlyOne() {
        List<ScoreDoc> fused = Fusions.fuse(Fusion.rrf(60), ranking(7, 5), ranking(8, 5));
        assertThat(fused.get(0).doc).isEqualTo(5);
    }

    @Test
    void weightedFusionRescalesEachListBeforeWeighting() {
        var bm25 = List.of(new ScoreDoc(1, 30f), new ScoreDoc(2, 20f), new ScoreDoc(3, 10f));
        var dense = List.of(new ScoreDoc(3, 1.0f), new ScoreDoc(2, 0.75f), new ScoreDoc(4, 0.5f));
        List<ScoreDoc> fused = Fusions.fuse(Fusion.weighted(0.5), bm25, dense);
        // doc1: 0.5*1 + 0 = 0.5; doc2: 0.5*0.5 + 0.5*0.5 = 0.5; doc3: 0 + 0.5*1 = 0.5; doc4: 0 + 0 = 0
        assertThat(fused).extracting(sd -> sd.score).containsExactly(0.5f, 0.5f, 0.5f, 0f);
        List<ScoreDoc> denseHeavy = Fusions.fuse(Fusion.weighted(0.8), bm25, dense);
        assertThat(denseHeavy.get(0).doc).isEqualTo(3);
    }

    @Test
    void rrfOfSeveralRankingsSumsOverAllOfThemAndBreaksTiesByFirstAppearance() {
        List<ScoreDoc> fused = Fusions.rrf(List.of(ranking(1, 2), ranking(3, 2), ranking(4)), 60);
        // doc 2: 1/62 + 1/62; docs 1, 3, 4: 1/61 each, in the order first seen
        assertThat(fused).extracting(sd -> sd.doc).containsExactly(2, 1, 3, 4);
        assertThat(fused.get(0).score).isCloseTo((float) (2.0 / 62), within(1e-7f));
    }

    @Test
    void rrfOfOneRankingKeepsItsOrder() {
        assertThat(Fusions.rrf(List.of(ranking(5, 3, 9)), 10)).extracting(sd -> sd.doc).containsExactly(5, 3, 9);
    }
}
