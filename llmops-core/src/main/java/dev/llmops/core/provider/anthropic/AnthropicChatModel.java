package dev.llmops.core.provider.anthropic;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.HttpSettings;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.SettingChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} speaking Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <pre>{@code
 * ChatModel claude = AnthropicChatModel.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .model("claude-sonnet-4-5")
 *         .build();
 * String answer = claude.chat("What is a vector index?").text();
 * }</pre>
 *
 * <p>How the core API maps onto the Messages API:
 * <ul>
 *   <li>system messages are joined into the top-level {@code system}; tool results travel as {@code tool_result}
 *       blocks of a user turn; consecutive turns of one role are merged, as the API wants roles to alternate;
 *   <li>{@code max_tokens} is required by the API: the request's {@link ChatOptions#maxTokens()}, else the builder's
 *       {@link Builder#defaultMaxTokens(int)} (default {@value #DEFAULT_MAX_TOKENS});
 *   <li>a JSON schema response format (and so {@code model.chat(request, MyRecord.class)}) is sent as a tool named
 *       after the schema that the model must call; the call's input comes back as the answer's text, and its
 *       {@code tool_use} stop as {@link dev.llmops.core.FinishReason#STOP};
 *   <li>{@link dev.llmops.core.ResponseFormat#JSON} (no schema) adds an instruction to the system prompt to answer
 *       with a single JSON object only; the API has no JSON mode, so a model may still stray (parse defensively);
 *   <li>the seed is not sent (the API has none; it is logged at DEBUG); metadata is never sent;
 *   <li>usage: input tokens include cache writes and cache reads; cached input tokens are the cache reads;
 *   <li>{@code stop_reason: refusal} throws {@link dev.llmops.core.ContentFilteredException}.
 * </ul>
 *
 * <p>Errors map to the {@link dev.llmops.core.ProviderException} subtypes: 401/403 to
 * {@link dev.llmops.core.AuthenticationException}; 429 to {@link dev.llmops.core.RateLimitedException} (with
 * {@code retry-after} and the {@code anthropic-ratelimit-*-reset} timestamps as waits); a 400 saying the prompt is
 * too long to {@link dev.llmops.core.ContextLengthExceededException}; 413 (over 32 MB) and other 4xx to
 * {@link dev.llmops.core.InvalidRequestException}; 408/409/5xx/529 and refused connections to a retryable
 * {@link dev.llmops.core.ProviderUnavailableException}; timeouts to
 * {@link dev.llmops.core.ProviderTimeoutException}. No message ever holds the API key.
 *
 * <p>{@link #stream(ChatRequest)} reads the API's server-sent events; an {@code error} event (such as
 * {@code overloaded_error}) after the stream began is thrown by the iterator. Closing the stream from another
 * thread cancels the HTTP call; the iterator then throws {@link dev.llmops.core.StreamCancelledException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnthropicChatModel implements ChatModel {
    /** The {@code max_tokens} sent when neither the request nor the builder sets one. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicChatModel.class);

    private final AnthropicEndpoint endpoint;
    private final String model;
    private final ChatOptions defaultOptions;
    private final int defaultMaxTokens;

    private AnthropicChatModel(Builder b) {
        if (b.apiKey == null && b.baseUrl.host().equals(HttpUrl.get(AnthropicEndpoint.DEFAULT_BASE_URL).host())) {
            throw new IllegalStateException("no apiKey for " + AnthropicEndpoint.DEFAULT_BASE_URL + ": pass one with "
                    + "AnthropicChatModel.builder().apiKey(System.getenv(\"ANTHROPIC_API_KEY\")) and set ANTHROPIC_API_KEY, "
                    + "or point baseUrl at a proxy or server that needs no key");
        }
        this.endpoint = new AnthropicEndpoint(b.http.providerName(), b.baseUrl, b.apiKey, b.version, b.headers, b.http.client(),
                b.http.clock());
        this.model = b.model;
        this.defaultOptions = b.defaultOptions;
        this.defaultMaxTokens = b.defaultMaxTokens;
    }

    /** A builder starting from Anthropic's API at {@value AnthropicEndpoint#DEFAULT_BASE_URL}, without a key. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        ChatRequestWriter.Written written = ChatRequestWriter.write(request.messages(), options, requested, defaultMaxTokens, false);
        ProviderHttp.Exchange exchange = endpoint.http().exchange(endpoint.messagesUrl(), written.body(), endpoint.clock());
        ChatResponse answer = ChatResponseReader.read(endpoint.provider(), exchange.status(), exchange.body(), requested,
                exchange.latency(), written.answerTool());
        ChatLogging.answered(LOG, endpoint.provider(), "chat", answer);
        return answer;
    }

    /**
     * Sends the request with {@code stream: true}. An error status is thrown here, mapped as for
     * {@link #chat(ChatRequest)}; failures after the first byte, {@code error} events included, are thrown by the
     * stream's iterator.
     */
    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        ChatRequestWriter.Written written = ChatRequestWriter.write(request.messages(), options, requested, defaultMaxTokens, true);
        ProviderHttp.Opened opened = endpoint.http().open(endpoint.messagesUrl(), written.body(), "text/event-stream",
                endpoint.clock());
        ChatStreamReader reader = new ChatStreamReader(endpoint, opened, requested, written.answerTool());
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
                + "AnthropicChatModel.builder().model(\"claude-sonnet-4-5\"), in defaultOptions(ChatOptions.of(...)), "
                + "or per call with request.withModel(...)");
    }

    @Override
    public String toString() {
        return "AnthropicChatModel[" + endpoint + ", model=" + (model != null ? model : "(per request)") + "]";
    }

    /**
     * Configures an {@link AnthropicChatModel}. Every setter checks its input at once and names the fix.
     *
     * <pre>{@code
     * ChatModel claude = AnthropicChatModel.builder()
     *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
     *         .model("claude-sonnet-4-5")
     *         .defaultMaxTokens(1024)
     *         .build();
     * }</pre>
     *
     * <p>An API key is required for the default base URL; a proxy or gateway given with {@link #baseUrl(String)}
     * may do without one.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private HttpUrl baseUrl = HttpUrl.get(AnthropicEndpoint.DEFAULT_BASE_URL);
        private String apiKey;
        private String version = AnthropicEndpoint.DEFAULT_VERSION;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String model;
        private ChatOptions defaultOptions = ChatOptions.defaults();
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
        private final HttpSettings http = new HttpSettings("anthropic");

        private Builder() {
        }

        /** The API root, to which {@code /v1/messages} is appended; default {@value AnthropicEndpoint#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = SettingChecks.httpUrl("baseUrl", baseUrl, "https://api.anthropic.com");
            return this;
        }

        /** The API key, sent as {@code x-api-key}. Required for the default base URL. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is blank: pass the key, e.g. System.getenv(\"ANTHROPIC_API_KEY\"), "
                        + "and check that ANTHROPIC_API_KEY is set");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The {@code anthropic-version} header; default {@value AnthropicEndpoint#DEFAULT_VERSION}. */
        public Builder anthropicVersion(String version) {
            this.version = SettingChecks.notBlank("anthropicVersion", version, "pass an API version such as 2023-06-01");
            return this;
        }

        /**
         * An extra header sent with every request (replacing an earlier one of the same name), e.g.
         * {@code header("anthropic-beta", "prompt-caching-2024-07-31")}.
         */
        public Builder header(String name, String value) {
            SettingChecks.notBlank("header name", name, "pass a header name such as anthropic-beta");
            Objects.requireNonNull(value, "value");
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("x-api-key") || lower.equals("authorization")) {
                throw new IllegalArgumentException("header " + name + " carries credentials: pass the key with apiKey(...) "
                        + "so that it is redacted everywhere");
            }
            new Headers.Builder().add(name, value);
            headers.put(name, value);
            return this;
        }

        /** The model used when a request names none, e.g. {@code claude-sonnet-4-5}. */
        public Builder model(String model) {
            this.model = SettingChecks.notBlank("model", model, "name a model such as claude-sonnet-4-5");
            return this;
        }

        /** Options applied to every request where the request leaves them unset. */
        public Builder defaultOptions(ChatOptions defaultOptions) {
            this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
            return this;
        }

        /**
         * The {@code max_tokens} sent when the request's options set none (the API requires one); default
         * {@value AnthropicChatModel#DEFAULT_MAX_TOKENS}. {@code defaultOptions} with a maxTokens wins over it.
         */
        public Builder defaultMaxTokens(int maxTokens) {
            if (maxTokens <= 0) {
                throw new IllegalArgumentException("defaultMaxTokens " + maxTokens + " is not positive: give the most output "
                        + "tokens to allow, such as 4096");
            }
            this.defaultMaxTokens = maxTokens;
            return this;
        }

        /** How long to wait for a connection; default 10 s; {@link Duration#ZERO} for none. */
        public Builder connectTimeout(Duration timeout) {
            http.connectTimeout(timeout);
            return this;
        }

        /** How long to wait for each read (between streamed events, too); default 60 s; {@link Duration#ZERO} for none. */
        public Builder readTimeout(Duration timeout) {
            http.readTimeout(timeout);
            return this;
        }

        /** The most a whole call may take, streaming included; default none. */
        public Builder callTimeout(Duration timeout) {
            http.callTimeout(timeout);
            return this;
        }

        /**
         * The OkHttp client to derive this model's client from (sharing its pool and dispatcher). Default: one
         * client shared by every llmops model in the JVM.
         */
        public Builder httpClient(OkHttpClient client) {
            http.httpClient(client);
            return this;
        }

        /** The name reported in responses and exceptions; default {@code anthropic}. */
        public Builder providerName(String providerName) {
            http.providerName(providerName);
            return this;
        }

        /** The clock that measures latency and reads {@code retry-after} dates and reset timestamps; default the system UTC clock. */
        public Builder clock(Clock clock) {
            http.clock(clock);
            return this;
        }

        /**
         * The model. The builder may be changed and built again; models already built do not change.
         *
         * @throws IllegalStateException when no API key is set for the default base URL
         */
        public AnthropicChatModel build() {
            return new AnthropicChatModel(this);
        }
    }
}
