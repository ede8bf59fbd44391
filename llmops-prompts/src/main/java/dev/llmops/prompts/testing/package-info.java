/**
 * Runs a prompt file's inline test cases against a chat model, as JUnit 5 dynamic tests or plain results.
 */
package dev.llmops.prompts.testing;
