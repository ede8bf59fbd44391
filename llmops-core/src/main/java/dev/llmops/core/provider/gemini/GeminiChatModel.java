package dev.llmops.core.provider.gemini;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A {@link ChatModel} speaking the Google Gemini API ({@code models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}): system instructions, images, function calling (parallel calls
 * included), JSON and JSON Schema output.
 *
 * <pre>{@code
 * ChatModel model = GeminiChatModel.builder()
 *         .apiKey(System.getenv("GEMINI_API_KEY"))
 *         .model("gemini-2.5-flash")
 *         .build();
 * String answer = model.chat("What is a vector index?").text();
 * }</pre>
 *
 * <p>The key travels in the {@code x-goog-api-key} header, never in the URL, and is redacted from every
 * message. Errors map to the {@link dev.llmops.core.ProviderException} subtypes: 401/403 and an invalid key
 * to {@link dev.llmops.core.AuthenticationException}, 429 {@code RESOURCE_EXHAUSTED} to
 * {@link dev.llmops.core.RateLimitedException} with the {@code RetryInfo.retryDelay} (or {@code Retry-After}),
 * a 400 token-limit message to {@link dev.llmops.core.ContextLengthExceededException}, other 4xx to
 * {@link dev.llmops.core.InvalidRequestException}, 5xx to a retryable
 * {@link dev.llmops.core.ProviderUnavailableException}, timeouts to
 * {@link dev.llmops.core.ProviderTimeoutException}, and a blocked prompt ({@code promptFeedback.blockReason})
 * or answer ({@code finishReason} {@code SAFETY}, {@code RECITATION}, {@code BLOCKLIST},
 * {@code PROHIBITED_CONTENT}, {@code SPII}) to {@link dev.llmops.core.ContentFilteredException} naming the
 * reason and the harm categories.
 *
 * <p>Usage counts thinking tokens ({@code thoughtsTokenCount}) as output, next to
 * {@code candidatesTokenCount}; {@code cachedContentTokenCount} is the cached part of the input. Function calls
 * without an id get a generated one, and a call's {@code thoughtSignature} rides in its
 * {@link dev.llmops.core.ToolCall#id()} so it goes back to Gemini with the conversation (see
 * {@code ToolCallIds}). An image at a URL is sent as {@code fileData.fileUri} (Gemini fetches File API and
 * YouTube URIs, and public URLs on recent models); pass bytes ({@code ImagePart.ofBytes}) for anything else.
 *
 * <p>Immutable and thread-safe.
 */
