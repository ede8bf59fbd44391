/**
 * The llmops chat and embedding API: messages, requests, responses, the {@link dev.llmops.core.ChatModel}
 * and {@link dev.llmops.core.EmbeddingModel} interfaces, streaming, the interceptor pipeline and the
 * exception family. Providers live in {@code dev.llmops.core.provider.*}, test doubles in
 * {@code dev.llmops.core.testing}.
 */
package dev.llmops.core;
