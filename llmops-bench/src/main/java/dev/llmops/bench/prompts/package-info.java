/**
 * Benchmarks of prompt rendering, side by side with LangChain4j's and Spring AI's prompt templates.
 */
package dev.llmops.bench.prompts;
