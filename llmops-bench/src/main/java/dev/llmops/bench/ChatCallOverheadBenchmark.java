package dev.llmops.bench;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Message;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
 * One chat call through the full llmops client ({@link OpenAiChatModel}: request mapping, JSON writing, HTTP,
 * JSON parsing, response mapping) against a bare OkHttp call that builds its request from the same JSON, already
 * in bytes, and reads the body as a string, both to the same loopback server and through the same OkHttp client,
 * at concurrency 1 and 64. The difference is the library's per-call overhead: writing and parsing JSON, and
 * mapping to and from the chat types.
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
    private static final MediaType JSON = MediaType.get("application/json");

    private LoopbackServer server;
    private OkHttpClient client;
    private ChatModel model;
    private ChatRequest chatRequest;
    private HttpUrl bareUrl;
    private byte[] bareBody;

    @Setup(Level.Trial)
    public void setUp() {
        server = new LoopbackServer(OpenAiFixtures.completion(600));
        client = dev.llmops.core.internal.http.HttpClients.shared();
        model = OpenAiChatModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-benchmark-key-not-a-real-one")
                .httpClient(client)
                .build();
        chatRequest = ChatRequest.of(Message.system("You are a concise assistant."), Message.user("Explain vector indexes."))
                .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(200));
        bareBody = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Explain vector indexes.\"}],\"temperature\":0.0,\"max_tokens\":200}")
                .getBytes(StandardCharsets.UTF_8);
        bareUrl = HttpUrl.get(server.baseUrl() + "/chat/completions");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    /** What a caller of OkHttp writes: a request per call (with the JSON already in bytes), the body read as text. */
    private String bareCall() throws IOException {
        Request request = new Request.Builder()
                .url(bareUrl)
                .header("Authorization", "Bearer sk-benchmark-key-not-a-real-one")
                .post(RequestBody.create(bareBody, JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code());
            }
            return response.body().string();
        }
    }

    @Benchmark
    @Threads(1)
    public ChatResponse llmopsConcurrency1() {
        return model.chat(chatRequest);
    }

    @Benchmark
    @Threads(1)
    public String bareOkHttpConcurrency1() throws IOException {
        return bareCall();
    }

    @Benchmark
    @Threads(64)
    public ChatResponse llmopsConcurrency64() {
        return model.chat(chatRequest);
    }

    @Benchmark
    @Threads(64)
    public String bareOkHttpConcurrency64() throws IOException {
        return bareCall();
    }
}
