/**
 * Guardrails as interceptors: PII redaction with restore, an input-token limit, and one behaviour for content-filtered answers.
 */
package dev.llmops.core.guard;
