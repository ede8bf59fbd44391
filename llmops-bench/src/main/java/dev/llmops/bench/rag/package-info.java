/**
 * Benchmarks of the RAG module: the index's hybrid query latency, HNSW recall and a side-by-side with LangChain4j's
 * store; the throughput of the in-process embedding model and where its time goes.
 */
package dev.llmops.bench.rag;
