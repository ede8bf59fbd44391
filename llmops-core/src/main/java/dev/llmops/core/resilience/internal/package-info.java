/** Helpers shared by the resilience interceptors; not an API. */
package dev.llmops.core.resilience.internal;
