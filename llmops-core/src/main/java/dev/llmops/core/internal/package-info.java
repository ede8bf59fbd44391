/**
 * Implementation details of llmops-core. Not API: anything here may change without notice.
 */
package dev.llmops.core.internal;
