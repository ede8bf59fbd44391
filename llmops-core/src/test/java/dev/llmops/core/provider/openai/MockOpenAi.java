package dev.llmops.core.provider.openai;

import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A MockWebServer on 127.0.0.1 serving OpenAI-shaped payloads, registered with {@code @RegisterExtension}.
 * The payloads follow OpenAI's documented wire format for chat completions, chunks and embeddings.
 */
final class MockOpenAi implements BeforeEachCallback, AfterEachCallback {
    static final String KEY = "sk-test-abcdefghijklmnopqrstuvwxyz0123456789";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A clock that moves {@code step} forward on every reading, so a latency is exactly one step. */
    static Clock ticking(Duration step) {
        AtomicInteger ticks = new AtomicInteger();
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plus(step.multipliedBy(ticks.getAndIncrement()));
            }
        };
    }

    private MockWebServer server;
    /** Released after each test, so a body that holds the connection open lets the server thread go. */
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
        return server.url("/v1").toString();
    }

    String rootUrl() {
        return server.url("/").toString();
    }

    /** A chat model on this server with a key, a model and the fixed clock. */
    OpenAiChatModel.Builder chat() {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).model("gpt-4o-mini").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueue(MockResponse response) {
        server.enqueue(response);
    }

    void enqueueJson(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(json).build());
    }

    void enqueueJson(String json) {
        enqueueJson(200, json);
    }

    void enqueueSse(String body) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    }

    /** A response whose headers arrive but whose body first writes {@code prefix}, then stalls until the test ends. */
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

    /** A non-streamed chat completion answering {@code text}. */
    static String completion(String text) {
        return """
                {"id":"chatcmpl-123","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null,"annotations":[]},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                          "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                          "completion_tokens_details":{"reasoning_tokens":0}},
                 "service_tier":"default"}
                """.formatted(Json.MAPPER.writeValueAsString(text));
    }

    /** One SSE event carrying a chat.completion.chunk with {@code choices[0]} = {@code choice}. */
    static String chunk(String choice) {
        return "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[" + choice + "]}\n\n";
    }

    static String contentChunk(String text) {
        return chunk("{\"index\":0,\"delta\":{\"content\":" + Json.MAPPER.writeValueAsString(text) + "},\"logprobs\":null,\"finish_reason\":null}");
    }

    static String finishChunk(String reason) {
        return chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + reason + "\"}");
    }

    static String usageChunk(int prompt, int completion, int cached) {
        return "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}\n\n";
    }

    static final String DONE = "data: [DONE]\n\n";
}
