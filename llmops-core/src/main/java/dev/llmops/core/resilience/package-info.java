/**
 * Resilience interceptors for any {@link dev.llmops.core.ChatModel}: {@link dev.llmops.core.resilience.Retry},
 * client-side {@link dev.llmops.core.resilience.RateLimiter}, {@link dev.llmops.core.resilience.CircuitBreaker}
 * and {@link dev.llmops.core.resilience.Fallback}, stacked in a sensible order by
 * {@link dev.llmops.core.resilience.Resilience}.
 *
 * <p>The default order, outermost first, is {@code fallback -> retry -> circuit breaker -> rate limiter ->
 * model}:
 * <ul>
 *   <li>the <b>rate limiter</b> is innermost so it gates every attempt a retry makes, and a call the breaker
 *       rejects spends no request or token budget;
 *   <li>the <b>circuit breaker</b> sits inside retry so it sees (and counts) each attempt, not only the last
 *       outcome of a whole retry sequence;
 *   <li><b>retry</b> does not retry a {@link dev.llmops.core.resilience.CircuitOpenException}: an open circuit
 *       means the provider is known to be down, so retrying would only hammer the breaker and burn the
 *       deadline; the error goes straight out to
 *   <li><b>fallback</b>, outermost, which sends the request to the next model only once the primary's retries
 *       are spent or its circuit is open.
 * </ul>
 * None of them assumes anything about the provider: they act on {@link dev.llmops.core.ProviderException}s
 * ({@code isRetryable()}, {@code retryAfter()}) and on the {@link dev.llmops.core.Usage} a response reports.
 */
package dev.llmops.core.resilience;