public final class GeminiChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(GeminiChatModel.class);

    private final GeminiEndpoint endpoint;
    private final String model;
    private final ChatOptions defaultOptions;

    private GeminiChatModel(Builder builder) {
        this.endpoint = builder.settings.build();
        this.model = builder.settings.model;
        this.defaultOptions = builder.defaultOptions;
    }

    /** A builder starting from {@value GeminiEndpoint#DEFAULT_BASE_URL}, without a key or a model. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        byte[] body = GeminiRequestWriter.write(request.messages(), options);
        ProviderHttp.Exchange exchange = endpoint.http().exchange(endpoint.url(requested, "generateContent", false), body,
                endpoint.clock());
        String provider = endpoint.provider();
        JsonNode root = WireJson.parseObject(provider, exchange.status(), exchange.body(), "response");
        GeminiResponseReader.Chunk chunk = GeminiResponseReader.read(provider, exchange.status(), root, exchange.body());
        if (!root.path("candidates").isArray() || root.path("candidates").isEmpty()) {
            throw new ResponseParseException(provider, exchange.status(), provider
                    + " response has no candidates and no promptFeedback.blockReason: expected candidates[0].content", exchange.body(), null);
        }
        ChatResponse answer = new ChatResponse(new AssistantMessage(chunk.text(), chunk.toolCalls()),
                chunk.usage() != null ? chunk.usage() : Usage.ZERO,
                GeminiResponseReader.finishReason(chunk.finishReason(), !chunk.toolCalls().isEmpty()),
                chunk.model() != null ? chunk.model() : requested, provider, exchange.latency(), chunk.id() != null ? chunk.id() : "");
        ChatLogging.answered(LOG, answer.provider(), "chat", answer);
        return answer;
    }

    /**
     * Sends the request to {@code streamGenerateContent?alt=sse}. An error status is thrown here, mapped as for
     * {@link #chat(ChatRequest)}; failures after the first byte are thrown by the stream's iterator.
     */
    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatOptions options = request.options().withDefaults(defaultOptions);
        String requested = modelFor(options);
        byte[] body = GeminiRequestWriter.write(request.messages(), options);
        GeminiStreamReader reader = new GeminiStreamReader(endpoint, endpoint.http().open(
                endpoint.url(requested, "streamGenerateContent", true), body, "text/event-stream", endpoint.clock()), requested);
        return ChatStream.of(reader, reader);
    }

    private String modelFor(ChatOptions options) {
        if (options.model() != null) {
            String bare = GeminiEndpoint.bareModel(options.model());
            if (bare.isEmpty() || bare.contains("/") || bare.contains(":")) {
                throw new IllegalArgumentException("model '" + options.model() + "' is not a Gemini model id: pass e.g. gemini-2.5-flash");
            }
            return bare;
        }
        if (model != null) {
            return model;
        }
        throw new IllegalArgumentException("no model named for " + endpoint.provider() + ": set one with "
                + "GeminiChatModel.builder().model(\"gemini-2.5-flash\"), in defaultOptions(ChatOptions.of(...)), "
                + "or per call with request.withModel(...)");
    }

    @Override
    public String toString() {
        return "GeminiChatModel[" + endpoint + ", model=" + (model != null ? model : "(per request)") + "]";
    }

    /**
     * Configures a {@link GeminiChatModel}. Every setter checks its input at once and names the fix.
     *
     * <pre>{@code
     * ChatModel gemini = GeminiChatModel.builder()
     *         .apiKey(System.getenv("GEMINI_API_KEY"))
     *         .model("gemini-2.5-flash")
     *         .readTimeout(Duration.ofSeconds(60))
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final GeminiEndpoint.Settings settings = new GeminiEndpoint.Settings();
        private ChatOptions defaultOptions = ChatOptions.defaults();

        private Builder() {
        }

        /** The API root, under which {@code models/{model}:generateContent} lies; default {@value GeminiEndpoint#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            settings.baseUrl(baseUrl);
            return this;
        }

        /** The API key, sent as the {@code x-goog-api-key} header; required. */
        public Builder apiKey(String apiKey) {
            settings.apiKey(apiKey);
            return this;
        }

        /** The model used when a request names none, e.g. {@code gemini-2.5-flash} ({@code models/} prefix optional). */
        public Builder model(String model) {
            settings.model(model);
            return this;
        }

        /** Options applied to every request where the request leaves them unset. */
        public Builder defaultOptions(ChatOptions defaultOptions) {
            this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
            return this;
        }

        /** How long to wait for a connection; default 10 s; {@link Duration#ZERO} for none. */
        public Builder connectTimeout(Duration timeout) {
            settings.http.connectTimeout(timeout);
            return this;
        }

        /** How long to wait for each read (between streamed chunks, too); default 60 s; {@link Duration#ZERO} for none. */
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

        /** The name reported in responses and exceptions; default {@code gemini}. */
        public Builder providerName(String providerName) {
            settings.http.providerName(providerName);
            return this;
        }

        /** The clock that measures latency and reads {@code Retry-After} dates; default the system UTC clock. */
        public Builder clock(Clock clock) {
            settings.http.clock(clock);
            return this;
        }

        /** The model. Throws when no API key is set. */
        public GeminiChatModel build() {
            return new GeminiChatModel(this);
        }
    }
}
