package dev.llmops.bench;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Message;
import dev.llmops.core.cache.ResponseCache;
import dev.llmops.core.cost.CostTracker;
import dev.llmops.core.guard.ContentFilterGuard;
import dev.llmops.core.guard.InputTokenGuard;
import dev.llmops.core.guard.PiiRedactor;
import dev.llmops.core.observe.LoggingListener;
import dev.llmops.core.observe.TraceListener;
import dev.llmops.core.resilience.CircuitBreaker;
import dev.llmops.core.resilience.RateLimiter;
import dev.llmops.core.resilience.Retry;
import dev.llmops.core.testing.ScriptedChatModel;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of each interceptor and listener on its own, around a model that answers at once, so a stack's
 * overhead can be traced to its parts ({@code none} is the pipeline with nothing in it).
 *
 * <p>{@code all} runs far more code than any one part (Jackson, Caffeine, SHA-256, the PII patterns), so the JIT
 * needs longer to reach steady state; on a busy machine a one-second warm-up measures compilation, not the
 * stack. Keep the default warm-up, or pass {@code -wi 5 -w 4}, before comparing {@code all} with its parts.
 *
 * <p>Run: {@code java -jar llmops-bench/target/benchmarks.jar InterceptorCostBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterceptorCostBenchmark {
    @Param({"none", "trace", "logging", "cost", "redaction", "inputGuard", "contentFilter", "cache", "retry",
            "breaker", "rateLimiter", "all"})
    String part;

    private final AtomicLong sequence = new AtomicLong();
    private ChatModel model;

    @Setup
    public void setUp() {
        ChatResponse fixed = ScriptedChatModel.builder().reply("Vector indexes find near neighbours fast.").build()
                .chat(request());
        ChatModel instant = request -> fixed;
        model = switch (part) {
            case "all" -> InterceptorStackBenchmark.stack(instant);
            case "none" -> ChatPipeline.builder(instant).build();
            case "trace" -> ChatPipeline.builder(instant).listener(TraceListener.builder().writer(Writer.nullWriter()).build()).build();
            case "logging" -> ChatPipeline.builder(instant).listener(LoggingListener.create()).build();
            case "cost" -> ChatPipeline.builder(instant).interceptor(CostTracker.create()).build();
            case "redaction" -> ChatPipeline.builder(instant).interceptor(PiiRedactor.builder().restore(true).build()).build();
            case "inputGuard" -> ChatPipeline.builder(instant).interceptor(InputTokenGuard.of(100_000)).build();
            case "contentFilter" -> ChatPipeline.builder(instant).interceptor(ContentFilterGuard.create()).build();
            case "cache" -> ChatPipeline.builder(instant)
                    .interceptor(ResponseCache.builder().cacheWhen(request -> true).maximumSize(10_000).build()).build();
            case "retry" -> ChatPipeline.builder(instant).interceptor(Retry.defaults()).build();
            case "breaker" -> ChatPipeline.builder(instant).interceptor(CircuitBreaker.of("bench")).build();
            case "rateLimiter" -> ChatPipeline.builder(instant).interceptor(RateLimiter.builder()
                    .requestsPerMinute(1_000_000_000L).tokensPerMinute(1_000_000_000L).build()).build();
            default -> throw new IllegalArgumentException("unknown part " + part);
        };
    }

    private ChatRequest request() {
        return ChatRequest.of(Message.system("You are a concise assistant for our support team."),
                        Message.user("Ticket " + sequence.incrementAndGet() + ": the customer asks how vector indexes"
                                + " speed up retrieval, and whether reindexing is needed after an upgrade."))
                .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(200));
    }

    @Benchmark
    public ChatResponse call() {
        return model.chat(request());
    }
}
