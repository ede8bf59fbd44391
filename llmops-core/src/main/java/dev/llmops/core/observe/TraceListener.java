package dev.llmops.core.observe;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentPart;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ImagePart;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderException;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.SecretScrubber;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes one JSON object per chat call, success or failure, as one line (JSON lines) to a file or stream,
 * named with the OpenTelemetry GenAI semantic conventions so that any tool reading those can read the trace:
 *
 * <pre>{@code
 * try (TraceListener traces = TraceListener.builder().file(Path.of("traces/chat.jsonl")).build()) {
 *     ChatModel model = ChatPipeline.builder(openAi).listener(traces).build();
 *     model.chat("Hello");
 * }
 * // {"gen_ai.operation.name":"chat","gen_ai.provider.name":"openai","gen_ai.request.model":"gpt-4o-mini",...}
 * }</pre>
 *
 * <p>Each line holds (names from the OpenTelemetry GenAI registry; absent when unknown or unset):
 * <ul>
 *   <li>{@value #OPERATION_NAME} ({@code chat}), {@value #PROVIDER_NAME}, {@value #REQUEST_MODEL},
 *       {@value #REQUEST_TEMPERATURE}, {@value #REQUEST_TOP_P}, {@value #REQUEST_MAX_TOKENS},
 *       {@value #REQUEST_SEED}, {@value #REQUEST_STREAM};
 *   <li>on success {@value #RESPONSE_MODEL}, {@value #RESPONSE_ID}, {@value #RESPONSE_FINISH_REASONS},
 *       {@value #USAGE_INPUT_TOKENS}, {@value #USAGE_OUTPUT_TOKENS}, {@value #USAGE_CACHE_READ_INPUT_TOKENS};
 *   <li>on failure {@value #ERROR_TYPE} (the exception's class name) and {@value #ERROR_MESSAGE};
 *   <li>llmops's own fields: {@value #CALL_ID}, {@value #START_TIME} (ISO-8601), {@value #LATENCY_MS} (from the
 *       call's start to its end on this listener's clock), {@value #PROMPT_NAME}, {@value #PROMPT_VERSION},
 *       {@value #PROMPT_HASH}, {@value #METADATA} (the other metadata labels), {@value #COST_USD}
 *       (the response's {@link dev.llmops.core.Cost}, when it is known: priced or a cache hit),
 *       {@value #RETRY_COUNT}, {@value #CACHE_HIT}, {@value #FALLBACK_USED}, {@value #REDACTION_COUNT}, read
 *       from the {@link CallContext} attributes named in {@link CallAttributes};
 *   <li>only with {@link Builder#includeContent(boolean)}: {@value #INPUT_MESSAGES} and {@value #OUTPUT_MESSAGES}
 *       in the GenAI message shape ({@code [{"role":"user","parts":[{"type":"text","content":"..."}]}]}).
 * </ul>
 *
 * <p>The names follow the GenAI registry of {@code open-telemetry/semantic-conventions-genai}
 * ({@code model/gen-ai/registry.yaml}, status Development), which is where the GenAI conventions moved after
 * semantic conventions v1.36: {@value #PROVIDER_NAME} replaces the deprecated {@code gen_ai.system}, and cached
 * input is {@value #USAGE_CACHE_READ_INPUT_TOKENS}. {@code error.type} is the general OpenTelemetry attribute.
 * Names that OpenTelemetry does not define carry the {@code llmops.} prefix.
 *
 * <p>Message content is left out by default. Every string on the line, content or not, passes through
 * {@link SecretScrubber}, and metadata values under credential-like names are replaced whole, so API keys and
 * {@code Authorization} values never reach the file.
 *
 * <p>A line is written and flushed whole under a lock, so concurrent calls never interleave. Writing failures
 * are thrown ({@link LlmopsException}) to the pipeline, which logs them and lets the call go on.
 *
 * <p>Thread-safe; create one and share it. {@link #close()} closes the file or stream it writes to.
 */
public final class TraceListener implements ChatListener, AutoCloseable {
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    public static final String REQUEST_TOP_P = "gen_ai.request.top_p";
    public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    public static final String REQUEST_SEED = "gen_ai.request.seed";
    public static final String REQUEST_STREAM = "gen_ai.request.stream";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String RESPONSE_ID = "gen_ai.response.id";
    public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    public static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
    public static final String INPUT_MESSAGES = "gen_ai.input.messages";
    public static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
    public static final String ERROR_TYPE = "error.type";
    public static final String ERROR_MESSAGE = "llmops.error.message";
    public static final String CALL_ID = "llmops.call_id";
    public static final String START_TIME = "llmops.start_time";
    public static final String LATENCY_MS = "llmops.latency_ms";
    public static final String PROMPT_NAME = "llmops.prompt.name";
    public static final String PROMPT_VERSION = "llmops.prompt.version";
    public static final String PROMPT_HASH = "llmops.prompt.hash";
    public static final String METADATA = "llmops.metadata";
    public static final String COST_USD = "llmops.cost_usd";
    public static final String RETRY_COUNT = "llmops.retry.count";
    public static final String CACHE_HIT = "llmops.cache.hit";
    public static final String FALLBACK_USED = "llmops.fallback.used";
    public static final String REDACTION_COUNT = "llmops.redaction.count";

    private static final String CHAT = "chat";

    private final Writer out;
    private final String target;
    private final boolean includeContent;
    private final Clock clock;
    private final SecretScrubber scrubber;
    private final ReentrantLock lock = new ReentrantLock();

    private TraceListener(Builder builder, Writer out) {
        this.out = out;
        this.target = builder.target;
        this.includeContent = builder.includeContent;
        this.clock = builder.clock;
        this.scrubber = builder.scrubber;
    }

    /** Starts a trace listener; name where it writes with {@code file}, {@code writer} or {@code outputStream}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
        write(context, request, response.provider(), line -> {
            string(line, RESPONSE_MODEL, response.model());
            if (!response.id().isEmpty()) {
                string(line, RESPONSE_ID, response.id());
            }
            line.writeName(RESPONSE_FINISH_REASONS);
            line.writeStartArray();
            line.writeString(finishReason(response.finishReason()));
            line.writeEndArray();
            line.writeNumberProperty(USAGE_INPUT_TOKENS, response.usage().inputTokens());
            line.writeNumberProperty(USAGE_OUTPUT_TOKENS, response.usage().outputTokens());
            line.writeNumberProperty(USAGE_CACHE_READ_INPUT_TOKENS, response.usage().cachedInputTokens());
            response.cost().knownTotal().ifPresent(usd -> line.writeNumberProperty(COST_USD, usd));
            if (includeContent) {
                line.writeName(OUTPUT_MESSAGES);
                line.writeStartArray();
                line.writeStartObject();
                line.writeStringProperty("role", "assistant");
                line.writeName("parts");
                line.writeStartArray();
                assistantParts(line, response.message());
                line.writeEndArray();
                line.writeStringProperty("finish_reason", finishReason(response.finishReason()));
                line.writeEndObject();
                line.writeEndArray();
            }
        });
    }

    @Override
    public void onError(CallContext context, ChatRequest request, RuntimeException error) {
        String provider = error instanceof ProviderException p ? p.provider() : null;
        write(context, request, provider, line -> {
            string(line, ERROR_TYPE, error.getClass().getName());
            string(line, ERROR_MESSAGE, Objects.requireNonNullElse(error.getMessage(), ""));
        });
    }

    /** The OpenTelemetry name of a finish reason: {@code stop}, {@code length}, {@code tool_calls}, ... */
    static String finishReason(FinishReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the line of one call straight to JSON text, with no tree in between: the fields every line has,
     * then those {@code ending} writes. Every string value is scrubbed as it is written; the fixed property
     * names are not credential-like, and the names that come from the call (metadata keys, redaction labels)
     * are checked, their values replaced whole when they are, as {@link SecretScrubber#scrub(JsonNode)} does.
     */
    private void write(CallContext context, ChatRequest request, String provider, Consumer<JsonGenerator> ending) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator line = Json.MAPPER.createGenerator(text)) {
            line.writeStartObject();
            start(line, context, request, provider);
            ending.accept(line);
            line.writeEndObject();
        }
        text.write('\n');
        lock.lock();
        try {
            out.write(text.toString());
            out.flush();
        } catch (IOException e) {
            throw new LlmopsException("could not write a trace line to " + target
                    + ": check that it is writable and the disk is not full", e);
        } finally {
            lock.unlock();
        }
    }

    private void start(JsonGenerator line, CallContext context, ChatRequest request, String provider) {
        ChatOptions options = request.options();
        line.writeStringProperty(OPERATION_NAME, CHAT);
        if (provider != null) {
            string(line, PROVIDER_NAME, provider);
        }
        if (options.model() != null) {
            string(line, REQUEST_MODEL, options.model());
        }
        if (options.temperature() != null) {
            line.writeNumberProperty(REQUEST_TEMPERATURE, options.temperature().doubleValue());
        }
        if (options.topP() != null) {
            line.writeNumberProperty(REQUEST_TOP_P, options.topP().doubleValue());
        }
        if (options.maxTokens() != null) {
            line.writeNumberProperty(REQUEST_MAX_TOKENS, options.maxTokens().intValue());
        }
        if (options.seed() != null) {
            line.writeNumberProperty(REQUEST_SEED, options.seed().longValue());
        }
        line.writeBooleanProperty(REQUEST_STREAM, context.streaming());
        string(line, CALL_ID, context.callId());
        string(line, START_TIME, context.startedAt().toString());
        line.writeNumberProperty(LATENCY_MS, CallAttributes.elapsedMillis(context, clock));
        writePromptAndMetadata(line, options.metadata());
        CallAttributes.retryCount(context).ifPresent(count -> line.writeNumberProperty(RETRY_COUNT, count.longValue()));
        CallAttributes.flag(context, CallAttributes.CACHE_HIT).ifPresent(hit -> line.writeBooleanProperty(CACHE_HIT, hit));
        CallAttributes.flag(context, CallAttributes.FALLBACK_USED).ifPresent(used -> line.writeBooleanProperty(FALLBACK_USED, used));
        Map<String, Integer> redactions = CallAttributes.redactionCounts(context);
        if (!redactions.isEmpty()) {
            line.writeName(REDACTION_COUNT);
            line.writeStartObject();
            redactions.forEach((label, count) -> {
                if (SecretScrubber.isCredentialKey(label)) {
                    line.writeStringProperty(label, SecretScrubber.REDACTED);
                } else {
                    line.writeNumberProperty(label, count.intValue());
                }
            });
            line.writeEndObject();
        }
        if (includeContent) {
            line.writeName(INPUT_MESSAGES);
            line.writeStartArray();
            request.messages().forEach(message -> inputMessage(line, message));
            line.writeEndArray();
        }
    }

    private void writePromptAndMetadata(JsonGenerator line, Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return;
        }
        Map<String, String> others = new TreeMap<>();
        new TreeMap<>(metadata).forEach((key, value) -> {
            switch (key) {
                case ChatOptions.PROMPT_NAME -> string(line, PROMPT_NAME, value);
                case ChatOptions.PROMPT_VERSION -> string(line, PROMPT_VERSION, value);
                case ChatOptions.PROMPT_HASH -> string(line, PROMPT_HASH, value);
                default -> others.put(key, value);
            }
        });
        if (!others.isEmpty()) {
            line.writeName(METADATA);
            line.writeStartObject();
            others.forEach((key, value) -> line.writeStringProperty(key,
                    SecretScrubber.isCredentialKey(key) ? SecretScrubber.REDACTED : scrubber.scrub(value)));
            line.writeEndObject();
        }
    }

    private void inputMessage(JsonGenerator line, Message message) {
        line.writeStartObject();
        switch (message) {
            case SystemMessage s -> {
                line.writeStringProperty("role", "system");
                line.writeName("parts");
                line.writeStartArray();
                text(line, s.text());
                line.writeEndArray();
            }
            case UserMessage u -> {
                line.writeStringProperty("role", "user");
                line.writeName("parts");
                line.writeStartArray();
                for (ContentPart part : u.parts()) {
                    switch (part) {
                        case TextPart t -> text(line, t.text());
                        case ImagePart i -> {
                            line.writeStartObject();
                            line.writeStringProperty("type", "uri");
                            line.writeStringProperty("modality", "image");
                            string(line, "uri", i.url().regionMatches(true, 0, "data:", 0, 5) ? "data:..." : i.url());
                            line.writeEndObject();
                        }
                    }
                }
                line.writeEndArray();
            }
            case AssistantMessage a -> {
                line.writeStringProperty("role", "assistant");
                line.writeName("parts");
                line.writeStartArray();
                assistantParts(line, a);
                line.writeEndArray();
            }
            case ToolResultMessage t -> {
                line.writeStringProperty("role", "tool");
                line.writeName("parts");
                line.writeStartArray();
                line.writeStartObject();
                line.writeStringProperty("type", "tool_call_response");
                string(line, "id", t.toolCallId());
                string(line, "response", t.content());
                line.writeEndObject();
                line.writeEndArray();
            }
        }
        line.writeEndObject();
    }

    private void assistantParts(JsonGenerator line, AssistantMessage message) {
        if (!message.text().isEmpty()) {
            text(line, message.text());
        }
        for (ToolCall call : message.toolCalls()) {
            line.writeStartObject();
            line.writeStringProperty("type", "tool_call");
            string(line, "id", call.id());
            string(line, "name", call.name());
            string(line, "arguments", call.arguments());
            line.writeEndObject();
        }
    }

    private void text(JsonGenerator line, String text) {
        line.writeStartObject();
        line.writeStringProperty("type", "text");
        string(line, "content", text);
        line.writeEndObject();
    }

    /** Writes {@code value}, scrubbed, under a fixed, not credential-like {@code name}; null as JSON null. */
    private void string(JsonGenerator line, String name, String value) {
        line.writeStringProperty(name, value == null ? null : scrubber.scrub(value));
    }

    /** Flushes and closes the file or stream this listener writes to. */
    @Override
    public void close() {
        lock.lock();
        try {
            out.close();
        } catch (IOException e) {
            throw new LlmopsException("could not close the trace output " + target, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "TraceListener[" + target + (includeContent ? ", with content" : "") + "]";
    }

    /**
     * Collects where a {@link TraceListener} writes and what it includes.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Path file;
        private Writer writer;
        private String target;
        private boolean includeContent;
        private Clock clock = Clock.systemUTC();
        private SecretScrubber scrubber = SecretScrubber.standard();

        private Builder() {
        }

        /** Appends lines to {@code file}, creating it and its directories when missing. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            this.writer = null;
            this.target = file.toString();
            return this;
        }

        /** Writes lines to {@code writer}, flushing after each. */
        public Builder writer(Writer writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            this.file = null;
            this.target = writer.getClass().getSimpleName();
            return this;
        }

        /** Writes lines to {@code stream} in UTF-8, flushing after each. */
        public Builder outputStream(OutputStream stream) {
            Objects.requireNonNull(stream, "stream");
            writer(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            this.target = stream.getClass().getSimpleName();
            return this;
        }

        /**
         * Whether to record the messages sent and received ({@value TraceListener#INPUT_MESSAGES}, {@value TraceListener#OUTPUT_MESSAGES});
         * off by default. Secrets are scrubbed from them; other personal data is not, so put a
         * {@code PiiRedactor} before the model if the trace must not hold it (listeners see the request as the
         * caller sent it).
         */
        public Builder includeContent(boolean includeContent) {
            this.includeContent = includeContent;
            return this;
        }

        /** The clock that ends a call's latency; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Also replaces these exact secrets (e.g. the configured API key) wherever they occur. */
        public Builder secretLiterals(Collection<String> secrets) {
            this.scrubber = scrubber.withLiterals(secrets);
            return this;
        }

        /**
         * @throws IllegalStateException when neither a file nor a writer nor a stream was named
         * @throws LlmopsException       when the file cannot be opened for appending
         */
        public TraceListener build() {
            if (file != null) {
                return new TraceListener(this, open(file));
            }
            if (writer == null) {
                throw new IllegalStateException("trace listener has nowhere to write: call file(Path), writer(Writer) "
                        + "or outputStream(OutputStream) before build()");
            }
            return new TraceListener(this, writer);
        }

        private static Writer open(Path file) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new LlmopsException("cannot open trace file " + file + " for appending: "
                        + "name a writable file, or create its directory", e);
            }
        }
    }
}
