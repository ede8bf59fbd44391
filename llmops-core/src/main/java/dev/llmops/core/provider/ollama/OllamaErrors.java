package dev.llmops.core.provider.ollama;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.SecretScrubber;
import dev.llmops.core.internal.http.RetryAfter;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps an HTTP error status and Ollama's error body ({@code {"error":"..."}}) to the exception that says who
 * must act: a missing model (404) to an {@link InvalidRequestException} naming {@code ollama pull}, other 4xx
 * to {@link InvalidRequestException}, 401/403 (a proxy in front of Ollama) to
 * {@link AuthenticationException}, 429 to {@link RateLimitedException}, 5xx to a retryable
 * {@link ProviderUnavailableException}.
 *
 * <p>Immutable and thread-safe.
 */
final class OllamaErrors {
    private static final int MAX_BODY_IN_MESSAGE = 500;
    /** {@code model "llama9" not found, try pulling it first} and {@code model 'llama9' not found}. */
    private static final Pattern MODEL_NOT_FOUND = Pattern.compile("model ['\"]?([^'\"\\s]+)['\"]? not found");

    private final String provider;
    private final Clock clock;

    OllamaErrors(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** The exception for an HTTP error response with status {@code status}, headers and body text. */
    ProviderException map(int status, Headers headers, String body) {
        String error = errorText(body);
        String detail = SecretScrubber.standard().scrub(error != null ? error : WireJson.abbreviate(body, MAX_BODY_IN_MESSAGE));
        String prefix = provider + " returned HTTP " + status + ": " + detail;
        if (status == 404) {
            Matcher missing = error == null ? null : MODEL_NOT_FOUND.matcher(error);
            if (missing != null && missing.find()) {
                String model = missing.group(1);
                return new InvalidRequestException(provider, status, "model_not_found", prefix
                        + "; the model is not on the server: run 'ollama pull " + model + "' there, or name an installed model ('ollama list')");
            }
            return new InvalidRequestException(provider, status, null, prefix
                    + "; check the base URL (e.g. http://localhost:11434, without /v1) and the model name");
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(provider, status, null, prefix
                    + "; the server or a proxy in front of it refused the call: check its credentials");
        }
        if (status == 429) {
            Duration retryAfter = RetryAfter.parse(headers.get("Retry-After"), clock).orElse(null);
            return new RateLimitedException(provider, null, retryAfter, null, null,
                    prefix + (retryAfter != null ? "; retry after " + retryAfter : "; slow down and retry"));
        }
        if (status == 408 || status >= 500) {
            return new ProviderUnavailableException(provider, status, null,
                    RetryAfter.parse(headers.get("Retry-After"), clock).orElse(null),
                    prefix + "; the server failed or is overloaded (check its log, e.g. out of memory loading the model), retry later", null);
        }
        if (status == 400 && error != null && isContextLength(error)) {
            return new ContextLengthExceededException(provider, status, null,
                    prefix + "; shorten the messages or raise num_ctx for the model");
        }
        if (status >= 400) {
            return new InvalidRequestException(provider, status, null, prefix + "; fix the request as the message says");
        }
        return new ProviderException(provider, status, null, false, null,
                provider + " answered with unexpected HTTP " + status + ": " + detail, null);
    }

    private static boolean isContextLength(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        return lower.contains("context length") || lower.contains("exceeds the context") || lower.contains("context window");
    }

    /** The {@code error} string of an Ollama error body, or {@code null} when the body is not one. */
    static String errorText(String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            if (error == null || error.isNull()) {
                return null;
            }
            return error.isString() ? error.stringValue() : error.toString();
        } catch (JacksonException e) {
            return null;
        }
    }
}
