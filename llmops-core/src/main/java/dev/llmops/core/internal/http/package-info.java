/**
 * HTTP plumbing every provider adapter shares; one class per job. Internal: may change without notice.
 *
 * <ul>
 *   <li>{@link dev.llmops.core.internal.http.HttpClients}: the one JVM-wide OkHttp client and clients derived from it
 *       with a builder's timeouts;
 *   <li>{@link dev.llmops.core.internal.http.HttpSettings}: the builder settings every provider shares (timeouts, base
 *       client, provider name, clock);
 *   <li>{@link dev.llmops.core.internal.http.SettingChecks}: validation of builder settings (non-blank text, http(s)
 *       URL, timeout), each failure naming the fix;
 *   <li>{@link dev.llmops.core.internal.http.ProviderHttp}: posts JSON with the adapter's headers, reads whole answers
 *       or opens streams, maps error statuses and transport failures to the exception family, logs bodies at TRACE;
 *   <li>{@link dev.llmops.core.internal.http.KeyRedactor}: keeps the API key and key-shaped strings out of messages;
 *   <li>{@link dev.llmops.core.internal.http.RetryAfter} and {@link dev.llmops.core.internal.http.ResetTimestamp}: read
 *       rate-limit waits from headers;
 *   <li>{@link dev.llmops.core.internal.http.SseReader} and {@link dev.llmops.core.internal.http.NdjsonReader}: read the
 *       two streaming wire formats (server-sent events, newline-delimited JSON), keeping a raw tail for errors;
 *   <li>{@link dev.llmops.core.internal.http.RawTail}: the last characters a stream reader received, kept as bytes
 *       and decoded only for an error;
 *   <li>{@link dev.llmops.core.internal.http.StreamEventReader}: the base of every stream reader (event queue,
 *       completion, early end, cancellation);
 *   <li>{@link dev.llmops.core.internal.http.WireJson}: parsing wire JSON keeping the raw text, optional fields,
 *       abbreviated bodies, generated tool-call ids;
 *   <li>{@link dev.llmops.core.internal.http.ChatLogging}: the log lines of a call (bodies at TRACE, one DEBUG line
 *       per answer);
 *   <li>{@link dev.llmops.core.internal.http.EmbeddingChecks}: input texts and vector lengths of embedding models.
 * </ul>
 */
package dev.llmops.core.internal.http;
