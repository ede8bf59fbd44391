package dev.llmops.rag.index;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.StructuredOutputException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link QueryRewriter} that asks a chat model for {@code n} alternative phrasings of the query and searches the
 * query itself plus each phrasing; the index fuses the rankings by reciprocal rank, so a passage that several
 * phrasings find rises. Get one from {@link QueryRewriter#multiQuery(ChatModel, int)}.
 *
 * <pre>{@code
 * MultiQueryRewriter rewriter = QueryRewriter.multiQuery(chatModel, 3)
 *         .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0));
 * List<SearchHit> hits = index.search("k8s pod keeps restarting", SearchOptions.defaults(), rewriter, null);
 * }</pre>
 *
 * <p><b>The call.</b> One chat call per search: {@link #instructions()} as the system message (default
 * {@link #DEFAULT_INSTRUCTIONS}), then a user message asking for {@code n} alternatives to the query, answered as
 * structured output ({@code {"queries": [...]}}) through the model's {@code chat(request, type)}, which asks once
 * more when the answer is not valid. Its metadata names the prompt {@value #PROMPT_NAME}, so a {@code CostTracker}
 * counts it under that name.
 *
 * <p><b>What is searched.</b> The original query always comes first. Then the model's phrasings in its order,
 * stripped, without blanks and without repeats of the query or of each other (ignoring case), at most {@code n}.
 * A model that writes fewer distinct phrasings than asked is not an error: fewer variants are searched. An answer
 * that is still not valid JSON of that shape after the correction throws {@link StructuredOutputException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MultiQueryRewriter implements QueryRewriter {
    /** The {@code ChatOptions.PROMPT_NAME} of its calls, unless the options name another. */
    public static final String PROMPT_NAME = "llmops.rag.multi-query";

    /** The default system prompt. */
    public static final String DEFAULT_INSTRUCTIONS = """
            You rewrite search queries for a document search engine that matches both words and meaning. Given a \
            user's query, write the requested number of alternative queries that ask for the same information in \
            other words: use synonyms and the terms a relevant document would use, spell out abbreviations, and \
            make implicit context explicit. Each alternative stands on its own, keeps the user's intent and \
            language, and differs from the others. Do not answer the query.""";

    /** The structured answer: the alternative queries. */
    record Phrasings(@JsonPropertyDescription("the alternative queries, one per entry")
            @NotEmpty List<@NotBlank String> queries) {
    }

    private final ChatModel model;
    private final int n;
    private final String instructions;
    private final ChatOptions options;

    private MultiQueryRewriter(ChatModel model, int n, String instructions, ChatOptions options) {
        this.model = model;
        this.n = n;
        this.instructions = instructions;
        this.options = options;
    }

    static MultiQueryRewriter of(ChatModel model, int n) {
        Objects.requireNonNull(model, "model");
        if (n < 1 || n > 20) {
            throw new IllegalArgumentException("multi-query wants between 1 and 20 alternative phrasings, got " + n
                    + "; 3 to 5 is usual (each one is another search)");
        }
        return new MultiQueryRewriter(model, n, DEFAULT_INSTRUCTIONS, ChatCalls.defaultOptions());
    }

    /** This rewriter with another system prompt; it should ask for alternative queries, not answers. */
    public MultiQueryRewriter withInstructions(String newInstructions) {
        return new MultiQueryRewriter(model, n, ChatCalls.requireInstructions(newInstructions), options);
    }

    /**
     * This rewriter sending {@code newOptions} (model, temperature, ...) instead of the default (temperature 0);
     * the response format is set by the call.
     */
    public MultiQueryRewriter withOptions(ChatOptions newOptions) {
        return new MultiQueryRewriter(model, n, instructions, Objects.requireNonNull(newOptions, "newOptions"));
    }

    /** The system prompt sent. */
    public String instructions() {
        return instructions;
    }

    /** How many alternative phrasings are asked for. */
    public int n() {
        return n;
    }

    /**
     * The query, then up to {@code n} distinct alternative phrasings from the model.
     *
     * @throws StructuredOutputException when the model's answer is still not a list of queries after a correction
     */
    @Override
    public List<QueryVariant> rewrite(String query, RetrievalMode mode) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        String ask = "Write " + n + (n == 1 ? " alternative query" : " alternative queries") + " for this query:\n"
                + query;
        Phrasings answer = model.chat(ChatCalls.request(instructions, ask, options, PROMPT_NAME), Phrasings.class);
        var variants = new ArrayList<QueryVariant>(n + 1);
        variants.add(QueryVariant.of(query));
        Set<String> seen = new HashSet<>();
        seen.add(key(query));
        for (String phrasing : answer.queries()) {
            if (variants.size() > n) {
                break;
            }
            if (!phrasing.isBlank() && seen.add(key(phrasing))) {
                variants.add(QueryVariant.of(phrasing.strip()));
            }
        }
        return List.copyOf(variants);
    }

    private static String key(String query) {
        return query.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "MultiQueryRewriter[n=" + n + ", model=" + model + "]";
    }
}
