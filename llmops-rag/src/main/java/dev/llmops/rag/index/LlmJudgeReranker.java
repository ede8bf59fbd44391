package dev.llmops.rag.index;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.StructuredOutput;
import dev.llmops.core.StructuredOutputException;
import dev.llmops.core.StructuredResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link Reranker} that asks a chat model to grade how relevant each candidate passage is to the query, from
 * {@value #MIN_GRADE} (irrelevant) to {@value #MAX_GRADE} (answers it fully), and orders the candidates by grade.
 *
 * <pre>{@code
 * Reranker judge = LlmJudgeReranker.of(chatModel).withTopN(5);
 * List<SearchHit> hits = index.search(question, SearchOptions.defaults(), judge);
 * }</pre>
 *
 * <p><b>What is graded.</b> The first {@link #candidates()} hits it is given (default 20; a search hands it every
 * fused candidate, best first), in batches of {@link #batchSize()} passages (default 10) per chat call; batches
 * run in parallel on virtual threads. Hits past the graded ones are dropped. The result is the graded hits by grade,
 * highest first, ties kept in their original order, at most {@link #topN()} of them (default 10), each with its
 * grade as its score. Hits are never invented: every result is one of the hits given.
 *
 * <p><b>The call.</b> {@link #instructions()} (default {@link #DEFAULT_INSTRUCTIONS}) as the system message; the
 * query and the numbered passages ({@code [1] text}, ...) as the user message; the answer as structured output
 * ({@code {"grades": [{"passage": 1, "grade": 7}, ...]}}) through core's {@code StructuredOutput.defaults()}. Its
 * metadata names the prompt {@value #PROMPT_NAME}, so a {@code CostTracker} in the model's pipeline counts what
 * reranking costs, and listeners and traces see each call.
 *
 * <p><b>A bad answer is an error, never a guess.</b> An answer that is not valid JSON of that shape, or grades
 * outside [0, 10], is sent back once for correction (core's structured output); if it is still invalid, or if it
 * leaves a passage ungraded, grades one twice, or names a passage that was not sent, the rerank throws
 * {@link StructuredOutputException} with the raw answer and the problems. Exceptions of the model (rate limits,
 * timeouts) pass through unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class LlmJudgeReranker implements Reranker {
    /** The {@code ChatOptions.PROMPT_NAME} of its calls, unless the options name another. */
    public static final String PROMPT_NAME = "llmops.rag.rerank";
    /** The lowest grade: the passage has nothing to do with the query. */
    public static final int MIN_GRADE = 0;
    /** The highest grade: the passage answers the query fully. */
    public static final int MAX_GRADE = 10;

    /** The default system prompt. */
    public static final String DEFAULT_INSTRUCTIONS = """
            You judge search results. Given a search query and numbered passages, grade how well each passage \
            answers the query, on a scale from 0 to 10:
            10 = answers the query completely and directly;
            7 = answers most of it, or answers it with extra detail to read past;
            4 = on the topic and useful background, but does not answer it;
            1 = shares words with the query but is about something else;
            0 = unrelated.
            Judge each passage on its own content only; ignore its position in the list and its length. Grade every \
            passage exactly once, by its number.""";

    /** The structured answer: one grade per passage. */
    record Grades(@NotNull List<@Valid @NotNull Grade> grades) {
    }

    /** The grade of one passage, by its number in the user message. */
    record Grade(@JsonPropertyDescription("the passage's number, as in [n]") int passage,
            @JsonPropertyDescription("0 = unrelated ... 10 = answers the query completely") @Min(MIN_GRADE)
            @Max(MAX_GRADE) int grade) {
    }

    private final ChatModel model;
    private final int topN;
    private final int candidates;
    private final int batchSize;
    private final String instructions;
    private final ChatOptions options;

    private LlmJudgeReranker(ChatModel model, int topN, int candidates, int batchSize, String instructions,
            ChatOptions options) {
        this.model = model;
        this.topN = topN;
        this.candidates = candidates;
        this.batchSize = batchSize;
        this.instructions = instructions;
        this.options = options;
    }

    /** A judge over {@code model}: top 10 of the first 20 candidates, 10 passages a call, temperature 0. */
    public static LlmJudgeReranker of(ChatModel model) {
        return new LlmJudgeReranker(Objects.requireNonNull(model, "model"), 10, 20, 10, DEFAULT_INSTRUCTIONS,
                ChatCalls.defaultOptions());
    }

    /** This judge keeping at most {@code n} hits. */
    public LlmJudgeReranker withTopN(int n) {
        return new LlmJudgeReranker(model, atLeastOne(n, "topN"), candidates, batchSize, instructions, options);
    }

    /** This judge grading the first {@code n} hits it is given (more costs more tokens); the rest are dropped. */
    public LlmJudgeReranker withCandidates(int n) {
        return new LlmJudgeReranker(model, topN, atLeastOne(n, "candidates"), batchSize, instructions, options);
    }

    /** This judge sending at most {@code n} passages per chat call. */
    public LlmJudgeReranker withBatchSize(int n) {
        return new LlmJudgeReranker(model, topN, candidates, atLeastOne(n, "batch size"), instructions, options);
    }

    /**
     * This judge with another system prompt. The passages still arrive numbered and the answer must still grade each
     * by number from {@value #MIN_GRADE} to {@value #MAX_GRADE}; say so in the prompt.
     */
    public LlmJudgeReranker withInstructions(String newInstructions) {
        return new LlmJudgeReranker(model, topN, candidates, batchSize, ChatCalls.requireInstructions(newInstructions),
                options);
    }

    /**
     * This judge sending {@code newOptions} (model, temperature, ...) instead of the default (temperature 0); the
     * response format is set by the call.
     */
    public LlmJudgeReranker withOptions(ChatOptions newOptions) {
        return new LlmJudgeReranker(model, topN, candidates, batchSize, instructions,
                Objects.requireNonNull(newOptions, "newOptions"));
    }

    /** How many hits are kept at most. */
    public int topN() {
        return topN;
    }

    /** How many of the given hits are graded. */
    public int candidates() {
        return candidates;
    }

    /** How many passages go into one chat call at most. */
    public int batchSize() {
        return batchSize;
    }

    /** The system prompt sent. */
    public String instructions() {
        return instructions;
    }

    /**
     * The first {@link #candidates()} hits by the model's grade, best first (ties in their given order), at most
     * {@link #topN()}, each scored with its grade. No call when {@code hits} is empty.
     *
     * @throws StructuredOutputException when an answer is invalid after a correction, or does not grade each passage
     *                                   of its batch exactly once
     */
    @Override
    public List<SearchHit> rerank(String query, List<SearchHit> hits) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(hits, "hits");
        List<SearchHit> graded = List.copyOf(hits.subList(0, Math.min(candidates, hits.size())));
        if (graded.isEmpty()) {
            return List.of();
        }
        var batches = new ArrayList<List<SearchHit>>();
        for (int from = 0; from < graded.size(); from += batchSize) {
            batches.add(graded.subList(from, Math.min(from + batchSize, graded.size())));
        }
        int[] grades = batches.size() == 1 ? grade(query, batches.get(0)) : gradeInParallel(query, batches);
        var order = new ArrayList<Integer>(graded.size());
        for (int i = 0; i < graded.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> grades[i]).reversed()); // stable: ties keep their rank
        var result = new ArrayList<SearchHit>(Math.min(topN, order.size()));
        for (int i = 0; i < order.size() && result.size() < topN; i++) {
            result.add(graded.get(order.get(i)).withScore(grades[order.get(i)]));
        }
        return List.copyOf(result);
    }

    private int[] gradeInParallel(String query, List<List<SearchHit>> batches) {
        var futures = new ArrayList<Future<int[]>>(batches.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<SearchHit> batch : batches) {
                futures.add(executor.submit(() -> grade(query, batch)));
            }
            int[] all = new int[batches.stream().mapToInt(List::size).sum()];
            int at = 0;
            for (Future<int[]> f : futures) {
                int[] part = f.get();
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new LlmopsException("interrupted while the chat model graded passages for '" + query + "'", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new LlmopsException("grading passages for '" + query + "' failed: " + e.getCause(), e.getCause());
        }
    }

    /** The grades of {@code batch}, in its order. */
    private int[] grade(String query, List<SearchHit> batch) {
        var user = new StringBuilder("Query: ").append(query).append("\n\nPassages:");
        for (int i = 0; i < batch.size(); i++) {
            user.append("\n\n[").append(i + 1).append("] ").append(batch.get(i).chunk().text());
        }
        StructuredResponse<Grades> response = StructuredOutput.defaults().chat(model,
                ChatCalls.request(instructions, user.toString(), options, PROMPT_NAME), Grades.class);
        Grades answer = response.value();
        int[] grades = new int[batch.size()];
        boolean[] seen = new boolean[batch.size()];
        var problems = new ArrayList<String>();
        for (Grade g : answer.grades()) {
            if (g.passage() < 1 || g.passage() > batch.size()) {
                problems.add("grades.passage: " + g.passage() + " is not a passage that was sent (1.." + batch.size()
                        + ")");
            } else if (seen[g.passage() - 1]) {
                problems.add("grades.passage: passage " + g.passage() + " is graded more than once");
            } else {
                seen[g.passage() - 1] = true;
                grades[g.passage() - 1] = g.grade();
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                problems.add("grades: passage " + (i + 1) + " has no grade");
            }
        }
        if (!problems.isEmpty()) {
            throw new StructuredOutputException(Grades.class, response.response().text(), problems, "chat model "
                    + model
                    + " did not grade each of the " + batch.size() + " passages exactly once for query '" + query
                    + "': " + String.join("; ", problems) + ". No order was guessed; retry, or use a model that"
                    + " follows the output format (a smaller withBatchSize may help)", null);
        }
        return grades;
    }

    private static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "LlmJudgeReranker[topN=" + topN + ", candidates=" + candidates + ", batchSize=" + batchSize
                + ", model=" + model + "]";
    }
}
