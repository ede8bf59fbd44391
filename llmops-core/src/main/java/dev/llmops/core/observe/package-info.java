/**
 * Observing chat calls: a JSON-lines trace in OpenTelemetry GenAI attribute names and an SLF4J logging listener.
 */
package dev.llmops.core.observe;
