/**
 * The OpenAI chat-completions and embeddings wire format, for OpenAI, Azure OpenAI and every
 * OpenAI-compatible server (vLLM, Ollama's {@code /v1}, llama.cpp, LM Studio): {@link
 * dev.llmops.core.provider.openai.OpenAiChatModel} and {@link dev.llmops.core.provider.openai.OpenAiEmbeddingModel}.
 */
package dev.llmops.core.provider.openai;
