package dev.llmops.bench;

import dev.llmops.core.ChatResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * One chat call through the full llmops client ({@link dev.llmops.core.provider.openai.OpenAiChatModel}: request mapping, JSON writing, HTTP,
 * JSON parsing, response mapping) against a bare OkHttp call that builds its request from the same JSON, already
 * in bytes, and reads the body as a string, both to the same loopback server and through the same OkHttp client,
 * at concurrency 1 and 64. The difference is the library's per-call overhead: writing and parsing JSON, and
 * mapping to and from the chat types. A third pair reads the bare call's answer with Jackson's tree, as a
 * hand-written client would, to show what the JSON reading alone costs.
 *
 * <p>Run: {@code java -jar llmops-bench/target/benchmarks.jar ChatCallOverheadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 6, time = 5)
@Fork(1)
public class ChatCallOverheadBenchmark {
    private LoopbackServer server;
    private OverheadScenario scenario;

    @Setup(Level.Trial)
    public void setUp() {
        server = OverheadScenario.server();
        scenario = new OverheadScenario(server);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    @Threads(1)
    public ChatResponse llmopsConcurrency1() {
        return scenario.llmopsCall();
    }

    @Benchmark
    @Threads(1)
    public String bareOkHttpConcurrency1() throws IOException {
        return scenario.bareCall();
    }

    @Benchmark
    @Threads(1)
    public long bareOkHttpJacksonTreeConcurrency1() throws IOException {
        return scenario.bareCallParsed();
    }

    @Benchmark
    @Threads(64)
    public ChatResponse llmopsConcurrency64() {
        return scenario.llmopsCall();
    }

    @Benchmark
    @Threads(64)
    public String bareOkHttpConcurrency64() throws IOException {
        return scenario.bareCall();
    }

    @Benchmark
    @Threads(64)
    public long bareOkHttpJacksonTreeConcurrency64() throws IOException {
        return scenario.bareCallParsed();
    }
}
