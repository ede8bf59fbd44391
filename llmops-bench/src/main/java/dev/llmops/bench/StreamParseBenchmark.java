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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a streamed chat completion: {@code chunks} SSE chunks shaped like OpenAI's, served from memory, read
 * through the public API ({@code model.stream(request).collect()}): SSE framing, JSON parsing of every chunk,
 * delta events and assembly of the final response. Throughput in MB/s is the body size divided by the time
 * per operation; {@link #main} prints the body size.
 *
 * <p>Run: {@code java -jar llmops-bench/target/benchmarks.jar StreamParseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StreamParseBenchmark {

    @Param("1000")
    int chunks;

    private ChatModel model;
    private ChatRequest request;

    @Setup
    public void setUp() {
        model = OpenAiChatModel.builder()
                .apiKey("sk-benchmark-key-not-a-real-one")
                .model("gpt-4o-mini")
                .httpClient(InMemoryResponses.client(OpenAiFixtures.sseStream(chunks), "text/event-stream"))
                .build();
        request = ChatRequest.of("Tell me a story about a fox.");
    }

    @Benchmark
    public ChatResponse streamOneThousandChunks() {
        return model.stream(request).collect();
    }

    /** Prints the size of the benchmarked body. */
    public static void main(String[] args) {
        System.out.println("1000-chunk SSE body: " + OpenAiFixtures.sseStream(1000).length + " bytes");
        System.out.println("4 KB completion body: " + OpenAiFixtures.completion(4096).length + " bytes");
    }
}
