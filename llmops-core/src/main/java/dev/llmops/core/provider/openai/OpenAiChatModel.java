package dev.llmops.core.provider.openai;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} speaking OpenAI's chat-completions API: OpenAI itself, Azure OpenAI, and the servers
 * that copy its wire format (vLLM, Ollama's {@code /v1}, llama.cpp's server, LM Studio, ...).
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("gpt-4o-mini")
 *         .build();
 * String answer = model.chat("What is a vector index?").text();
 * }</pre>
 *
 * <p>Errors map to the {@link dev.llmops.core.ProviderException} subtypes: 401/403 to
 * {@link dev.llmops.core.AuthenticationException}, 429 to {@link dev.llmops.core.RateLimitedException} (with
 * {@code Retry-After}, {@code retry-after-ms} and the {@code x-ratelimit-reset-*} waits; an exhausted quota is a
 * plain, non-retryable {@code ProviderException} with error code {@code insufficient_quota}), 400
 * {@code context_length_exceeded} to {@link dev.llmops.core.ContextLengthExceededException}, other 4xx to
 * {@link dev.llmops.core.InvalidRequestException}, 408/409/5xx/529 and refused connections to a retryable
 * {@link dev.llmops.core.ProviderUnavailableException}, timeouts to
 * {@link dev.llmops.core.ProviderTimeoutException}, and a {@code content_filter} finish (or Azure's 400
 * {@code content_filter}) to {@link dev.llmops.core.ContentFilteredException}. No message ever holds the API key.
 * OkHttp itself repeats a request once after a 408 or a stale pooled connection; every other retry is left
 * to the caller's retry interceptor, guided by {@link dev.llmops.core.ProviderException#isRetryable()}.
 *
 * <p>A refusal ({@code message.refusal}, sent instead of content when the model declines a structured-output
 * request) is returned as the answer's text.
 *
 * <p>{@link #stream(ChatRequest)} asks for {@code stream_options.include_usage}, so the completed response
 * carries usage. Closing the stream from another thread cancels the HTTP call; the iterator then throws
 * {@link dev.llmops.core.StreamCancelledException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);
    private static final String OPERATION = "chat/completions";

    private final OpenAiEndpoint endpoint;
    private final HttpUrl url;
    private final String model;
    private final ChatOptions defaultOptions;
    private final String maxTokensField;

    private OpenAiChatModel(Builder builder) {
        this.endpoint = builder.settings.build();
        this.url = endpoint.url(OPERATION);
        this.model = builder.settings.model;
        this.defaultOptions = builder.defaultOptions;
        boolean completionTokens = builder.maxCompletionTokens != null ? builder.maxCompletionTokens : endpoint.isOpenAiOrAzure();
        this.maxTokensField = completionTokens ? "max_completion_tokens" : "max_tokens";
    }

    /** A builder starting from OpenAI's API at {@code https://api.openai.com/v1}, without a key. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Prepared prepared = prepare(request, false);
        ProviderHttp.Exchange exchange = endpoint.http().exchange(url, prepared.body(), endpoint.clock());
        ChatResponse answer = ChatResponseReader.read(endpoint.provider(), exchange.status(), exchange.bytes(),
                prepared.model(), exchange.latency());
        ChatLogging.answered(LOG, endpoint.provider(), "chat", answer);
        return answer;
    }

    /**
     * Sends the request with {@code stream: true}. An error status is thrown here, mapped as for
     * {@link #chat(ChatRequest)}; failures after the first byte are thrown by the stream's iterator.
     */
    @Override
    public ChatStream stream(ChatRequest request) {
        Prepared prepared = prepare(request, true);
        ProviderHttp.Opened opened = endpoint.http().open(url, prepared.body(), "text/event-stream", endpoint.clock());
        ChatStreamReader reader = new ChatStreamReader(endpoint, opened, prepared.model());
        return ChatStream.of(reader, reader);
    }

    /** The request body, and the model asked for ({@code ""} when an Azure deployment chooses it). */
    private record Prepared(String model, byte[] body) {
    }

    private Prepared prepare(ChatRequest request, boolean stream) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        byte[] body = ChatRequestWriter.write(request.messages(), options, requested, stream, maxTokensField);
        return new Prepared(requested != null ? requested : "", body);
    }

    private String modelFor(ChatOptions options) {
        if (options.model() != null) {
            return options.model();
        }
        if (model != null) {
            return model;
        }
        if (endpoint.isAzure()) {
            return null;
        }
        throw new IllegalArgumentException("no model named for " + endpoint.provider() + ": set one with "
                + "OpenAiChatModel.builder().model(\"gpt-4o-mini\"), in defaultOptions(ChatOptions.of(...)), "
                + "or per call with request.withModel(...)");
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + endpoint + ", model=" + (model != null ? model : "(per request)") + "]";
    }

    /**
     * Configures an {@link OpenAiChatModel}. Every setter checks its input at once and names the fix.
     *
     * <p>OpenAI:
     * <pre>{@code
     * ChatModel openai = OpenAiChatModel.builder()
     *         .apiKey(System.getenv("OPENAI_API_KEY"))
     *         .model("gpt-4o-mini")
     *         .readTimeout(Duration.ofSeconds(30))
     *         .build();
     * }</pre>
     *
     * <p>Azure OpenAI (the deployment chooses the model; the key goes in the {@code api-key} header):
     * <pre>{@code
     * ChatModel azure = OpenAiChatModel.builder()
     *         .azure("https://my-resource.openai.azure.com", "my-gpt4o-deployment", "2024-10-21")
     *         .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
     *         .defaultOptions(ChatOptions.defaults().withTemperature(0.0))
     *         .build();
     * }</pre>
     *
     * <p>A local server that needs no key (Ollama's OpenAI-compatible {@code /v1}; vLLM, llama.cpp and LM
     * Studio alike):
     * <pre>{@code
     * ChatModel local = OpenAiChatModel.builder()
     *         .baseUrl("http://localhost:11434/v1")
     *         .model("llama3.2")
     *         .providerName("ollama")
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder extends OpenAiBuilder<Builder> {
        private ChatOptions defaultOptions = ChatOptions.defaults();
        private Boolean maxCompletionTokens;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Options applied to every request where the request leaves them unset. */
        public Builder defaultOptions(ChatOptions defaultOptions) {
            this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
            return this;
        }

        /**
         * Whether to send the output limit as {@code max_completion_tokens} (OpenAI and Azure, required by
         * reasoning models) rather than {@code max_tokens} (what most compatible servers read). Default: by base URL.
         */
        public Builder useMaxCompletionTokens(boolean useMaxCompletionTokens) {
            this.maxCompletionTokens = useMaxCompletionTokens;
            return this;
        }

        /** The model. The builder may be changed and built again; models already built do not change. */
        public OpenAiChatModel build() {
            return new OpenAiChatModel(this);
        }
    }
}
