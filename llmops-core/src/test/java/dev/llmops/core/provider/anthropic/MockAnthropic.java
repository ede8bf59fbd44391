package dev.llmops.core.provider.anthropic;

import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A MockWebServer on 127.0.0.1 serving Anthropic-shaped payloads, registered with {@code @RegisterExtension}.
 * The payloads follow the Messages API's documented wire format: the message object, the server-sent events of
 * a stream, and the error body.
 */
final class MockAnthropic extends MockProviderServer {
    static final String KEY = "sk-ant-api03-test-abcdefghijklmnopqrstuvwxyz0123456789";
    static final String MODEL = "claude-sonnet-4-5";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    String baseUrl() {
        return url("/");
    }

    /** A chat model on this server with a key, a model and the fixed clock. */
    AnthropicChatModel.Builder chat() {
        return AnthropicChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).model(MODEL).clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueueSse(String body) {
        enqueueBody("text/event-stream; charset=utf-8", body);
    }

    static String quote(String text) {
        return Json.MAPPER.writeValueAsString(text);
    }

    /** A message whose content is {@code contentBlocks} (a JSON array's inside), stopping for {@code stopReason}. */
    static String message(String contentBlocks, String stopReason) {
        return """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[%s],"stop_reason":%s,"stop_sequence":null,
                 "usage":{"input_tokens":2095,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":503,
                          "service_tier":"standard"}}
                """.formatted(contentBlocks, stopReason == null ? "null" : quote(stopReason));
    }

    /** A message answering {@code text} with {@code end_turn}. */
    static String message(String text) {
        return message(textBlock(text), "end_turn");
    }

    static String textBlock(String text) {
        return "{\"type\":\"text\",\"text\":" + quote(text) + "}";
    }

    static String toolUseBlock(String id, String name, String inputJson) {
        return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":" + inputJson + "}";
    }

    /** An Anthropic error body. */
    static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quote(message)
                + "},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    }

    // Server-sent events, each as the API writes them: an event line naming the type, the JSON data, a blank line.

    static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    static String messageStart(int inputTokens) {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}");
    }

    static String textStart(int index) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    static String textDelta(int index, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + quote(text) + "}}");
    }

    static String toolStart(int index, String id, String name) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}}");
    }

    static String jsonDelta(int index, String partialJson) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quote(partialJson) + "}}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String messageDelta(String stopReason, int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
    }

    static final String PING = event("ping", "{\"type\": \"ping\"}");

    static final String MESSAGE_STOP = event("message_stop", "{\"type\":\"message_stop\"}");
}
