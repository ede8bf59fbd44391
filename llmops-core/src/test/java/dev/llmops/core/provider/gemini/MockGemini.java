package dev.llmops.core.provider.gemini;

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
 * A MockWebServer on 127.0.0.1 serving payloads shaped like the Gemini API's documented
 * {@code GenerateContentResponse}, SSE chunks, embeddings and Google error bodies.
 */
final class MockGemini implements BeforeEachCallback, AfterEachCallback {
    static final String KEY = "AIzaSyTestKey0123456789abcdefghijklmnopq";
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
        return server.url("/v1beta").toString();
    }

    GeminiChatModel.Builder chat() {
        return GeminiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).model("gemini-2.5-flash").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueue(MockResponse response) {
        server.enqueue(response);
    }

    void enqueueJson(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=UTF-8")
                .body(json).build());
    }

    void enqueueJson(String json) {
        enqueueJson(200, json);
    }

    void enqueueSse(String body) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    }

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

    static String quote(String text) {
        return Json.MAPPER.writeValueAsString(text);
    }

    /** A whole GenerateContentResponse answering {@code text}. */
    static String response(String text) {
        return """
                {"candidates":[{"content":{"parts":[{"text":%s}],"role":"model"},"finishReason":"STOP","index":0,
                  "safetyRatings":[{"category":"HARM_CATEGORY_HATE_SPEECH","probability":"NEGLIGIBLE"}]}],
                 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":12,"totalTokenCount":20,
                  "promptTokensDetails":[{"modality":"TEXT","tokenCount":8}]},
                 "modelVersion":"gemini-2.5-flash","responseId":"mcpWaPqPGIuo1dkP8o6kgQ4"}
                """.formatted(quote(text));
    }

    /** One SSE event carrying a chunk with these parts (JSON array body) and optional finish reason. */
    static String chunk(String parts, String finishReason) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"}"
                + (finishReason != null ? ",\"finishReason\":\"" + finishReason + "\"" : "") + ",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":3,\"totalTokenCount\":12},"
                + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}\r\n\r\n";
    }

    static String textChunk(String text) {
        return chunk("[{\"text\":" + quote(text) + "}]", null);
    }

    static String finalChunk(String text, String finishReason, int prompt, int candidates) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + quote(text) + "}],\"role\":\"model\"},"
                + "\"finishReason\":\"" + finishReason + "\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":" + prompt
                + ",\"candidatesTokenCount\":" + candidates + ",\"totalTokenCount\":" + (prompt + candidates) + "},"
                + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}\r\n\r\n";
    }

    /** A Google error body. */
    static String error(int code, String message, String status, String details) {
        return "{\"error\":{\"code\":" + code + ",\"message\":" + quote(message) + ",\"status\":\"" + status + "\""
                + (details != null ? ",\"details\":" + details : "") + "}}";
    }
}
