package dev.llmops.core;

import java.util.Objects;

/**
 * A chat model: a provider adapter, a {@link ChatPipeline} of interceptors around one, or a test double.
 * Only {@link #chat(ChatRequest)} must be implemented; streaming then yields the whole answer as one
 * delta, so any function from request to response is a chat model:
 *
 * <pre>{@code
 * ChatModel echo = request -> ...;
 * }</pre>
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface ChatModel {

    /**
     * Sends the request and waits for the whole answer.
     *
     * @throws ProviderException    when the provider refuses or fails the call (see its subtypes)
     * @throws IllegalArgumentException when the request cannot be sent as given (no model named, an option
     *                              the provider does not support)
     */
    ChatResponse chat(ChatRequest request);

    /**
     * Sends the request and streams the answer as it is produced. The call starts now; failures before the
     * first byte of the answer are thrown here, later ones from the stream's iterator.
     */
    default ChatStream stream(ChatRequest request) {
        return ChatStream.of(chat(request));
    }

    /** Sends one user message with default options and waits for the answer. */
    default ChatResponse chat(String userText) {
        return chat(ChatRequest.of(Objects.requireNonNull(userText, "userText")));
    }

    /**
     * Sends the request asking for a {@code type} and returns the answer read into one, parsed and validated,
     * after at most one correction. The same as {@code StructuredOutput.defaults().chat(this, request,
     * type).value()}; use {@link StructuredOutput} for the attempts and usage, or other settings.
     *
     * <pre>{@code
     * record Verdict(boolean spam, @NotBlank String reason) {}
     * Verdict verdict = model.chat(ChatRequest.of("Is this spam? " + mail), Verdict.class);
     * }</pre>
     *
     * @throws StructuredOutputException when the answer is still invalid after the correction
     * @throws IllegalArgumentException  when {@code type} is not a record a JSON Schema can describe
     */
    default <T> T chat(ChatRequest request, Class<T> type) {
        return StructuredOutput.defaults().chat(this, request, type).value();
    }
}
