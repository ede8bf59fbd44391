/**
 * Structured output internals: JSON Schema derivation from records, and reading a model's answer back into a
 * record (lenient JSON extraction, shape checks, binding, validation, violation messages). Not API.
 */
package dev.llmops.core.internal.structured;
