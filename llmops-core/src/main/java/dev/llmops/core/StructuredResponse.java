package dev.llmops.core;

import java.util.Objects;

/**
 * A structured answer: the value read from the model's last response, that response, and what getting it
 * cost across every attempt.
 *
 * <pre>{@code
 * StructuredResponse<Invoice> result = StructuredOutput.defaults().chat(model, request, Invoice.class);
 * Invoice invoice = result.value();
 * if (result.attempts() > 1) log.info("needed a correction; {} tokens in all", result.usage().totalTokens());
 * }</pre>
 *
 * <p>Immutable and thread-safe if {@code T} is.
 *
 * @param value    the answer, parsed and validated
 * @param response the response the value was read from (the last attempt's)
 * @param attempts how many calls it took: 1 when the first answer was valid
 * @param usage    tokens consumed by all attempts together
 * @param <T>      the record type asked for
 */
public record StructuredResponse<T>(T value, ChatResponse response, int attempts, Usage usage) {
    public StructuredResponse {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(usage, "usage");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " is less than 1: a value takes at least one call");
        }
    }
}
