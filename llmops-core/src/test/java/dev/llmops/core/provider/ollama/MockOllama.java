package dev.llmops.core.provider.ollama;

import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A MockWebServer on 127.0.0.1 serving payloads shaped like Ollama's documented {@code /api/chat} and
 * {@code /api/embed} responses, registered with {@code @RegisterExtension}.
 */
final class MockOllama implements BeforeEachCallback, AfterEachCallback {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private MockWebServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        release.countDown();
        server.close();
    }

    String baseUrl() {
        return server.url("/").toString();
    }

    OllamaChatModel.Builder chat() {
        return OllamaChatModel.builder().baseUrl(baseUrl()).model("llama3.2").clock(CLOCK).readTimeout(Duration.ofSeconds(10));
    }

    OllamaEmbeddingModel.Builder embedding() {
        return OllamaEmbeddingModel.builder().baseUrl(baseUrl()).model("nomic-embed-text").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueue(MockResponse response) {
        server.enqueue(response);
    }

    void enqueueJson(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
                .body(json).build());
    }

    void enqueueJson(String json) {
        enqueueJson(200, json);
    }

    void enqueueNdjson(String body) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/x-ndjson").body(body).build());
    }

    /** A response whose body first writes {@code prefix}, then stalls until the test ends. */
    void enqueueStalling(String contentType, String prefix) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", contentType).body(new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(prefix);
                sink.flush();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build());
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request arrived at the mock server");
        }
        return request;
    }

    JsonNode takeBody() throws InterruptedException {
        return Json.MAPPER.readTree(take().getBody().utf8());
    }

    int requestCount() {
        return server.getRequestCount();
    }

    /** A non-streamed /api/chat response answering {@code text}. */
    static String response(String text) {
        return """
                {"model":"llama3.2","created_at":"2023-12-12T14:13:43.416799Z",
                 "message":{"role":"assistant","content":%s},
                 "done_reason":"stop","done":true,"total_duration":5191566416,"load_duration":2154458,
                 "prompt_eval_count":26,"prompt_eval_duration":383809000,"eval_count":298,"eval_duration":4799921000}
                """.formatted(Json.MAPPER.writeValueAsString(text));
    }

    /** One streamed line carrying {@code text}. */
    static String line(String text) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\","
                + "\"content\":" + Json.MAPPER.writeValueAsString(text) + "},\"done\":false}\n";
    }

    /** The final streamed line. */
    static String doneLine(String reason, int prompt, int eval) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"done_reason\":\"" + reason + "\",\"done\":true,\"total_duration\":4883583458,\"load_duration\":1334875,"
                + "\"prompt_eval_count\":" + prompt + ",\"prompt_eval_duration\":342546000,\"eval_count\":" + eval
                + ",\"eval_duration\":4535599000}\n";
    }
}
