package dev.llmops.core.provider.ollama;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} speaking Ollama's native {@code /api/chat}, with NDJSON streaming, tools, JSON mode and
 * JSON Schema output ({@code format}), inline images, and {@code keep_alive}.
 *
 * <pre>{@code
 * ChatModel model = OllamaChatModel.builder()
 *         .baseUrl(System.getenv().getOrDefault("OLLAMA_HOST", "http://localhost:11434"))
 *         .model("llama3.2")
 *         .build();
 * String answer = model.chat("What is a vector index?").text();
 * }</pre>
 *
 * <p>Errors map to the {@link dev.llmops.core.ProviderException} subtypes: a model that is not pulled (404)
 * to an {@link dev.llmops.core.InvalidRequestException} whose message says {@code ollama pull <model>}, other
 * 4xx to {@link dev.llmops.core.InvalidRequestException}, 5xx and a refused connection ("Ollama does not seem
 * to be running at ...") to a retryable {@link dev.llmops.core.ProviderUnavailableException}, timeouts to
 * {@link dev.llmops.core.ProviderTimeoutException}, and an {@code error} line inside a stream to a retryable
 * {@code ProviderUnavailableException}.
 *
 * <p>What Ollama cannot do is refused with an {@link IllegalArgumentException} before anything is sent: an
 * image at a remote URL (Ollama takes only inline bytes), and a required or named {@link
 * dev.llmops.core.ToolChoice} (Ollama has no {@code tool_choice}; {@code NONE} leaves the tools out).
 * Ollama assigns no response id ({@link ChatResponse#id()} is empty) and no tool-call ids unless the server
 * sends them; missing ones are generated ({@code call_...}). Usage comes from {@code prompt_eval_count} and
 * {@code eval_count}; there are no cached tokens. A thinking model's {@code message.thinking} is not part of
 * the answer's text.
 *
 * <p>Immutable and thread-safe.
 */
public final class OllamaChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaChatModel.class);

    private final OllamaEndpoint endpoint;
    private final HttpUrl url;
    private final String model;
    private final ChatOptions defaultOptions;

    private OllamaChatModel(Builder builder) {
        this.endpoint = builder.settings.build();
        this.url = endpoint.url("api/chat");
        this.model = builder.settings.model;
        this.defaultOptions = builder.defaultOptions;
    }

    /** A builder starting from {@value OllamaEndpoint#DEFAULT_BASE_URL}, without a model. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        byte[] body = OllamaRequestWriter.write(request.messages(), options, requested, false, endpoint.keepAlive());
        ProviderHttp.Exchange exchange = endpoint.http().exchange(url, body, endpoint.clock());
        ChatResponse answer = OllamaResponseReader.read(endpoint.provider(), exchange.status(), exchange.body(), requested,
                exchange.latency());
        ChatLogging.answered(LOG, answer.provider(), "chat", answer);
        return answer;
    }

    /**
     * Sends the request with {@code stream: true}. An error status is thrown here, mapped as for
     * {@link #chat(ChatRequest)}; failures after the first byte are thrown by the stream's iterator.
     */
    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        byte[] body = OllamaRequestWriter.write(request.messages(), options, requested, true, endpoint.keepAlive());
        OllamaStreamReader reader = new OllamaStreamReader(endpoint, endpoint.http().open(url, body, "application/x-ndjson",
                endpoint.clock()), requested);
        return ChatStream.of(reader, reader);
    }

    private String modelFor(ChatOptions options) {
        if (options.model() != null) {
            return options.model();
        }
        if (model != null) {
            return model;
        }
        throw new IllegalArgumentException("no model named for " + endpoint.provider() + ": set one with "
                + "OllamaChatModel.builder().model(\"llama3.2\"), in defaultOptions(ChatOptions.of(...)), "
                + "or per call with request.withModel(...)");
    }

    @Override
    public String toString() {
        return "OllamaChatModel[" + endpoint + ", model=" + (model != null ? model : "(per request)") + "]";
    }

    /**
     * Configures an {@link OllamaChatModel}. Every setter checks its input at once and names the fix.
     *
     * <pre>{@code
     * ChatModel local = OllamaChatModel.builder()
     *         .baseUrl("gpu-box:11434")
     *         .model("qwen3:8b")
     *         .keepAlive(Duration.ofMinutes(30))
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final OllamaEndpoint.Settings settings = new OllamaEndpoint.Settings();
        private ChatOptions defaultOptions = ChatOptions.defaults();

        private Builder() {
        }

        /**
         * The server, read like {@code OLLAMA_HOST}: {@code http://localhost:11434} (the default),
         * {@code gpu-box}, {@code gpu-box:11434}, {@code :8080} or {@code https://ollama.example.com}; a missing
         * scheme is {@code http}, a missing port 11434.
         */
        public Builder baseUrl(String baseUrl) {
            settings.baseUrl(baseUrl);
            return this;
        }

        /** The model used when a request names none, e.g. {@code llama3.2}; it must be pulled on the server. */
        public Builder model(String model) {
            settings.model(model);
            return this;
        }

        /** Options applied to every request where the request leaves them unset. */
        public Builder defaultOptions(ChatOptions defaultOptions) {
            this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
            return this;
        }

        /** How long the server keeps the model loaded after a call ({@code keep_alive}); default the server's (5 min). */
        public Builder keepAlive(Duration keepAlive) {
            settings.keepAlive(keepAlive);
            return this;
        }

        /** How long to wait for a connection; default 10 s; {@link Duration#ZERO} for none. */
        public Builder connectTimeout(Duration timeout) {
            settings.http.connectTimeout(timeout);
            return this;
        }

        /**
         * How long to wait for each read (between streamed lines, too); default 60 s; {@link Duration#ZERO} for
         * none. Loading a large model before the first token can take longer: raise it for big models.
         */
        public Builder readTimeout(Duration timeout) {
            settings.http.readTimeout(timeout);
            return this;
        }

        /** The most a whole call may take, streaming included; default none. */
        public Builder callTimeout(Duration timeout) {
            settings.http.callTimeout(timeout);
            return this;
        }

        /** The OkHttp client to derive this model's client from. Default: the one shared by every llmops model. */
        public Builder httpClient(OkHttpClient client) {
            settings.http.httpClient(client);
            return this;
        }

        /** The name reported in responses and exceptions; default {@code ollama}. */
        public Builder providerName(String providerName) {
            settings.http.providerName(providerName);
            return this;
        }

        /** The clock that measures latency; default the system UTC clock. */
        public Builder clock(Clock clock) {
            settings.http.clock(clock);
            return this;
        }

        /** The model. The builder may be changed and built again; models already built do not change. */
        public OllamaChatModel build() {
            return new OllamaChatModel(this);
        }
    }
}
