package dev.llmops.core.observe;

import java.math.BigDecimal;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.internal.SecretScrubber;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs chat calls through SLF4J, with secrets scrubbed from everything it logs:
 * <ul>
 *   <li>DEBUG, one line per successful call: call id, model, provider, latency, tokens, cost (when an
 *       interceptor recorded {@value CallAttributes#COST_USD}) and finish reason;
 *   <li>WARN, one line per failed call: call id, model, latency, the exception's type and message (no stack
 *       trace: the caller receives the exception and decides what to do with it);
 *   <li>TRACE, the request's messages and the response's text and tool calls.
 * </ul>
 * It only observes: it never throws from a call and never rethrows what it logs.
 *
 * <pre>{@code
 * ChatModel model = ChatPipeline.builder(openAi).listener(LoggingListener.create()).build();
 * // DEBUG dev.llmops.core.observe.LoggingListener - chat call-7 model=gpt-4o-mini provider=openai latency=412ms
 * //       tokens in=52 out=9 cached=0 cost=0.000013 finish=stop
 * }</pre>
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class LoggingListener implements ChatListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

    private final Logger logger;
    private final Clock clock;
    private final SecretScrubber scrubber;

    private LoggingListener(Logger logger, Clock clock, SecretScrubber scrubber) {
        this.logger = logger;
        this.clock = clock;
        this.scrubber = scrubber;
    }

    /** A listener logging to the logger named {@code dev.llmops.core.observe.LoggingListener}. */
    public static LoggingListener create() {
        return new LoggingListener(LOG, Clock.systemUTC(), SecretScrubber.standard());
    }

    /** A listener logging to {@code logger}. */
    public static LoggingListener to(Logger logger) {
        return new LoggingListener(Objects.requireNonNull(logger, "logger"), Clock.systemUTC(), SecretScrubber.standard());
    }

    /** This listener measuring the latency of failed calls on {@code clock} (successful ones report their own). */
    public LoggingListener withClock(Clock clock) {
        return new LoggingListener(logger, Objects.requireNonNull(clock, "clock"), scrubber);
    }

    @Override
    public void onRequest(CallContext context, ChatRequest request) {
        if (logger.isTraceEnabled()) {
            logger.trace("chat {} request messages={}", context.callId(), scrubber.scrub(request.messages().toString()));
        }
    }

    @Override
    public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
        if (logger.isDebugEnabled()) {
            logger.debug("chat {} model={} provider={} latency={}ms tokens in={} out={} cached={} cost={} finish={}",
                    context.callId(), response.model(), response.provider(), response.latency().toMillis(),
                    response.usage().inputTokens(), response.usage().outputTokens(),
                    response.usage().cachedInputTokens(),
                    response.cost().knownTotal().map(BigDecimal::toPlainString).orElse("unknown"),
                    TraceListener.finishReason(response.finishReason()));
        }
        if (logger.isTraceEnabled()) {
            logger.trace("chat {} response text={} toolCalls={}", context.callId(),
                    scrubber.scrub(response.text()), scrubber.scrub(response.message().toolCalls().toString()));
        }
    }

    @Override
    public void onError(CallContext context, ChatRequest request, RuntimeException error) {
        if (logger.isWarnEnabled()) {
            logger.warn("chat {} model={} failed after {}ms: {}: {}", context.callId(),
                    CallAttributes.requestModel(request), CallAttributes.elapsedMillis(context, clock),
                    error.getClass().getName(), scrubber.scrub(Objects.requireNonNullElse(error.getMessage(), "")));
        }
    }

    @Override
    public String toString() {
        return "LoggingListener[" + logger.getName() + "]";
    }
}
