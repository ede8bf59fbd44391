package dev.llmops.bench;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A blocking chat call whose 4 KB completion is served from memory: request writing plus response parsing,
 * through the public API, with no network.
 *
 * <p>Run: {@code java -jar llmops-bench/target/benchmarks.jar CompletionParseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CompletionParseBenchmark {

    private ChatModel model;
    private ChatRequest request;

    @Setup
    public void setUp() {
        model = OpenAiChatModel.builder()
                .apiKey("sk-benchmark-key-not-a-real-one")
                .model("gpt-4o-mini")
                .httpClient(InMemoryResponses.client(OpenAiFixtures.completion(4096), "application/json"))
                .build();
        request = ChatRequest.of("Explain vector indexes.");
    }

    @Benchmark
    public ChatResponse parseFourKilobyteCompletion() {
        return model.chat(request);
    }
}
