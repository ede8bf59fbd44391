/**
 * The Lucene index of chunks (BM25 text, HNSW vectors, metadata) and hybrid retrieval with citations over it.
 *
 * <h2>Search</h2>
 * {@link dev.llmops.rag.index.RagIndex#search(String, SearchOptions)} runs BM25, dense (filtered kNN) or hybrid
 * retrieval, fused by reciprocal rank ({@link dev.llmops.rag.index.Fusion}), restricted by metadata
 * {@link dev.llmops.rag.index.Filter}s, optionally diversified by MMR; {@link dev.llmops.rag.index.Contexts} packs
 * the hits into a prompt within a token budget, with numbered citations.
 *
 * <h2>LLM-assisted retrieval (optional)</h2>
 * Three steps call a core {@link dev.llmops.core.ChatModel}; each call goes through it like any other, so a
 * {@code ChatPipeline}'s cost tracker, cache, retry and listeners apply, and each call names its prompt in
 * {@code ChatOptions.PROMPT_NAME} ({@code llmops.rag.rerank}, {@code llmops.rag.multi-query},
 * {@code llmops.rag.hyde}) so costs are counted per step. Their prompts are public constants and can be replaced.
 * <pre>{@code
 * // rewrite the query: the query plus 3 phrasings, each searched, rankings fused by RRF
 * QueryRewriter multi = QueryRewriter.multiQuery(chatModel, 3);
 * // or HyDE: the dense side embeds a hypothetical answer, BM25 keeps the user's words
 * QueryRewriter hyde = QueryRewriter.hyde(chatModel);
 * // rerank: the model grades the first 20 candidates 0-10, the best 5 are kept
 * Reranker judge = LlmJudgeReranker.of(chatModel).withTopN(5);
 *
 * List<SearchHit> hits = index.search(question, SearchOptions.defaults(), multi, judge);
 * }</pre>
 * A model answer that cannot be used (not the asked JSON after one correction, a passage left ungraded) is an
 * exception, never a silently degraded result.
 *
 * <h2>Facets</h2>
 * {@link dev.llmops.rag.index.RagIndex#facets(String, Filter, int)} counts, per value of a metadata key, the
 * documents with a chunk matching a filter; {@link dev.llmops.rag.index.RagIndex#facets(String, String,
 * SearchOptions, int)} does the same over a search's candidates. Both read the doc values every metadata value is
 * indexed with, so any index can be faceted by any metadata key without reindexing.
 * <pre>{@code
 * List<FacetCount> bySource = index.facets("source", Filter.eq("lang", "en"), 10); // [wiki=41, manual=12, ...]
 * }</pre>
 */
package dev.llmops.rag.index;
