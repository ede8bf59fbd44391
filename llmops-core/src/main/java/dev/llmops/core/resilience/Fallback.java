package dev.llmops.core.resilience;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ProviderException;
import dev.llmops.core.resilience.internal.FirstEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers from the next model in an ordered list when the call fails with an outage: by default a retryable
 * {@link ProviderException} (which includes a {@link CircuitOpenException}) or a client-side
 * {@link RateLimitExceededException}. Errors that another model would repeat or that someone must fix (an
 * invalid request, a bad API key) are thrown as they are; {@link Builder#when(Predicate)} changes that.
 *
 * <p>Each fallback model receives the same request, with its model id rewritten when one is given for it, and
 * may be a {@link dev.llmops.core.ChatPipeline} of its own (with its own retry and breaker). The response is
 * the fallback's own, so its {@code model()} and {@code provider()} say who answered, and the call's
 * {@link CallContext} records {@value #USED}: the answering response's model id (for a stream, the model id
 * the fallback request named, or the fallback model's {@code toString()} when it names none). When every model
 * fails, the last error is thrown, carrying the earlier ones as suppressed exceptions.
 *
 * <p>Streams fall back only before their first event (the first event is read before {@code stream()}
 * returns); once an event has reached the caller, a failure is the caller's.
 *
 * <pre>{@code
 * Fallback fallback = Fallback.builder()
 *         .to(azurePipeline)                       // same model id, another provider
 *         .to(openAiPipeline, "gpt-4o-mini")       // a smaller model, renamed in the request
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class Fallback implements ChatInterceptor {
    /** The {@link CallContext} attribute naming the model that answered instead of the primary. */
    public static final String USED = "fallback.used";

    private static final Logger LOG = LoggerFactory.getLogger(Fallback.class);

    private final List<Target> targets;
    private final Predicate<? super RuntimeException> when;

    private Fallback(Builder builder) {
        this.targets = List.copyOf(builder.targets);
        this.when = builder.when;
    }

    /** Falls back to {@code models}, in order, with the request unchanged and the default predicate. */
    public static Fallback to(ChatModel... models) {
        Objects.requireNonNull(models, "models");
        Builder builder = builder();
        for (ChatModel model : models) {
            builder.to(model);
        }
        return builder.build();
    }

    /** Starts a fallback list. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default predicate: a retryable {@link ProviderException} (an outage, a 429, an open circuit) or a
     * {@link RateLimitExceededException}.
     */
    public static boolean isOutageByDefault(RuntimeException error) {
        return error instanceof ProviderException provider && provider.isRetryable()
                || error instanceof RateLimitExceededException;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        return run(chain.context(), () -> chain.proceed(chain.request()), chain.request(),
                (target, request) -> target.model.chat(request), ChatResponse::model);
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        return run(chain.context(), () -> FirstEvent.prefetch(chain.proceed(chain.request())), chain.request(),
                (target, request) -> FirstEvent.prefetch(target.model.stream(request)), null);
    }

    @Override
    public String name() {
        return "fallback";
    }

    private <T> T run(CallContext context, Supplier<T> primary, ChatRequest request,
            BiFunction<Target, ChatRequest, T> call, Function<T, String> answeredBy) {
        RuntimeException last;
        try {
            return primary.get();
        } catch (RuntimeException e) {
            if (!when.test(e)) {
                throw e;
            }
            last = e;
        }
        for (Target target : targets) {
            ChatRequest rewritten = target.modelId == null ? request : request.withModel(target.modelId);
            LOG.debug("{} falls back to {} after {}", context.callId(), target, last.getClass().getSimpleName());
            try {
                T result = call.apply(target, rewritten);
                String used = answeredBy != null ? answeredBy.apply(result)
                        : rewritten.options().model() != null ? rewritten.options().model() : target.model.toString();
                context.put(USED, used);
                return result;
            } catch (RuntimeException e) {
                if (e != last) {
                    e.addSuppressed(last);
                }
                if (!when.test(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Override
    public String toString() {
        return "Fallback" + targets;
    }

    /** @param modelId the model id to put in the request, or null to keep the request's */
    private record Target(ChatModel model, String modelId) {
        @Override
        public String toString() {
            return modelId == null ? model.toString() : model + " as " + modelId;
        }
    }

    /**
     * Collects the fallback models, tried in the order added. Default predicate:
     * {@link Fallback#isOutageByDefault}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final List<Target> targets = new ArrayList<>();
        private Predicate<? super RuntimeException> when = Fallback::isOutageByDefault;

        private Builder() {
        }

        /** Adds a model that receives the request unchanged. */
        public Builder to(ChatModel model) {
            targets.add(new Target(Objects.requireNonNull(model, "model"), null));
            return this;
        }

        /** Adds a model that receives the request with its model id replaced by {@code modelId}. */
        public Builder to(ChatModel model, String modelId) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(modelId, "modelId");
            if (modelId.isBlank()) {
                throw new IllegalArgumentException("modelId is blank: name the model the fallback should ask for, "
                        + "e.g. \"gpt-4o-mini\", or use to(model) to keep the request's");
            }
            targets.add(new Target(model, modelId));
            return this;
        }

        /** Which errors fall back; {@link Fallback#isOutageByDefault} by default. */
        public Builder when(Predicate<? super RuntimeException> when) {
            this.when = Objects.requireNonNull(when, "when");
            return this;
        }

        public Fallback build() {
            if (targets.isEmpty()) {
                throw new IllegalStateException("no fallback model: add at least one with to(model) before build()");
            }
            return new Fallback(this);
        }
    }
}
