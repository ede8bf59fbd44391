package dev.llmops.core;

import dev.llmops.core.internal.ObservingChatStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model wrapped in interceptors and listeners. Interceptors run in the order they were added, the
 * first outermost; {@link #toString()} shows that order:
 *
 * <pre>{@code
 * ChatModel model = ChatPipeline.builder(openAi)
 *         .interceptor(redaction)
 *         .interceptor(cache)
 *         .interceptor(retry)
 *         .listener(traces)
 *         .build();
 * // ChatPipeline[redaction -> cache -> retry -> openai]
 * }</pre>
 *
 * <p>Listeners see each call once, outside every interceptor: its request on entry, then its response or
 * its error. Each call gets a fresh {@link CallContext}.
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class ChatPipeline implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(ChatPipeline.class);

    private final ChatModel model;
    private final List<ChatInterceptor> interceptors;
    private final List<ChatListener> listeners;
    private final Clock clock;

    private ChatPipeline(Builder builder) {
        this.model = builder.model;
        this.interceptors = List.copyOf(builder.interceptors);
        this.listeners = List.copyOf(builder.listeners);
        this.clock = builder.clock;
    }

    /** Starts a pipeline ending in {@code model}. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /** The model at the end of the pipeline. */
    public ChatModel model() {
        return model;
    }

    /** The interceptors, outermost first. */
    public List<ChatInterceptor> interceptors() {
        return interceptors;
    }

    /** The listeners, in the order they are notified. */
    public List<ChatListener> listeners() {
        return listeners;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        CallContext context = new CallContext(clock.instant(), false);
        notifyRequest(context, request);
        ChatResponse response;
        try {
            response = new BlockingChain(0, request, context).proceed(request);
        } catch (RuntimeException e) {
            notifyError(context, request, e);
            throw e;
        }
        notifyResponse(context, request, response);
        return response;
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        CallContext context = new CallContext(clock.instant(), true);
        notifyRequest(context, request);
        ChatStream stream;
        try {
            stream = new StreamingChain(0, request, context).proceed(request);
        } catch (RuntimeException e) {
            notifyError(context, request, e);
            throw e;
        }
        if (listeners.isEmpty()) {
            return stream;
        }
        return new ObservingChatStream(stream,
                response -> notifyResponse(context, request, response),
                error -> notifyError(context, request, error));
    }

    private void notifyRequest(CallContext context, ChatRequest request) {
        for (ChatListener listener : listeners) {
            try {
                listener.onRequest(context, request);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed in onRequest for {}; the call goes on", listener, context.callId(), e);
            }
        }
    }

    private void notifyResponse(CallContext context, ChatRequest request, ChatResponse response) {
        for (ChatListener listener : listeners) {
            try {
                listener.onResponse(context, request, response);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed in onResponse for {}; the call goes on", listener, context.callId(), e);
            }
        }
    }

    private void notifyError(CallContext context, ChatRequest request, RuntimeException error) {
        for (ChatListener listener : listeners) {
            try {
                listener.onError(context, request, error);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed in onError for {}; the call goes on", listener, context.callId(), e);
            }
        }
    }

    /** Shows the order of the pipeline, e.g. {@code ChatPipeline[cache -> retry -> openai]}. */
    @Override
    public String toString() {
        String chain = interceptors.stream().map(ChatInterceptor::name).collect(Collectors.joining(" -> "));
        return "ChatPipeline[" + (chain.isEmpty() ? "" : chain + " -> ") + model + "]";
    }

    private final class BlockingChain implements ChatInterceptor.Chain {
        private final int index;
        private final ChatRequest request;
        private final CallContext context;

        BlockingChain(int index, ChatRequest request, CallContext context) {
            this.index = index;
            this.request = request;
            this.context = context;
        }

        @Override
        public ChatRequest request() {
            return request;
        }

        @Override
        public CallContext context() {
            return context;
        }

        @Override
        public ChatResponse proceed(ChatRequest next) {
            Objects.requireNonNull(next, "request");
            // Null checks spelled out rather than requireNonNull(x, () -> ...): the message supplier would be a
            // capturing lambda, allocated at every level of every call.
            if (index == interceptors.size()) {
                ChatResponse response = model.chat(next);
                if (response == null) {
                    throw new NullPointerException("model " + model + " returned a null response");
                }
                return response;
            }
            ChatInterceptor interceptor = interceptors.get(index);
            ChatResponse response = interceptor.intercept(new BlockingChain(index + 1, next, context));
            if (response == null) {
                throw new NullPointerException("interceptor " + interceptor.name() + " returned a null response");
            }
            return response;
        }
    }

    private final class StreamingChain implements ChatInterceptor.StreamChain {
        private final int index;
        private final ChatRequest request;
        private final CallContext context;

        StreamingChain(int index, ChatRequest request, CallContext context) {
            this.index = index;
            this.request = request;
            this.context = context;
        }

        @Override
        public ChatRequest request() {
            return request;
        }

        @Override
        public CallContext context() {
            return context;
        }

        @Override
        public ChatStream proceed(ChatRequest next) {
            Objects.requireNonNull(next, "request");
            if (index == interceptors.size()) {
                ChatStream stream = model.stream(next);
                if (stream == null) {
                    throw new NullPointerException("model " + model + " returned a null stream");
                }
                return stream;
            }
            ChatInterceptor interceptor = interceptors.get(index);
            ChatStream stream = interceptor.interceptStream(new StreamingChain(index + 1, next, context));
            if (stream == null) {
                throw new NullPointerException("interceptor " + interceptor.name() + " returned a null stream");
            }
            return stream;
        }
    }

    /**
     * Collects the model, interceptors and listeners of a pipeline.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final ChatModel model;
        private final List<ChatInterceptor> interceptors = new ArrayList<>();
        private final List<ChatListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds an interceptor inside those added before it. */
        public Builder interceptor(ChatInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds a listener, notified after those added before it. */
        public Builder listener(ChatListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock that stamps {@link CallContext#startedAt()}; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ChatPipeline build() {
            return new ChatPipeline(this);
        }
    }
}
