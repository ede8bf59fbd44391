/**
 * Implementation of the RAG module: WordPiece tokenisation, ONNX Runtime sessions, pooling, splitting; not API.
 */
package dev.llmops.rag.internal;
