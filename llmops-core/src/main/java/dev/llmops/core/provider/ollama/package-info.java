/**
 * Ollama's native API ({@code /api/chat} with NDJSON streaming, {@code /api/embed}):
 * {@link dev.llmops.core.provider.ollama.OllamaChatModel} and {@link dev.llmops.core.provider.ollama.OllamaEmbeddingModel}.
 */
package dev.llmops.core.provider.ollama;
