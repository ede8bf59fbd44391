/**
 * The Anthropic Messages API wire format: {@link dev.llmops.core.provider.anthropic.AnthropicChatModel}.
 */
package dev.llmops.core.provider.anthropic;
