package dev.llmops.core.provider.anthropic;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.KeyRedactor;
import dev.llmops.core.internal.http.ResetTimestamp;
import dev.llmops.core.internal.http.RetryAfter;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps an HTTP error status and Anthropic's error body
 * ({@code {"type":"error","error":{"type","message"},"request_id"}}), or an {@code error} event in a stream, to
 * the exception that says who must act:
 *
 * <ul>
 *   <li>401 {@code authentication_error}, 403 {@code permission_error}: {@link AuthenticationException};
 *   <li>400 whose message says the prompt is too long or exceeds the context limit:
 *       {@link ContextLengthExceededException}; other 400, 404 {@code not_found_error} and other 4xx:
 *       {@link InvalidRequestException};
 *   <li>413 {@code request_too_large}: {@link InvalidRequestException}, since the limit is on bytes (32 MB, checked
 *       before the model sees the request), not on tokens: shrinking images and documents is the fix, a model with a
 *       longer context would not help;
 *   <li>402 {@code billing_error}: a non-retryable {@link ProviderException};
 *   <li>429 {@code rate_limit_error}: {@link RateLimitedException} with {@code retry-after} (seconds) and the
 *       {@code anthropic-ratelimit-requests-reset} / {@code anthropic-ratelimit-tokens-reset} timestamps (RFC 3339)
 *       as waits from the clock's now;
 *   <li>408, 409, 5xx, 500 {@code api_error} and 529 {@code overloaded_error}: retryable
 *       {@link ProviderUnavailableException}.
 * </ul>
 *
 * Messages carry the status, the error type, the provider's message and its request id, with the API key (and
 * anything shaped like a key) replaced by {@code [REDACTED]}.
 *
 * <p>Immutable and thread-safe.
 */
final class ErrorMapper {
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final String provider;
    private final Clock clock;
    private final KeyRedactor redactor;

    ErrorMapper(String provider, Clock clock, KeyRedactor redactor) {
        this.provider = provider;
        this.clock = clock;
        this.redactor = redactor;
    }

    /** The exception for an HTTP error response with status {@code status}, headers and body text. */
    ProviderException map(int status, Headers headers, String body) {
        ErrorBody error = ErrorBody.parse(body);
        String type = error.type();
        String detail = redactor.scrub(error.message() != null ? error.message() : WireJson.abbreviate(body, MAX_BODY_IN_MESSAGE));
        String requestId = error.requestId() != null ? error.requestId() : headers.get("request-id");
        String prefix = provider + " returned HTTP " + status + (type != null ? " (" + type + ")" : "") + ": " + detail
                + (requestId != null ? " [request id " + requestId + "]" : "");
        if (status == 401 || status == 403) {
            return new AuthenticationException(provider, status, type, prefix + (status == 403
                    ? "; the API key lacks permission for this model or feature: check its workspace and the anthropic-beta headers"
                    : "; check the API key (ANTHROPIC_API_KEY)"));
        }
        if (status == 402 || "billing_error".equals(type)) {
            return new ProviderException(provider, status, type, false, null,
                    prefix + "; the account cannot be billed: add credit or fix billing, retrying will not help", null);
        }
        if (status == 429) {
            return rateLimited(type, headers, prefix);
        }
        if (status == 408 || status == 409 || status >= 500) {
            return new ProviderUnavailableException(provider, status, type, RetryAfter.parse(headers.get("retry-after"), clock)
                    .orElse(null), prefix + "; the provider is unavailable or overloaded, retry later", null);
        }
        if (status == 413) {
            return new InvalidRequestException(provider, status, type != null ? type : "request_too_large", prefix
                    + "; the request is larger than the API accepts (32 MB): send fewer or smaller images and documents");
        }
        if (status == 400 && isContextLength(error.message())) {
            return new ContextLengthExceededException(provider, status, type,
                    prefix + "; shorten the messages, lower maxTokens, or use a model with a longer context");
        }
        if (status >= 400) {
            return new InvalidRequestException(provider, status, type, prefix + (status == 404
                    ? "; check the model name and the base URL (e.g. https://api.anthropic.com)"
                    : "; fix the request as the message says"));
        }
        return new ProviderException(provider, status, type, false, null,
                provider + " answered with unexpected HTTP " + status + ": " + detail, null);
    }

