/**
 * Versioned prompts: prompt files, a registry with labels, strict rendering and A/B experiments.
 */
package dev.llmops.prompts;
