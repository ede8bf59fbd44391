/**
 * The Google Gemini API wire format ({@code generateContent}, {@code streamGenerateContent?alt=sse},
 * {@code batchEmbedContents}): {@link dev.llmops.core.provider.gemini.GeminiChatModel} and
 * {@link dev.llmops.core.provider.gemini.GeminiEmbeddingModel}.
 */
package dev.llmops.core.provider.gemini;
