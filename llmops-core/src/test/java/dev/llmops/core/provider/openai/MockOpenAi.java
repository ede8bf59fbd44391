package dev.llmops.core.provider.openai;

import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A MockWebServer on 127.0.0.1 serving OpenAI-shaped payloads, registered with {@code @RegisterExtension}.
 * The payloads follow OpenAI's documented wire format for chat completions, chunks and embeddings.
 */
final class MockOpenAi extends MockProviderServer {
    static final String KEY = "sk-test-abcdefghijklmnopqrstuvwxyz0123456789";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    String baseUrl() {
        return url("/v1");
    }

    String rootUrl() {
        return url("/");
    }

    /** A chat model on this server with a key, a model and the fixed clock. */
    OpenAiChatModel.Builder chat() {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey(KEY).model("gpt-4o-mini").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueueSse(String body) {
        enqueueBody("text/event-stream", body);
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
