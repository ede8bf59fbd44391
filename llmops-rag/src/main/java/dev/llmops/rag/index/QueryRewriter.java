package dev.llmops.rag.index;

import dev.llmops.core.ChatModel;
import java.util.List;

/**
 * Turns a user's query into the searches that answer it best, before retrieval. Pass one to
 * {@link RagIndex#search(String, SearchOptions, QueryRewriter, Reranker)}; the index searches every variant and
 * fuses their rankings by reciprocal rank. Two stock rewriters ask a {@link ChatModel}:
 *
 * <ul>
 *   <li>{@link #multiQuery(ChatModel, int)}: the model writes {@code n} alternative phrasings; the original query
 *       and each phrasing are searched (helps when the user's words are not the documents' words);
 *   <li>{@link #hyde(ChatModel)}: Hypothetical Document Embeddings (Gao et al., 2022): the model writes a passage
 *       that would answer the query; the dense side embeds that passage, BM25 keeps the original query.
 * </ul>
 *
 * <pre>{@code
 * QueryRewriter rewriter = QueryRewriter.multiQuery(chatModel, 3);
 * List<SearchHit> hits = index.search(question, SearchOptions.defaults(), rewriter, null);
 * }</pre>
 *
 * <p>Rewriting costs one chat call per search; it goes through the given {@code ChatModel}, so a
 * {@code ChatPipeline}'s interceptors and listeners (cost tracking, caching, tracing) see it like any other call.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface QueryRewriter {

    /**
     * The searches to run for {@code query}, at least one; the first is the one MMR measures relevance against.
     * {@code mode} is the search's retrieval mode, so a rewriter can skip work that mode would not use (HyDE changes
     * only the dense side).
     */
    List<QueryVariant> rewrite(String query, RetrievalMode mode);

    /** The query plus {@code n} alternative phrasings written by {@code model}. See {@link MultiQueryRewriter}. */
    static MultiQueryRewriter multiQuery(ChatModel model, int n) {
        return MultiQueryRewriter.of(model, n);
    }

    /** The query with a hypothetical answer passage written by {@code model}. See {@link HydeRewriter}. */
    static HydeRewriter hyde(ChatModel model) {
        return HydeRewriter.of(model);
    }
}
