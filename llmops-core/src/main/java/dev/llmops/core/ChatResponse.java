package dev.llmops.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A chat model's answer and what it cost in tokens, time and money.
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
 * @param cost         what the call cost in USD; {@link Cost#UNKNOWN} until something prices it (a
 *                     {@code dev.llmops.core.cost.CostTracker} in the pipeline does)
 */
public record ChatResponse(
        AssistantMessage message,
        Usage usage,
        FinishReason finishReason,
        String model,
        String provider,
        Duration latency,
        String id,
        Cost cost) {

    public ChatResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cost, "cost");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency " + latency + " is negative");
        }
    }

    /** A response whose cost is not known yet ({@link Cost#UNKNOWN}). */
    public ChatResponse(AssistantMessage message, Usage usage, FinishReason finishReason, String model, String provider,
            Duration latency, String id) {
        this(message, usage, finishReason, model, provider, latency, id, Cost.UNKNOWN);
    }

    /** The assistant's text (empty when it answered only with tool calls). */
    public String text() {
        return message.text();
    }

    public ChatResponse withLatency(Duration latency) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id, cost);
    }

    public ChatResponse withMessage(AssistantMessage message) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id, cost);
    }

    public ChatResponse withUsage(Usage usage) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id, cost);
    }

    /** This response with its cost set, e.g. by a price table after the call. */
    public ChatResponse withCost(Cost cost) {
        return new ChatResponse(message, usage, finishReason, model, provider, latency, id, cost);
    }
}
