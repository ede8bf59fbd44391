/**
 * Retrieval-augmented generation: ingestion, chunking, embeddings, a Lucene hybrid index and retrieval.
 */
package dev.llmops.rag;
