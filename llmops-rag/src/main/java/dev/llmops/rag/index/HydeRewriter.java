package dev.llmops.rag.index;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.rag.RagException;
import java.util.List;
import java.util.Objects;

/**
 * A {@link QueryRewriter} for Hypothetical Document Embeddings (HyDE, Gao et al., 2022): a chat model writes a
 * short passage that would answer the query, and the dense side searches with that passage's embedding (as a
 * document, so it lands among the documents it resembles) while BM25 keeps the user's own words. Get one from
 * {@link QueryRewriter#hyde(ChatModel)}.
 *
 * <pre>{@code
 * List<SearchHit> hits = index.search(question, SearchOptions.defaults(), QueryRewriter.hyde(chatModel), null);
 * }</pre>
 *
 * <p><b>The call.</b> One chat call per dense or hybrid search: {@link #instructions()} as the system message
 * (default {@link #DEFAULT_INSTRUCTIONS}), the query as the user message; the answer's text, stripped, is the
 * passage. Its metadata names the prompt {@value #PROMPT_NAME}. A {@link RetrievalMode#BM25 BM25} search makes no
 * call: HyDE would change nothing it uses. The passage must fit the embedding model's input (a local model refuses
 * longer text unless built to truncate); the default instructions ask for about 100 words.
 *
 * <p>An empty answer is an error ({@link RagException}), never a silent fall back to the plain query.
 *
 * <p>Immutable and thread-safe.
 */
public final class HydeRewriter implements QueryRewriter {
    /** The {@code ChatOptions.PROMPT_NAME} of its calls, unless the options name another. */
    public static final String PROMPT_NAME = "llmops.rag.hyde";

    /** The default system prompt. */
    public static final String DEFAULT_INSTRUCTIONS = """
            Write a short passage, about 100 words, that answers the user's question as a reference document \
            would: factual, specific, in the document's own terms. Write only the passage: no preamble, no \
            question, no list of sources. If you are unsure of a fact, still write a plausible passage; it is \
            used to find real documents, not shown to anyone.""";

    private final ChatModel model;
    private final String instructions;
    private final ChatOptions options;

    private HydeRewriter(ChatModel model, String instructions, ChatOptions options) {
        this.model = model;
        this.instructions = instructions;
        this.options = options;
    }

    static HydeRewriter of(ChatModel model) {
        return new HydeRewriter(Objects.requireNonNull(model, "model"), DEFAULT_INSTRUCTIONS,
                ChatCalls.defaultOptions());
    }

    /** This rewriter with another system prompt; it should ask for a passage only. */
    public HydeRewriter withInstructions(String newInstructions) {
        return new HydeRewriter(model, ChatCalls.requireInstructions(newInstructions), options);
    }

    /** This rewriter sending {@code newOptions} (model, temperature, max tokens, ...) instead of temperature 0. */
    public HydeRewriter withOptions(ChatOptions newOptions) {
        return new HydeRewriter(model, instructions, Objects.requireNonNull(newOptions, "newOptions"));
    }

    /** The system prompt sent. */
    public String instructions() {
        return instructions;
    }

    /**
     * The query with the model's hypothetical passage; in BM25 mode the query alone, without a call.
     *
     * @throws RagException when the model's answer has no text
     */
    @Override
    public List<QueryVariant> rewrite(String query, RetrievalMode mode) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        if (mode == RetrievalMode.BM25) {
            return List.of(QueryVariant.of(query));
        }
        String passage = model.chat(ChatCalls.request(instructions, query, options, PROMPT_NAME)).text().strip();
        if (passage.isEmpty()) {
            throw new RagException("chat model " + model + " wrote an empty hypothetical passage for '" + query
                    + "'; check the model and the HyDE instructions, or search without HyDE");
        }
        return List.of(QueryVariant.withPassage(query, passage));
    }

    @Override
    public String toString() {
        return "HydeRewriter[model=" + model + "]";
    }
}
