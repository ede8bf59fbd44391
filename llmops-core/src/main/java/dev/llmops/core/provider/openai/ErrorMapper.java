package dev.llmops.core.provider.openai;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.SecretScrubber;
import dev.llmops.core.internal.http.KeyRedactor;
import dev.llmops.core.internal.http.RetryAfter;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import okhttp3.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Maps an HTTP error status and the OpenAI error body ({@code {"error":{"message","type","param","code"}}})
 * to the exception that says who must act. Messages carry the status and the provider's own message, with
 * the API key (and anything shaped like a key) replaced by {@code [REDACTED]}.
 *
 * <p>Immutable and thread-safe.
 */
final class ErrorMapper {
    /** OpenAI's 401 message echoes a masked key ({@code sk-proj-****...abcd}); keep even that out. */
    private static final Pattern MASKED_KEY = Pattern.compile("(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_*.-]{6,}");
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final String provider;
    private final Clock clock;
    private final KeyRedactor redactor;

    ErrorMapper(String provider, Clock clock, String apiKey) {
        this.provider = provider;
        this.clock = clock;
        this.redactor = new KeyRedactor(apiKey);
    }

    /** The exception for an HTTP error response with status {@code status}, headers and body text. */
    ProviderException map(int status, Headers headers, String body) {
        ErrorBody error = ErrorBody.parse(body);
        String code = error.code();
        String detail = scrub(error.message() != null ? error.message() : WireJson.abbreviate(body, MAX_BODY_IN_MESSAGE));
        String prefix = provider + " returned HTTP " + status + (code != null ? " (" + code + ")" : "") + ": " + detail;
        if (status == 401 || status == 403) {
            return new AuthenticationException(provider, status, code,
                    prefix + "; check the API key" + (status == 403 ? ", its permissions, organization and project" : ""));
        }
        if (status == 429) {
            if ("insufficient_quota".equals(code) || "insufficient_quota".equals(error.type())) {
                return new ProviderException(provider, status, "insufficient_quota", false, null,
                        prefix + "; the account is out of quota: add credit or raise the limit, retrying will not help", null);
            }
            Duration retryAfter = retryAfter(headers);
            Duration resetRequests = RetryAfter.parseDuration(headers.get("x-ratelimit-reset-requests")).orElse(null);
            Duration resetTokens = RetryAfter.parseDuration(headers.get("x-ratelimit-reset-tokens")).orElse(null);
            return new RateLimitedException(provider, code, retryAfter, resetRequests, resetTokens,
                    prefix + (retryAfter != null ? "; retry after " + retryAfter : "; slow down and retry"));
        }
        if (status == 408 || status == 409 || status >= 500) {
            return new ProviderUnavailableException(provider, status, code, retryAfter(headers),
                    prefix + "; the provider is unavailable or overloaded, retry later", null);
        }
        if (status == 400 && ("context_length_exceeded".equals(code) || "string_above_max_length".equals(code))) {
            return new ContextLengthExceededException(provider, status, code,
                    prefix + "; shorten the messages, lower maxTokens, or use a model with a longer context");
        }
        if (status == 400 && ("content_filter".equals(code) || "content_policy_violation".equals(code))) {
            return new ContentFilteredException(provider, status, code,
                    prefix + "; the provider's content filter blocked the prompt: rephrase it");
        }
        if (status >= 400) {
            return new InvalidRequestException(provider, status, code, prefix + (status == 404
                    ? "; check the model name and the base URL (e.g. https://api.openai.com/v1)"
                    : "; fix the request as the message says"));
        }
        return new ProviderException(provider, status, code, false, null,
                provider + " answered with unexpected HTTP " + status + ": " + detail, null);
    }

    /** Replaces the API key and key-shaped strings in {@code text}. */
    String scrub(String text) {
        return MASKED_KEY.matcher(redactor.scrub(text)).replaceAll(SecretScrubber.REDACTED);
    }

    private Duration retryAfter(Headers headers) {
        return RetryAfter.parseMillis(headers.get("retry-after-ms"))
                .or(() -> RetryAfter.parse(headers.get("Retry-After"), clock))
                .orElse(null);
    }

    /** The parts of an OpenAI error body; every part {@code null} when the body is not one. */
    record ErrorBody(String message, String type, String code) {
        static ErrorBody parse(String body) {
            JsonNode root;
            JsonNode error;
            try {
                root = Json.MAPPER.readTree(body);
                error = root == null ? null : root.get("error");
            } catch (JacksonException e) {
                return new ErrorBody(null, null, null);
            }
            if (error == null || error.isNull()) {
                // vLLM and some other servers put the fields at the top level: {"object":"error","message":...}
                return root != null && root.isObject() && root.has("message")
                        ? new ErrorBody(WireJson.text(root, "message"), WireJson.text(root, "type"), null)
                        : new ErrorBody(null, null, null);
            }
            if (error.isString()) {
                return new ErrorBody(error.stringValue(), null, null);
            }
            return new ErrorBody(WireJson.text(error, "message"), WireJson.text(error, "type"), WireJson.text(error, "code"));
        }
    }
}
