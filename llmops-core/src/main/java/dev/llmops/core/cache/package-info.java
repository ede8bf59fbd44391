/**
 * Response caching: an interceptor answering repeated requests from memory and disk, exactly or by meaning.
 */
package dev.llmops.core.cache;
