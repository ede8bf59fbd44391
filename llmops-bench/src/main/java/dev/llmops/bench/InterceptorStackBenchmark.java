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
import dev.llmops.core.internal.http.HttpClients;
import dev.llmops.core.observe.LoggingListener;
import dev.llmops.core.observe.TraceListener;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import dev.llmops.core.resilience.CircuitBreaker;
import dev.llmops.core.resilience.RateLimiter;
import dev.llmops.core.resilience.Retry;
import java.io.Writer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the whole operational stack costs per call: the OpenAI adapter to a loopback server alone, against the
 * same adapter behind every interceptor and listener llmops ships, in the order ARCHITECTURE.md gives
 * (trace and logging listeners; cost tracking with a budget; PII redaction with restore; input-token and
 * content-filter guards; an in-memory response cache that misses, since every request differs; retry; a
 * circuit breaker; a rate limiter with limits never reached). The difference of the two p50s (sample mode)
 * is the stack's per-call overhead. {@code stackOverInstantModel} runs the same stack around a model that
 * answers at once, which isolates the overhead with no network noise.
 *
 * <p>Run: {@code java -jar llmops-bench/target/benchmarks.jar InterceptorStackBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(1)
public class InterceptorStackBenchmark {
    private final AtomicLong sequence = new AtomicLong();

    private LoopbackServer server;
    private ChatModel bare;
    private ChatModel stacked;
    private ChatModel stackedInstant;

    @Setup(Level.Trial)
    public void setUp() {
        server = new LoopbackServer(OpenAiFixtures.completion(600));
        bare = OpenAiChatModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-benchmark-key-not-a-real-one")
                .httpClient(HttpClients.shared())
                .build();
        stacked = stack(bare);
        ChatResponse fixed = bare.chat(request());
        stackedInstant = stack(request -> fixed);
    }

    /**
     * Every interceptor and listener llmops ships, none of them short-circuiting. The rate limiter counts
     * requests only: the loopback answer reports 1,163 tokens, so even the largest token budget a limiter holds
     * (1e9 a minute) admits only one call per 70 us, and a stack faster than that would measure the limiter's
     * sleeps instead of its overhead.
     */
    static ChatModel stack(ChatModel model) {
        return ChatPipeline.builder(model)
                .listener(TraceListener.builder().writer(Writer.nullWriter()).build())
                .listener(LoggingListener.create())
                .interceptor(CostTracker.create())
                .interceptor(PiiRedactor.builder().restore(true).build())
                .interceptor(InputTokenGuard.of(100_000))
                .interceptor(ContentFilterGuard.create())
                .interceptor(ResponseCache.builder().cacheWhen(request -> true).maximumSize(10_000).build())
                .interceptor(Retry.defaults())
                .interceptor(CircuitBreaker.of("bench"))
                .interceptor(RateLimiter.builder().requestsPerMinute(1_000_000_000L).build())
                .build();
    }

    /** A request of realistic size, different on every call so the cache never answers. */
    private ChatRequest request() {
        return ChatRequest.of(Message.system("You are a concise assistant for our support team."),
                        Message.user("Ticket " + sequence.incrementAndGet() + ": the customer asks how vector indexes"
                                + " speed up retrieval, and whether reindexing is needed after an upgrade."))
                .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(200));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public ChatResponse providerOnly() {
        return bare.chat(request());
    }

    @Benchmark
    public ChatResponse providerWithWholeStack() {
        return stacked.chat(request());
    }

    @Benchmark
    public ChatResponse stackOverInstantModel() {
        return stackedInstant.chat(request());
    }
}
