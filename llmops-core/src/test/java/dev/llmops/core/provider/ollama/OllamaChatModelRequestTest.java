package dev.llmops.core.provider.ollama;

import static dev.llmops.core.provider.ollama.MockOllama.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ImagePart;
import dev.llmops.core.Message;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolChoice;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.UserMessage;
import dev.llmops.core.internal.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** What {@link OllamaChatModel} sends to {@code /api/chat}: one option or message kind per test. */
class OllamaChatModelRequestTest {
    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final ToolSpec WEATHER = ToolSpec.of("weather", "Gets the weather for a city", WEATHER_SCHEMA);

    @RegisterExtension
    final MockOllama server = new MockOllama();

    private JsonNode send(ChatRequest request) throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().build().chat(request);
        return server.takeBody();
    }

    private JsonNode send(ChatOptions options) throws InterruptedException {
        return send(ChatRequest.of("Hi").withOptions(options));
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void postsToApiChatWithStreamFalse() throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(request.getBody().utf8());
        assertThat(body).isEqualTo(json("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":false}"));
    }

    @Test
    void theRequestModelWinsOverTheBuilderModel() throws InterruptedException {
        assertThat(send(ChatRequest.of("Hi").withModel("qwen3:8b")).get("model").stringValue()).isEqualTo("qwen3:8b");
    }

    @Test
    void defaultOptionsFillWhatTheRequestLeavesUnset() throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().defaultOptions(ChatOptions.of("mistral").withTemperature(0.3).withSeed(7L)).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTemperature(0.9)));
        JsonNode body = server.takeBody();
        assertThat(body.get("model").stringValue()).isEqualTo("mistral");
        assertThat(body.get("options")).isEqualTo(json("{\"temperature\":0.9,\"seed\":7}"));
    }

    @Test
    void noModelAnywhereFailsBeforeSendingAndNamesTheFix() {
        OllamaChatModel model = OllamaChatModel.builder().baseUrl(server.baseUrl()).build();
        assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no model named").hasMessageContaining(".model(\"llama3.2\")");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void samplingOptionsGoInOptions() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTemperature(0.2).withTopP(0.9).withSeed(42L).withMaxTokens(100)
                .withStop(List.of("\n\n", "END")));
        assertThat(body.get("options")).isEqualTo(json(
                "{\"temperature\":0.2,\"top_p\":0.9,\"seed\":42,\"num_predict\":100,\"stop\":[\"\\n\\n\",\"END\"]}"));
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void noOptionsObjectWhenNothingIsSet() throws InterruptedException {
        assertThat(send(ChatOptions.defaults()).has("options")).isFalse();
    }

    @Test
    void metadataIsNeverSent() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withMetadata(Map.of("prompt.name", "greeting")));
        assertThat(body.toString()).doesNotContain("greeting");
    }

    @Test
    void systemUserAssistantTurnsKeepTheirOrderAndRoles() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"),
                Message.user("Why is the sky blue?")));
        assertThat(body.get("messages")).isEqualTo(json("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                + "{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]"));
    }

    @Test
    void inlineImagesTravelAsBase64InImages() throws InterruptedException {
        ImagePart png = ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png");
        ImagePart jpeg = ImagePart.ofBytes(new byte[] {4, 5}, "image/jpeg");
        JsonNode message = send(ChatRequest.of(UserMessage.of("What is in these pictures?", png, jpeg))).get("messages").get(0);
        assertThat(message).isEqualTo(json("{\"role\":\"user\",\"content\":\"What is in these pictures?\",\"images\":[\"AQID\",\"BAU=\"]}"));
    }

    @Test
    void aRemoteImageUrlIsRefusedWithTheFix() {
        OllamaChatModel model = server.chat().build();
        ChatRequest request = ChatRequest.of(UserMessage.of("What is this?", ImagePart.ofUrl("https://example.com/cat.png")));
        assertThatThrownBy(() -> model.chat(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.com/cat.png").hasMessageContaining("Ollama cannot fetch")
                .hasMessageContaining("ImagePart.ofBytes");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void toolsAreSentAsFunctions() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTools(List.of(WEATHER)));
        assertThat(body.get("tools")).isEqualTo(json("[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"description\":\"Gets the weather for a city\",\"parameters\":" + WEATHER_SCHEMA + "}}]"));
    }

    @Test
    void toolChoiceAutoSendsTheTools() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withTools(List.of(WEATHER)).withToolChoice(ToolChoice.AUTO)).has("tools")).isTrue();
    }

    @Test
    void toolChoiceNoneLeavesTheToolsOut() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withTools(List.of(WEATHER)).withToolChoice(ToolChoice.NONE)).has("tools")).isFalse();
    }

    @Test
    void aRequiredOrNamedToolChoiceIsRefusedBecauseOllamaCannotEnforceIt() {
        OllamaChatModel model = server.chat().build();
        for (ToolChoice choice : List.of(ToolChoice.REQUIRED, ToolChoice.tool("weather"))) {
            ChatRequest request = ChatRequest.of("Weather?").withOptions(ChatOptions.defaults().withTools(List.of(WEATHER))
                    .withToolChoice(choice));
            assertThatThrownBy(() -> model.chat(request)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no tool_choice").hasMessageContaining("ToolChoice.AUTO");
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void assistantToolCallsSendTheirArgumentsAsAnObjectAndResultsAsToolTurns() throws InterruptedException {
        ToolCall call = new ToolCall("call_1", "weather", "{\"city\":\"Toronto\"}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather in Toronto?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "{\"temperature\":\"11C\"}")).withOptions(ChatOptions.defaults().withTools(List.of(WEATHER))));
        assertThat(body.get("messages").get(1)).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Toronto\"}}}]}"));
        assertThat(body.get("messages").get(2)).isEqualTo(json(
                "{\"role\":\"tool\",\"content\":\"{\\\"temperature\\\":\\\"11C\\\"}\",\"tool_name\":\"weather\"}"));
    }

    @Test
    void emptyToolCallArgumentsAreSentAsAnEmptyObject() throws InterruptedException {
        ToolCall call = new ToolCall("call_1", "now", "");
        JsonNode body = send(ChatRequest.of(Message.user("Time?"), AssistantMessage.ofToolCalls(List.of(call))));
        assertThat(body.get("messages").get(1).get("tool_calls").get(0).get("function").get("arguments")).isEqualTo(json("{}"));
    }

    @Test
    void toolCallArgumentsThatAreNotAnObjectAreRefusedNamingTheCall() {
        ToolCall call = new ToolCall("call_7", "weather", "{\"city\":");
        ChatRequest request = ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)));
        assertThatThrownBy(() -> server.chat().build().chat(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call_7").hasMessageContaining("weather").hasMessageContaining("not a JSON object");
    }

    @Test
    void jsonModeIsFormatJson() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON)).get("format").stringValue()).isEqualTo("json");
    }

    @Test
    void aJsonSchemaIsSentAsTheFormatObject() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("city", WEATHER_SCHEMA, true)));
        assertThat(body.get("format")).isEqualTo(json(WEATHER_SCHEMA));
    }

    @Test
    void textFormatSendsNoFormat() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.TEXT)).has("format")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"PT5M,300s", "PT0S,0s", "PT1.5S,1500ms", "PT2H,7200s"})
    void keepAliveIsSentAsAGoDuration(Duration keepAlive, String expected) throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().keepAlive(keepAlive).build().chat("Hi");
        assertThat(server.takeBody().get("keep_alive").stringValue()).isEqualTo(expected);
    }

    @Test
    void streamSendsStreamTrueAndAcceptsNdjson() throws InterruptedException {
        server.enqueueNdjson(MockOllama.line("ok") + MockOllama.doneLine("stop", 1, 1));
        server.chat().build().stream(ChatRequest.of("Hi")).collect();
        RecordedRequest request = server.take();
        assertThat(Json.MAPPER.readTree(request.getBody().utf8()).get("stream").booleanValue()).isTrue();
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/x-ndjson");
    }

    @ParameterizedTest
    @CsvSource({
        "http://localhost:11434, http://localhost:11434/",
        "localhost, http://localhost:11434/",
        "gpu-box:8080, http://gpu-box:8080/",
        ":9000, http://127.0.0.1:9000/",
        "0.0.0.0, http://127.0.0.1:11434/",
        "0.0.0.0:11434, http://127.0.0.1:11434/",
        "https://ollama.example.com, https://ollama.example.com/",
        "https://ollama.example.com/proxy/, https://ollama.example.com/proxy/",
        "'  http://10.0.0.5:11434  ', http://10.0.0.5:11434/"})
    void baseUrlIsReadLikeOllamaHost(String value, String expected) {
        assertThat(OllamaEndpoint.parseHost(value)).hasToString(expected);
    }

    @Test
    void aProxyPathIsKeptBeforeApiChat() throws InterruptedException {
        server.enqueueJson(response("ok"));
        OllamaChatModel.builder().baseUrl(server.baseUrl() + "ollama/").model("llama3.2").build().chat("Hi");
        assertThat(server.take().getUrl().encodedPath()).isEqualTo("/ollama/api/chat");
    }

    @Test
    void builderRejectsBadInputNamingTheFix() {
        assertThatThrownBy(() -> OllamaChatModel.builder().baseUrl(" ")).hasMessageContaining("baseUrl is blank");
        assertThatThrownBy(() -> OllamaChatModel.builder().baseUrl("ftp://box")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> OllamaChatModel.builder().model("")).hasMessageContaining("model is blank");
        assertThatThrownBy(() -> OllamaChatModel.builder().keepAlive(Duration.ofSeconds(-1))).hasMessageContaining("keepAlive");
        assertThatThrownBy(() -> OllamaChatModel.builder().readTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("readTimeout").hasMessageContaining("negative");
    }

    @Test
    void toStringNamesServerAndModel() {
        assertThat(server.chat().build().toString()).contains("provider=ollama")
                .contains("url=" + OllamaEndpoint.parseHost(server.baseUrl())).contains("model=llama3.2");
    }
}
