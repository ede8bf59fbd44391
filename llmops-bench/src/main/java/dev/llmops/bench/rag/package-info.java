/** Benchmarks of the RAG index: hybrid query latency, HNSW recall and a side-by-side with LangChain4j's store. */
package dev.llmops.bench.rag;
