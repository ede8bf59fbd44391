package dev.llmops.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A chat model's answer and what it cost in tokens and time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param message      the assistant's turn: text and/or tool calls
 * @param usage        tokens the call consumed, as the provider reported them
 * @param finishReason why the model stopped
 * @param model        the model id that answered, as the provider reported it
 * @param provider     the provider that answered, e.g. {@code openai}, {@code scripted}
 * @param latency      time from sending the request to the complete answer
 * @param id           the provider's id for this completion; empty when it gave none
 */
public record ChatResponse(
        AssistantMessage message,
        Usage usage,
        FinishReason finishReason,
        String model,
        String provider,
        Duration latency,
        String id) {

    public ChatResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(id, "id");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency " + latency + " is negative");
        }
    }

    /** The assistant's text (empty when it answered only with tool calls). */
    public String text() {
        return message.text();
    }

    public ChatResponse withLatency(Duration latency) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id);
    }

    public ChatResponse withMessage(AssistantMessage message) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id);
    }

    public ChatResponse withUsage(Usage usage) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id);
    }
}
