/**
 * HTTP plumbing every provider adapter shares: the JVM-wide OkHttp client, the server-sent-events line
 * reader, and parsing of rate-limit wait headers. Internal: may change without notice.
 */
package dev.llmops.core.internal.http;