    /**
     * The exception for an {@code error} event inside a stream that began with HTTP {@code status}: by its error
     * type, as the status that type stands for would be mapped; an unknown type is retryable.
     */
    ProviderException streamError(int status, JsonNode event) {
        JsonNode error = event.path("error");
        String type = WireJson.text(error, "type");
        String message = redactor.scrub(WireJson.orDefault(WireJson.text(error, "message"), event.toString()));
        String prefix = provider + " sent an error event in the stream" + (type != null ? " (" + type + ")" : "") + ": " + message;
        return switch (type == null ? "" : type) {
            case "rate_limit_error" -> new RateLimitedException(provider, type, null, null, null, prefix + "; slow down and retry");
            case "authentication_error", "permission_error" -> new AuthenticationException(provider, status, type,
                    prefix + "; check the API key (ANTHROPIC_API_KEY)");
            case "invalid_request_error", "not_found_error", "request_too_large" -> isContextLength(message)
                    ? new ContextLengthExceededException(provider, status, type,
                            prefix + "; shorten the messages, lower maxTokens, or use a model with a longer context")
                    : new InvalidRequestException(provider, status, type, prefix + "; fix the request as the message says");
            case "billing_error" -> new ProviderException(provider, status, type, false, null,
                    prefix + "; the account cannot be billed: add credit or fix billing, retrying will not help", null);
            default -> new ProviderUnavailableException(provider, status, type, null,
                    prefix + "; the provider is unavailable or overloaded, retry the call", null);
        };
    }

    /** Replaces the API key and key-shaped strings in {@code text}. */
    String scrub(String text) {
        return redactor.scrub(text);
    }

    private RateLimitedException rateLimited(String type, Headers headers, String prefix) {
        Duration retryAfter = RetryAfter.parse(headers.get("retry-after"), clock).orElse(null);
        Duration resetRequests = ResetTimestamp.parse(headers.get("anthropic-ratelimit-requests-reset"), clock).orElse(null);
        Duration resetTokens = ResetTimestamp.parse(headers.get("anthropic-ratelimit-tokens-reset"), clock)
                .or(() -> later(ResetTimestamp.parse(headers.get("anthropic-ratelimit-input-tokens-reset"), clock),
                        ResetTimestamp.parse(headers.get("anthropic-ratelimit-output-tokens-reset"), clock)))
                .orElse(null);
        return new RateLimitedException(provider, type, retryAfter, resetRequests, resetTokens,
                prefix + (retryAfter != null ? "; retry after " + retryAfter : "; slow down and retry"));
    }

    private static Optional<Duration> later(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }

    /**
     * Whether a 400 message says the input does not fit: {@code prompt is too long: 208310 tokens > 200000 maximum},
     * or {@code input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, ...}.
     */
    private static boolean isContextLength(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("prompt is too long") || m.contains("exceed context limit") || m.contains("context window");
    }

    /** The parts of an Anthropic error body; every part {@code null} when the body is not one. */
    record ErrorBody(String type, String message, String requestId) {
        static ErrorBody parse(String body) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(body);
            } catch (JacksonException e) {
                return new ErrorBody(null, null, null);
            }
            if (root == null || !root.isObject()) {
                return new ErrorBody(null, null, null);
            }
            JsonNode error = root.get("error");
            String requestId = WireJson.text(root, "request_id");
            if (error == null || !error.isObject()) {
                return new ErrorBody(null, error != null && error.isString() ? error.stringValue() : null, requestId);
            }
            return new ErrorBody(WireJson.text(error, "type"), WireJson.text(error, "message"), requestId);
        }
    }
}
