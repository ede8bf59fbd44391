/**
 * Implementation details of cost tracking. Not API: anything here may change without notice.
 */
package dev.llmops.core.cost.internal;
