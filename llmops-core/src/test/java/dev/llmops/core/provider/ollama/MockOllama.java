package dev.llmops.core.provider.ollama;

import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A MockWebServer on 127.0.0.1 serving payloads shaped like Ollama's documented {@code /api/chat} and
 * {@code /api/embed} responses, registered with {@code @RegisterExtension}.
 */
final class MockOllama extends MockProviderServer {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    String baseUrl() {
        return url("/");
    }

    OllamaChatModel.Builder chat() {
        return OllamaChatModel.builder().baseUrl(baseUrl()).model("llama3.2").clock(CLOCK).readTimeout(Duration.ofSeconds(10));
    }

    OllamaEmbeddingModel.Builder embedding() {
        return OllamaEmbeddingModel.builder().baseUrl(baseUrl()).model("nomic-embed-text").clock(CLOCK)
                .readTimeout(Duration.ofSeconds(10));
    }

    void enqueueNdjson(String body) {
        enqueueBody("application/x-ndjson", body);
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
