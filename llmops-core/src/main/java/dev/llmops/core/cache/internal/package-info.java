/**
 * Implementation details of the response cache. Not API: anything here may change without notice.
 */
package dev.llmops.core.cache.internal;
