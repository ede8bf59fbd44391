/** The Lucene index of chunks (BM25 text, HNSW vectors, metadata) and hybrid retrieval with citations over it. */
package dev.llmops.rag.index;
