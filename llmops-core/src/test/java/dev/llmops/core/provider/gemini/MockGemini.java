package dev.llmops.core.provider.gemini;

import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A MockWebServer on 127.0.0.1 serving payloads shaped like the Gemini API's documented
 * {@code GenerateContentResponse}, SSE chunks, embeddings and Google error bodies.
 */
final class MockGemini extends MockProviderServer {
    static final String KEY = "AIzaSyTestKey0123456789abcdefghijklmnopq";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    String baseUrl() {
        return url("/v1beta");
    }

    GeminiChatModel.Builder chat() {
        return GeminiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).model("gemini-2.5-flash").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueueSse(String body) {
        enqueueBody("text/event-stream", body);
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
