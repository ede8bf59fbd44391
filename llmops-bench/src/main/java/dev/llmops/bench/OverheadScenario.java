package dev.llmops.bench;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Message;
import dev.llmops.core.internal.http.HttpClients;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sides of the per-call overhead comparison, against one loopback server and through the one shared OkHttp
 * client: a chat call through {@link OpenAiChatModel}; what a caller of bare OkHttp writes for the same call (a
 * request per call from JSON already in bytes, URL parsed once, the body read as text); and that bare call with
 * the answer read the way a hand-written client reads it (Jackson's tree, then the text and token counts).
 *
 * <p>Thread-safe.
 */
final class OverheadScenario {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String KEY = "sk-benchmark-key-not-a-real-one";

    private final OkHttpClient client = HttpClients.shared();
    private final ChatModel model;
    private final ChatRequest chatRequest;
    private final HttpUrl bareUrl;
    private final byte[] bareBody;
    private final JsonMapper handWrittenMapper = JsonMapper.builder().build();

    OverheadScenario(LoopbackServer server) {
        model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).httpClient(client).build();
        chatRequest = ChatRequest.of(Message.system("You are a concise assistant."), Message.user("Explain vector indexes."))
                .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(200));
        bareUrl = HttpUrl.get(server.baseUrl() + "/chat/completions");
        bareBody = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Explain vector indexes.\"}],\"temperature\":0.0,\"max_tokens\":200}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A server answering every call with the benchmarks' 600-byte completion. */
    static LoopbackServer server() {
        return new LoopbackServer(OpenAiFixtures.completion(600));
    }

    ChatResponse llmopsCall() {
        return model.chat(chatRequest);
    }

    /** {@link #bareCall()}, then the answer's text and token counts read from Jackson's tree of the body. */
    long bareCallParsed() throws IOException {
        JsonNode root = handWrittenMapper.readTree(bareCall());
        String text = root.path("choices").path(0).path("message").path("content").asString("");
        JsonNode usage = root.path("usage");
        return text.length() + usage.path("prompt_tokens").asLong(0) + usage.path("completion_tokens").asLong(0)
                + root.path("id").asString("").length();
    }

    String bareCall() throws IOException {
        Request request = new Request.Builder()
                .url(bareUrl)
                .header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(bareBody, JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code());
            }
            return response.body().string();
        }
    }
}
