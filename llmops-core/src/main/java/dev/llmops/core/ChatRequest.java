package dev.llmops.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to send to a chat model: the conversation and the options.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.of(
 *         Message.system("Answer in one sentence."),
 *         Message.user("What is a vector index?"))
 *     .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param messages the conversation, oldest first; at least one message
 * @param options  per-call options
 */
public record ChatRequest(List<Message> messages, ChatOptions options) {
    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(options, "options");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("chat request has no messages: add at least one user message");
        }
    }

    /** A request holding one user message and default options. */
    public static ChatRequest of(String userText) {
        return new ChatRequest(List.of(UserMessage.of(userText)), ChatOptions.defaults());
    }

    /** A request holding these messages and default options. */
    public static ChatRequest of(Message... messages) {
        return new ChatRequest(List.of(messages), ChatOptions.defaults());
    }

    /** A request holding these messages and default options. */
    public static ChatRequest of(List<? extends Message> messages) {
        return new ChatRequest(List.copyOf(messages), ChatOptions.defaults());
    }

    public ChatRequest withOptions(ChatOptions options) {
        return new ChatRequest(messages, options);
    }

    public ChatRequest withMessages(List<? extends Message> messages) {
        return new ChatRequest(List.copyOf(messages), options);
    }

    /** This request with {@code message} appended to the conversation. */
    public ChatRequest withMessage(Message message) {
        List<Message> copy = new ArrayList<>(messages.size() + 1);
        copy.addAll(messages);
        copy.add(Objects.requireNonNull(message, "message"));
        return new ChatRequest(copy, options);
    }

    /** This request with the model set. */
    public ChatRequest withModel(String model) {
        return new ChatRequest(messages, options.withModel(model));
    }
}
