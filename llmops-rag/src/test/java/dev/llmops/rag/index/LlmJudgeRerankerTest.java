package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.StructuredOutputException;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.cost.CostTracker;
import dev.llmops.core.cost.Totals;
import dev.llmops.core.testing.ScriptedChatModel;
import dev.llmops.rag.Chunk;
import dev.llmops.rag.Document;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LlmJudgeRerankerTest {
    private static final Pattern PASSAGE = Pattern.compile("\\[(\\d+)] passage (\\d+)");

    /** Hits whose texts are "passage 1" .. "passage n", in that order, with falling scores. */
    private static List<SearchHit> hits(int n) {
        var hits = new ArrayList<SearchHit>();
        for (int i = 1; i <= n; i++) {
            hits.add(new SearchHit(new Chunk("doc" + i, 0, "passage " + i, 0, ("passage " + i).length(), Map.of()),
                    100 - i));
        }
        return hits;
    }

    private static List<String> texts(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().text()).toList();
    }

    private static String grades(int... passageThenGrade) {
        var sb = new StringBuilder("{\"grades\":[");
        for (int i = 0; i < passageThenGrade.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append("{\"passage\":").append(passageThenGrade[i]).append(",\"grade\":")
                    .append(passageThenGrade[i + 1]).append('}');
        }
        return sb.append("]}").toString();
    }

    /** Answers every request by grading passage "passage k" with {@code k % 10}, reading the numbers it was sent. */
    private static ChatResponse gradeByNumber(ChatRequest request) {
        Matcher m = PASSAGE.matcher(((UserMessage) request.messages().get(1)).text());
        var answer = new ArrayList<Integer>();
        while (m.find()) {
            answer.add(Integer.parseInt(m.group(1)));
            answer.add(Integer.parseInt(m.group(2)) % 10);
        }
        return new ChatResponse(AssistantMessage.of(grades(answer.stream().mapToInt(Integer::intValue).toArray())),
                Usage.of(100, 20), FinishReason.STOP, "judge", "scripted", Duration.ZERO, "");
    }

    @Test
    void ordersByGradeWithTiesInTheirOriginalOrderAndScoresTheGrade() {
        var model = ScriptedChatModel.builder().reply(grades(1, 3, 2, 9, 3, 3, 4, 9)).build();

        List<SearchHit> reranked = LlmJudgeReranker.of(model).rerank("q", hits(4));

        assertThat(texts(reranked)).containsExactly("passage 2", "passage 4", "passage 1", "passage 3");
        assertThat(reranked).extracting(SearchHit::score).containsExactly(9.0, 9.0, 3.0, 3.0);
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void keepsAtMostTopN() {
        var model = ScriptedChatModel.builder().reply(grades(1, 1, 2, 5, 3, 8)).build();

        List<SearchHit> reranked = LlmJudgeReranker.of(model).withTopN(2).rerank("q", hits(3));

        assertThat(texts(reranked)).containsExactly("passage 3", "passage 2");
    }

    @Test
    void sendsTheInstructionsThenTheQueryAndNumberedPassagesAskingForTheGradesSchema() {
        var model = ScriptedChatModel.builder().reply(grades(1, 0, 2, 0)).build();

        LlmJudgeReranker.of(model).rerank("why do owls hunt at night?", hits(2));

        ChatRequest sent = model.lastRequest().orElseThrow();
        assertThat(sent.messages()).hasSize(2);
        assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo(LlmJudgeReranker.DEFAULT_INSTRUCTIONS);
        assertThat(((UserMessage) sent.messages().get(1)).text())
                .isEqualTo("Query: why do owls hunt at night?\n\nPassages:\n\n[1] passage 1\n\n[2] passage 2");
        assertThat(sent.options().responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class,
                f -> assertThat(f.schema()).contains("\"grades\"", "\"passage\"", "\"grade\"", "\"maximum\":10"));
        assertThat(sent.options().temperature()).isEqualTo(0.0);
        assertThat(sent.options().metadata()).containsEntry(ChatOptions.PROMPT_NAME, LlmJudgeReranker.PROMPT_NAME);
    }

    @Test
    void customInstructionsAndOptionsAreSentAndTheStepIsStillNamed() {
        var model = ScriptedChatModel.builder().reply(grades(1, 4)).build();

        LlmJudgeReranker judge = LlmJudgeReranker.of(model).withInstructions("Grade 0-10 by number.")
                .withOptions(ChatOptions.of("judge-model"));
        judge.rerank("q", hits(1));

        ChatRequest sent = model.lastRequest().orElseThrow();
        assertThat(judge.instructions()).isEqualTo("Grade 0-10 by number.");
        assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo("Grade 0-10 by number.");
        assertThat(sent.options().model()).isEqualTo("judge-model");
        assertThat(sent.options().temperature()).isNull();
        assertThat(sent.options().metadata()).containsEntry(ChatOptions.PROMPT_NAME, LlmJudgeReranker.PROMPT_NAME);
    }

    @Test
    void aPromptNameInTheOptionsIsKept() {
        var model = ScriptedChatModel.builder().reply(grades(1, 4)).build();

        LlmJudgeReranker.of(model).withOptions(ChatOptions.defaults().withMetadata(ChatOptions.PROMPT_NAME, "mine"))
                .rerank("q", hits(1));

        assertThat(model.lastRequest().orElseThrow().options().metadata())
                .containsEntry(ChatOptions.PROMPT_NAME, "mine");
    }

    @Test
    void gradesOnlyTheFirstCandidatesInBatchesAndRanksAcrossBatches() {
        var model = ScriptedChatModel.builder().responder(LlmJudgeRerankerTest::gradeByNumber).build();

        List<SearchHit> reranked = LlmJudgeReranker.of(model).withCandidates(23).withBatchSize(10).withTopN(30)
                .rerank("q", hits(25));

        assertThat(model.requests()).extracting(r -> countPassages(r)).containsExactlyInAnyOrder(10, 10, 3);
        assertThat(reranked).hasSize(23);
        // grades are number % 10: 9 and 19 tie at 9 and keep their order, then 8 and 18, ...; 24 and 25 never graded
        assertThat(texts(reranked.subList(0, 5)))
                .containsExactly("passage 9", "passage 19", "passage 8", "passage 18", "passage 7");
        assertThat(texts(reranked)).doesNotContain("passage 24", "passage 25");
    }

    private static int countPassages(ChatRequest request) {
        Matcher m = PASSAGE.matcher(((UserMessage) request.messages().get(1)).text());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void anAnswerThatLeavesAPassageUngradedFailsWithTheRawAnswer() {
        String answer = grades(1, 5);
        var model = ScriptedChatModel.builder().reply(answer).build();
        LlmJudgeReranker judge = LlmJudgeReranker.of(model);

        assertThatThrownBy(() -> judge.rerank("q", hits(2)))
                .isInstanceOfSatisfying(StructuredOutputException.class, e -> {
                    assertThat(e.rawText()).isEqualTo(answer);
                    assertThat(e.violations()).containsExactly("grades: passage 2 has no grade");
                })
                .hasMessageContaining("did not grade each of the 2 passages exactly once");
    }

    @Test
    void anAnswerGradingAPassageTwiceOrOneThatWasNotSentFails() {
        var model = ScriptedChatModel.builder().reply(grades(1, 5, 1, 6, 3, 2)).build();

        assertThatThrownBy(() -> LlmJudgeReranker.of(model).rerank("q", hits(2)))
                .isInstanceOfSatisfying(StructuredOutputException.class, e -> assertThat(e.violations())
                        .containsExactly("grades.passage: passage 1 is graded more than once",
                                "grades.passage: 3 is not a passage that was sent (1..2)",
                                "grades: passage 2 has no grade"));
    }

    @Test
    void aGradeOutOfRangeIsSentBackOnceForCorrection() {
        var model = ScriptedChatModel.builder().reply(grades(1, 11, 2, 3)).reply(grades(1, 10, 2, 3)).build();

        List<SearchHit> reranked = LlmJudgeReranker.of(model).rerank("q", hits(2));

        assertThat(texts(reranked)).containsExactly("passage 1", "passage 2");
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void anAnswerThatIsStillNotJsonAfterTheCorrectionFails() {
        var model = ScriptedChatModel.builder().reply("passage 2 is best").reply("really, passage 2").build();

        assertThatThrownBy(() -> LlmJudgeReranker.of(model).rerank("q", hits(2)))
                .isInstanceOfSatisfying(StructuredOutputException.class,
                        e -> assertThat(e.rawText()).isEqualTo("really, passage 2"));
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void aFailureOfTheModelPassesThroughUnchangedFromAParallelBatch() {
        var limited = new RateLimitedException("scripted", null, Duration.ofSeconds(1), null, null, "slow down");
        var model = ScriptedChatModel.builder().fail(limited).fail(limited).build();

        assertThatThrownBy(() -> LlmJudgeReranker.of(model).withBatchSize(1).rerank("q", hits(2)))
                .isSameAs(limited);
    }

    @Test
    void noHitsMeansNoCall() {
        var model = ScriptedChatModel.builder().build();

        assertThat(LlmJudgeReranker.of(model).rerank("q", List.of())).isEmpty();
        assertThat(model.callCount()).isZero();
    }

    @Test
    void theCostOfRerankingIsCountedUnderItsPromptNameByACostTracker() {
        var scripted = ScriptedChatModel.builder().responder(LlmJudgeRerankerTest::gradeByNumber).build();
        CostTracker costs = CostTracker.create();
        var model = ChatPipeline.builder(scripted).interceptor(costs).build();

        LlmJudgeReranker.of(model).withBatchSize(5).rerank("q", hits(10));

        Totals rerank = costs.snapshot().prompt(LlmJudgeReranker.PROMPT_NAME, null);
        assertThat(rerank.calls()).isEqualTo(2);
        assertThat(rerank.usage()).isEqualTo(Usage.of(200, 40));
    }

    @Test
    void aSearchWithTheJudgeReturnsTheIndexHitsItGradedBest() {
        try (RagIndex index = RagIndex.builder(new HashEmbeddingModel()).build()) {
            index.upsert(List.of(Document.of("cats", "Cats hunt mice and sleep."),
                    Document.of("owls", "Owls hunt mice at night."),
                    Document.of("dogs", "Dogs bark at night.")));
            // the judge prefers the passage about dogs, whatever the retrievers thought
            var model = ScriptedChatModel.builder().responder(r -> {
                String user = ((UserMessage) r.messages().get(1)).text();
                var grades = new ArrayList<Integer>();
                for (String line : user.split("\n")) {
                    if (line.startsWith("[")) {
                        grades.add(Integer.parseInt(line.substring(1, line.indexOf(']'))));
                        grades.add(line.contains("Dogs") ? 10 : 2);
                    }
                }
                return new ChatResponse(AssistantMessage.of(grades(grades.stream().mapToInt(i -> i).toArray())),
                        Usage.of(1, 1), FinishReason.STOP, "judge", "scripted", Duration.ZERO, "");
            }).build();

            List<SearchHit> hits = index.search("hunt at night", SearchOptions.defaults().withTopK(2),
                    LlmJudgeReranker.of(model));

            assertThat(hits).extracting(h -> h.chunk().documentId()).first().isEqualTo("dogs");
            assertThat(hits).hasSize(2)
                    .allSatisfy(h -> assertThat(h.chunk().documentId()).isIn("cats", "owls", "dogs"));
            assertThat(hits.get(0).score()).isEqualTo(10.0);
        }
    }

    @Test
    void settingsAreChecked() {
        var judge = LlmJudgeReranker.of(ScriptedChatModel.builder().build());
        assertThatThrownBy(() -> judge.withTopN(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topN");
        assertThatThrownBy(() -> judge.withCandidates(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> judge.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> judge.withInstructions(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instructions are blank");
        assertThat(judge.topN()).isEqualTo(10);
        assertThat(judge.candidates()).isEqualTo(20);
        assertThat(judge.batchSize()).isEqualTo(10);
    }
}
