/**
 * Test doubles to ship in your own tests: a {@link dev.llmops.core.testing.ScriptedChatModel} that answers
 * from a script, a {@link dev.llmops.core.testing.DeterministicEmbeddingModel} that embeds offline, and a
 * {@link dev.llmops.core.testing.CassetteChatModel} that records a real model's answers once and replays them,
 * so tests of LLM code run without a network or an API key.
 */
package dev.llmops.core.testing;
