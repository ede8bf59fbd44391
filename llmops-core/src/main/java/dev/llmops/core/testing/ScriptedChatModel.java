package dev.llmops.core.testing;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentPart;
import dev.llmops.core.FinishReason;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A chat model that answers from a script, for testing code that calls a {@link ChatModel} without a
 * provider, a network or an API key. Each call to {@link #chat(ChatRequest)} or {@link #stream(ChatRequest)}
 * takes the next scripted outcome, in order: a reply, a streamed reply in given chunks, tool calls, or a
 * failure (before or in the middle of a stream). When the script is used up, calls go to the
 * {@linkplain Builder#responder(Function) fallback responder}, or fail with a
 * {@link ScriptExhaustedException} naming the request number.
 *
 * <pre>{@code
 * @Test
 * void retriesOnceWhenRateLimited() {
 *     ScriptedChatModel model = ScriptedChatModel.builder()
 *             .fail(new RateLimitedException("scripted", null, Duration.ofSeconds(1), null, null, "slow down"))
 *             .reply("Paris")
 *             .build();
 *
 *     String answer = new CapitalFinder(model).capitalOf("France");
 *
 *     assertThat(answer).isEqualTo("Paris");
 *     assertThat(model.callCount()).isEqualTo(2);
 *     assertThat(model.lastRequest().orElseThrow().messages()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Responses built from scripted replies carry:
 * <ul>
 *   <li>provider {@value #PROVIDER}; the request's model, or the {@linkplain Builder#defaultModel(String)
 *       default model} ({@value #DEFAULT_MODEL}) when the request names none; id {@code scripted-<n>} for the
 *       n-th call;
 *   <li>the finish reason {@link FinishReason#TOOL_CALLS} for tool calls, else {@link FinishReason#STOP},
 *       unless {@link Builder#withFinishReason(FinishReason)} sets another;
 *   <li>usage given by {@link Builder#withUsage(Usage)}, else a deterministic estimate: input tokens are
 *       {@code ceil(c / 4)} where {@code c} counts the characters of every text in the request (system text,
 *       user text parts, assistant text and tool-call names and arguments, tool results; images count 0), and
 *       output tokens likewise for the reply's text and tool calls; no cached tokens;
 *   <li>the {@linkplain Builder#latency(Duration) simulated latency} (zero by default), which each call also
 *       waits through the {@linkplain Builder#sleeper(Sleeper) sleeper} before it answers or fails.
 * </ul>
 * A reply scripted as a whole {@link ChatResponse} is returned as given.
 *
 * <p>Every call is recorded ({@link #requests()}, {@link #lastRequest()}, {@link #callCount()}). Streams
 * honour {@link ChatStream#close()}: reading a closed stream throws {@link StreamCancelledException}.
 *
 * <p>Thread-safe; create one and share it. Concurrent calls take distinct outcomes, each exactly once.
 */
public final class ScriptedChatModel implements ChatModel {
    /** The provider name on every response built from a scripted reply. */
    public static final String PROVIDER = "scripted";
    /** The model named on responses when the request names none and no other default was set. */
    public static final String DEFAULT_MODEL = "scripted-model";

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Outcome> script;
    private final int scriptLength;
    private final List<ChatRequest> requests = new ArrayList<>();
    private final Function<ChatRequest, ChatResponse> responder;
    private final Duration latency;
    private final Sleeper sleeper;
    private final String defaultModel;

    private ScriptedChatModel(Builder builder) {
        this.script = new ArrayDeque<>(builder.script);
        this.scriptLength = builder.script.size();
        this.responder = builder.responder;
        this.latency = builder.latency;
        this.sleeper = builder.sleeper;
        this.defaultModel = builder.defaultModel;
    }

    /** Starts a script. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Call call = take(request);
        return switch (call.outcome) {
            case Reply reply -> respond(request, reply.message, reply.usage, reply.finishReason, call.number);
            case FixedResponse fixed -> fixed.response;
            case Failure failure -> throw failure.error;
            case null -> Objects.requireNonNull(responder.apply(request),
                    () -> "the responder returned null for request #" + call.number + ": return a ChatResponse");
        };
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Call call = take(request);
        return switch (call.outcome) {
            case Reply reply when reply.chunks != null -> {
                List<StreamEvent> events = new ArrayList<>();
                reply.chunks.forEach(chunk -> events.add(new StreamEvent.TextDelta(chunk)));
                events.add(new StreamEvent.Completed(
                        respond(request, reply.message, reply.usage, reply.finishReason, call.number)));
                yield ChatStream.of(events.iterator(), () -> { });
            }
            case Reply reply -> ChatStream.of(respond(request, reply.message, reply.usage, reply.finishReason, call.number));
            case FixedResponse fixed -> ChatStream.of(fixed.response);
            case Failure failure when failure.midStream -> {
                List<StreamEvent> events = new ArrayList<>();
                failure.deltas.forEach(delta -> events.add(new StreamEvent.TextDelta(delta)));
                yield FailingStreams.of(events, () -> failure.error);
            }
            case Failure failure -> throw failure.error;
            case null -> ChatStream.of(Objects.requireNonNull(responder.apply(request),
                    () -> "the responder returned null for request #" + call.number + ": return a ChatResponse"));
        };
    }

    /** Every request received so far, in the order received. */
    public List<ChatRequest> requests() {
        return locked(() -> List.copyOf(requests));
    }

    /** The most recent request, or empty before the first call. */
    public Optional<ChatRequest> lastRequest() {
        return locked(() -> requests.isEmpty() ? Optional.empty() : Optional.of(requests.getLast()));
    }

    /** How many scripted outcomes are not yet used. */
    public int remaining() {
        return locked(script::size);
    }

    /** How many calls ({@code chat} and {@code stream}) were made, including failed ones. */
    public int callCount() {
        return locked(requests::size);
    }

    @Override
    public String toString() {
        return "scripted";
    }

    /** Records the request, takes the next outcome (null: ask the responder), then waits the latency. */
    private Call take(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Call call = locked(() -> {
            requests.add(request);
            return new Call(requests.size(), script.poll());
        });
        if (call.outcome == null && responder == null) {
            throw new ScriptExhaustedException(call.number, scriptLength);
        }
        simulateLatency();
        return call;
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void simulateLatency() {
        if (latency.isZero()) {
            return;
        }
        try {
            sleeper.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmopsException("interrupted while simulating a latency of " + latency, e);
        }
    }

    private ChatResponse respond(ChatRequest request, AssistantMessage message, Usage usage, FinishReason finishReason,
            int number) {
        String model = request.options().model() != null ? request.options().model() : defaultModel;
        Usage used = usage != null ? usage
                : Usage.of(estimateTokens(charactersOf(request.messages())), estimateTokens(charactersOf(message)));
        FinishReason reason = finishReason != null ? finishReason
                : message.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        return new ChatResponse(message, used, reason, model, PROVIDER, latency, "scripted-" + number);
    }

    private static long estimateTokens(long characters) {
        return (characters + 3) / 4;
    }

    private static long charactersOf(List<Message> messages) {
        long characters = 0;
        for (Message message : messages) {
            characters += charactersOf(message);
        }
        return characters;
    }

    private static long charactersOf(Message message) {
        return switch (message) {
            case SystemMessage s -> s.text().length();
            case UserMessage u -> {
                long characters = 0;
                for (ContentPart part : u.parts()) {
                    if (part instanceof TextPart t) {
                        characters += t.text().length();
                    }
                }
                yield characters;
            }
            case AssistantMessage a -> {
                long characters = a.text().length();
                for (ToolCall call : a.toolCalls()) {
                    characters += call.name().length() + call.arguments().length();
                }
                yield characters;
            }
            case ToolResultMessage t -> t.content().length();
        };
    }

    /**
     * Waits out a simulated latency: {@link Thread#sleep(Duration)} by default, a recorder in tests, so a test
     * of latency handling never sleeps.
     *
     * <pre>{@code
     * @Test
     * void reportsTheSimulatedLatency() {
     *     List<Duration> slept = new CopyOnWriteArrayList<>();
     *     ScriptedChatModel model = ScriptedChatModel.builder()
     *             .latency(Duration.ofMillis(800)).sleeper(slept::add).reply("hi").build();
     *
     *     assertThat(model.chat("x").latency()).isEqualTo(Duration.ofMillis(800));
     *     assertThat(slept).containsExactly(Duration.ofMillis(800));
     * }
     * }</pre>
     *
     * <p>Implementations are thread-safe: concurrent calls to the model sleep concurrently.
     */
    @FunctionalInterface
    public interface Sleeper {
        /** Blocks for {@code duration}, or pretends to. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private record Call(int number, Outcome outcome) {
    }

    private sealed interface Outcome permits Reply, FixedResponse, Failure {
    }

    /** @param chunks the text deltas to stream, or null to stream the text as one delta */
    private record Reply(AssistantMessage message, List<String> chunks, Usage usage, FinishReason finishReason)
            implements Outcome {
    }

    private record FixedResponse(ChatResponse response) implements Outcome {
    }

    /** @param midStream whether a stream opens and yields {@code deltas} before failing */
    private record Failure(List<String> deltas, RuntimeException error, boolean midStream) implements Outcome {
    }

    /**
     * Collects the script and settings of a {@link ScriptedChatModel}. Outcomes are used in the order they
     * are added.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final List<Outcome> script = new ArrayList<>();
        private Function<ChatRequest, ChatResponse> responder;
        private Duration latency = Duration.ZERO;
        private Sleeper sleeper = Thread::sleep;
        private String defaultModel = DEFAULT_MODEL;

        private Builder() {
        }

        /** Scripts a text reply; streamed as one delta. */
        public Builder reply(String text) {
            return reply(AssistantMessage.of(Objects.requireNonNull(text, "text")));
        }

        /** Scripts an assistant turn (text and/or tool calls); streamed as {@link ChatStream#of(ChatResponse)} does. */
        public Builder reply(AssistantMessage message) {
            script.add(new Reply(Objects.requireNonNull(message, "message"), null, null, null));
            return this;
        }

        /** Scripts a whole response, returned (or streamed) exactly as given. */
        public Builder reply(ChatResponse response) {
            script.add(new FixedResponse(Objects.requireNonNull(response, "response")));
            return this;
        }

        /** Scripts a turn in which the model asks for these tool calls (finish reason {@code TOOL_CALLS}). */
        public Builder replyWithToolCalls(ToolCall... calls) {
            Objects.requireNonNull(calls, "calls");
            if (calls.length == 0) {
                throw new IllegalArgumentException("replyWithToolCalls needs at least one tool call: "
                        + "pass e.g. new ToolCall(\"call_1\", \"weather\", \"{\\\"city\\\":\\\"Paris\\\"}\")");
            }
            return reply(AssistantMessage.ofToolCalls(List.of(calls)));
        }

        /**
         * Scripts a reply that {@code stream} yields as exactly these text deltas, in order; {@code chat} returns
         * their concatenation.
         */
        public Builder streamReply(String... chunks) {
            List<String> list = chunks(chunks == null ? null : Arrays.asList(chunks), "streamReply");
            if (list.isEmpty()) {
                throw new IllegalArgumentException("streamReply needs at least one chunk: pass the text deltas to stream, e.g. streamReply(\"Hel\", \"lo\")");
            }
            script.add(new Reply(AssistantMessage.of(String.join("", list)), list, null, null));
            return this;
        }

        /**
         * Scripts a failure: {@code chat} throws {@code error}, and so does {@code stream} before returning a
         * stream (as when a provider refuses a call).
         */
        public Builder fail(RuntimeException error) {
            script.add(new Failure(List.of(), Objects.requireNonNull(error, "error"), false));
            return this;
        }

        /**
         * Scripts a stream cut in the middle: {@code stream} returns a stream that yields {@code deltas} as text
         * deltas, then throws {@code error} from its iterator instead of completing. {@code chat} throws
         * {@code error}.
         */
        public Builder streamFailure(List<String> deltas, RuntimeException error) {
            script.add(new Failure(chunks(deltas, "streamFailure"), Objects.requireNonNull(error, "error"), true));
            return this;
        }

        /** Sets the usage of the reply added last (instead of the estimate). */
        public Builder withUsage(Usage usage) {
            Objects.requireNonNull(usage, "usage");
            Reply last = lastReply("withUsage");
            script.set(script.size() - 1, new Reply(last.message, last.chunks, usage, last.finishReason));
            return this;
        }

        /** Sets the finish reason of the reply added last. */
        public Builder withFinishReason(FinishReason finishReason) {
            Objects.requireNonNull(finishReason, "finishReason");
            Reply last = lastReply("withFinishReason");
            script.set(script.size() - 1, new Reply(last.message, last.chunks, last.usage, finishReason));
            return this;
        }

        /**
         * Answers calls made after the script is used up; without one, such a call throws
         * {@link ScriptExhaustedException}. Called outside any lock, possibly from several threads at once.
         */
        public Builder responder(Function<ChatRequest, ChatResponse> responder) {
            this.responder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** The simulated latency every call waits and every built response reports; zero by default. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency " + latency + " is negative: give zero or a positive duration");
            }
            this.latency = latency;
            return this;
        }

        /** How the latency is waited; {@link Thread#sleep(Duration)} by default. Tests pass a recorder. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The model named on responses to requests that name none; {@value #DEFAULT_MODEL} by default. */
        public Builder defaultModel(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("default model is blank: give a model id such as \"scripted-model\"");
            }
            this.defaultModel = model;
            return this;
        }

        public ScriptedChatModel build() {
            return new ScriptedChatModel(this);
        }

        private Reply lastReply(String method) {
            if (script.isEmpty() || !(script.get(script.size() - 1) instanceof Reply reply)) {
                throw new IllegalStateException(method + " applies to the reply added just before it, but "
                        + (script.isEmpty() ? "no outcome was added yet" : "the last outcome is not a scripted reply "
                        + "(failures carry no usage; a whole ChatResponse carries its own)")
                        + ": call it right after reply(...), replyWithToolCalls(...) or streamReply(...)");
            }
            return reply;
        }

        private static List<String> chunks(List<String> chunks, String method) {
            Objects.requireNonNull(chunks, "chunks");
            for (int i = 0; i < chunks.size(); i++) {
                String chunk = Objects.requireNonNull(chunks.get(i), "chunk");
                if (chunk.isEmpty()) {
                    throw new IllegalArgumentException(method + " chunk " + i + " is empty: a text delta is never empty; remove it");
                }
            }
            return List.copyOf(chunks);
        }
    }
}
