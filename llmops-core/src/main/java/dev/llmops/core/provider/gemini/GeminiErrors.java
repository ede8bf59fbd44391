package dev.llmops.core.provider.gemini;

import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.RetryAfter;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import okhttp3.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps an HTTP error status and the Google error body ({@code {"error":{"code","message","status","details"}}})
 * to the exception that says who must act. The error code of each exception is the Google {@code status}
 * (e.g. {@code RESOURCE_EXHAUSTED}). A 429's wait comes from the {@code google.rpc.RetryInfo} detail's
 * {@code retryDelay} ({@code "30s"}), else from {@code Retry-After}. An invalid key is a 400 with reason
 * {@code API_KEY_INVALID} at Google and becomes an {@link AuthenticationException} here.
 *
 * <p>Immutable and thread-safe.
 */
final class GeminiErrors {
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final String provider;
    private final Clock clock;
    private final UnaryOperator<String> scrub;

    GeminiErrors(String provider, Clock clock, UnaryOperator<String> scrub) {
        this.provider = provider;
        this.clock = clock;
        this.scrub = scrub;
    }

    String scrub(String text) {
        return scrub.apply(text);
    }

    /** The exception for an HTTP error response with status {@code status}, headers and body text. */
    ProviderException map(int status, Headers headers, String body) {
        JsonNode error = errorNode(body);
        return map(status, headers.get("Retry-After"), error, body);
    }

    /** The exception for an {@code error} object met inside a stream (its {@code code} is the status). */
    ProviderException mapStreamError(JsonNode error) {
        int status = error.path("code").asInt(500);
        return map(status, null, error, error.toString());
    }

    private ProviderException map(int status, String retryAfterHeader, JsonNode error, String body) {
        String googleStatus = error == null ? null : text(error, "status");
        String message = error == null ? null : text(error, "message");
        String detail = scrub.apply(message != null ? message : WireJson.abbreviate(body, MAX_BODY_IN_MESSAGE));
        String prefix = provider + " returned HTTP " + status + (googleStatus != null ? " (" + googleStatus + ")" : "") + ": " + detail;
        String reason = error == null ? null : errorInfoReason(error);
        if (status == 401 || status == 403 || "API_KEY_INVALID".equals(reason)
                || (status == 400 && message != null && message.contains("API key not valid"))) {
            return new AuthenticationException(provider, status, googleStatus, prefix
                    + "; check the API key (GEMINI_API_KEY) and that the Generative Language API is enabled for its project");
        }
        if (status == 429) {
            Duration wait = retryDelay(error);
            if (wait == null) {
                wait = RetryAfter.parse(retryAfterHeader, clock).orElse(null);
            }
            return new RateLimitedException(provider, googleStatus, wait, null, null,
                    prefix + (wait != null ? "; retry after " + wait : "; slow down and retry") + " (quotas: https://ai.google.dev/gemini-api/docs/rate-limits)");
        }
        if (status == 408 || status >= 500) {
            return new ProviderUnavailableException(provider, status, googleStatus, RetryAfter.parse(retryAfterHeader, clock).orElse(null),
                    prefix + "; the service is unavailable or overloaded, retry later", null);
        }
        if (status == 400 && message != null && isTokenLimit(message)) {
            return new ContextLengthExceededException(provider, status, googleStatus,
                    prefix + "; shorten the messages, lower maxTokens, or use a model with a longer context");
        }
        if (status == 404) {
            return new InvalidRequestException(provider, status, googleStatus, prefix
                    + "; check the model id (e.g. gemini-2.5-flash) and the base URL (" + GeminiEndpoint.DEFAULT_BASE_URL + ")");
        }
        if (status >= 400) {
            return new InvalidRequestException(provider, status, googleStatus, prefix + "; fix the request as the message says");
        }
        return new ProviderException(provider, status, googleStatus, false, null,
                provider + " answered with unexpected HTTP " + status + ": " + detail, null);
    }

    private static boolean isTokenLimit(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("token") && (lower.contains("exceeds") || lower.contains("too long") || lower.contains("maximum number"));
    }

    /** The {@code retryDelay} of a {@code google.rpc.RetryInfo} detail, or {@code null}. */
    private static Duration retryDelay(JsonNode error) {
        if (error == null) {
            return null;
        }
        for (JsonNode detail : error.path("details")) {
            String type = text(detail, "@type");
            if (type != null && type.endsWith("google.rpc.RetryInfo")) {
                return RetryAfter.parseDuration(text(detail, "retryDelay")).orElse(null);
            }
        }
        return null;
    }

    /** The {@code reason} of a {@code google.rpc.ErrorInfo} detail, or {@code null}. */
    private static String errorInfoReason(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String type = text(detail, "@type");
            if (type != null && type.endsWith("google.rpc.ErrorInfo")) {
                return text(detail, "reason");
            }
        }
        return null;
    }

    /** The {@code error} object of a Google error body (which may come wrapped in an array), or {@code null}. */
    static JsonNode errorNode(String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null && root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
