package dev.llmops.core.provider.gemini;

import static dev.llmops.core.provider.gemini.MockGemini.response;
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
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What {@link GeminiChatModel} sends: one option or message kind per test, read from the recorded request. */
class GeminiChatModelRequestTest {
    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}";
    private static final ToolSpec WEATHER = ToolSpec.of("weather", "Gets the weather for a city", WEATHER_SCHEMA);
    private static final ToolSpec TIME = ToolSpec.of("time", "", "{\"type\":\"object\",\"properties\":{}}");

    @RegisterExtension
    final MockGemini server = new MockGemini();

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
    void postsToGenerateContentWithTheKeyInAHeaderOnly() throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(request.getUrl().query()).isNull();
        assertThat(request.getUrl().toString()).doesNotContain(MockGemini.KEY);
        assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(MockGemini.KEY);
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(Json.MAPPER.readTree(request.getBody().utf8()))
                .isEqualTo(json("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}"));
    }

    @Test
    void theRequestModelWinsAndAModelsPrefixIsDropped() throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().build().chat(ChatRequest.of("Hi").withModel("models/gemini-2.5-pro"));
        assertThat(server.take().getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
    }

    @Test
    void noModelOrNoKeyFailsNamingTheFix() {
        assertThatThrownBy(() -> GeminiChatModel.builder().apiKey(MockGemini.KEY).baseUrl(server.baseUrl()).build().chat("Hi"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".model(\"gemini-2.5-flash\")");
        assertThatThrownBy(() -> GeminiChatModel.builder().model("gemini-2.5-flash").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GEMINI_API_KEY");
        assertThatThrownBy(() -> GeminiChatModel.builder().model("gemini-2.5-flash:generateContent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Gemini model id");
        assertThatThrownBy(() -> GeminiChatModel.builder().apiKey(" ")).hasMessageContaining("apiKey is blank");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void systemMessagesBecomeSystemInstruction() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.system("Be brief."), Message.user("Hi"), Message.system("Answer in French.")));
        assertThat(body.get("systemInstruction")).isEqualTo(json("{\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"Answer in French.\"}]}"));
        assertThat(body.get("contents")).isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]"));
    }

    @Test
    void onlySystemMessagesIsRefused() {
        assertThatThrownBy(() -> server.chat().build().chat(ChatRequest.of(Message.system("Be brief."))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one user message");
    }

    @Test
    void assistantTurnsAreRoleModel() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye")));
        assertThat(body.get("contents")).isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Hello!\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"Bye\"}]}]"));
    }

    @Test
    void inlineImagesAreInlineDataAndUrlsAreFileData() throws InterruptedException {
        ImagePart png = ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png");
        JsonNode parts = send(ChatRequest.of(UserMessage.of("Compare", png, ImagePart.ofUrl("https://example.com/cat.JPG?size=l"),
                ImagePart.ofUrl("https://generativelanguage.googleapis.com/v1beta/files/abc123")))).get("contents").get(0).get("parts");
        assertThat(parts).isEqualTo(json("[{\"text\":\"Compare\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AQID\"}},"
                + "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://example.com/cat.JPG?size=l\"}},"
                + "{\"fileData\":{\"fileUri\":\"https://generativelanguage.googleapis.com/v1beta/files/abc123\"}}]"));
    }

    @Test
    void samplingOptionsGoInGenerationConfig() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTemperature(0.2).withTopP(0.9).withMaxTokens(100).withSeed(42L)
                .withStop(List.of("END", "\n\n")));
        assertThat(body.get("generationConfig")).isEqualTo(json("{\"temperature\":0.2,\"topP\":0.9,\"maxOutputTokens\":100,"
                + "\"stopSequences\":[\"END\",\"\\n\\n\"],\"seed\":42}"));
    }

    @Test
    void noGenerationConfigWhenNothingIsSet() throws InterruptedException {
        assertThat(send(ChatOptions.defaults()).has("generationConfig")).isFalse();
    }

    @Test
    void defaultOptionsFillWhatTheRequestLeavesUnset() throws InterruptedException {
        server.enqueueJson(response("ok"));
        server.chat().defaultOptions(ChatOptions.of("gemini-2.5-pro").withTemperature(0.3).withMaxTokens(50)).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTemperature(0.9)));
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).endsWith("/models/gemini-2.5-pro:generateContent");
        assertThat(Json.MAPPER.readTree(request.getBody().utf8()).get("generationConfig"))
                .isEqualTo(json("{\"temperature\":0.9,\"maxOutputTokens\":50}"));
    }

    @Test
    void aSeedBeyond32BitsOrMoreThanFiveStopsAreRefused() {
        GeminiChatModel model = server.chat().build();
        assertThatThrownBy(() -> model.chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withSeed(1L << 40))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-bit seed");
        assertThatThrownBy(() -> model.chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults()
                .withStop(List.of("a", "b", "c", "d", "e", "f"))))).hasMessageContaining("at most 5");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void metadataIsNeverSent() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withMetadata(Map.of("prompt.name", "greeting"))).toString()).doesNotContain("greeting");
    }

    @Test
    void jsonModeSetsTheMimeType() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON)).get("generationConfig"))
                .isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
    }

    @Test
    void aJsonSchemaGoesInResponseJsonSchema() throws InterruptedException {
        JsonNode config = send(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("city", WEATHER_SCHEMA, true)))
                .get("generationConfig");
        assertThat(config).isEqualTo(json("{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":" + WEATHER_SCHEMA + "}"));
        assertThat(config.has("responseSchema")).isFalse();
    }

    @Test
    void textFormatSendsNothing() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.TEXT)).has("generationConfig")).isFalse();
    }

    @Test
    void toolsAreFunctionDeclarationsWithParametersJsonSchema() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTools(List.of(WEATHER, TIME)));
        assertThat(body.get("tools")).isEqualTo(json("[{\"functionDeclarations\":[{\"name\":\"weather\","
                + "\"description\":\"Gets the weather for a city\",\"parametersJsonSchema\":" + WEATHER_SCHEMA + "},"
                + "{\"name\":\"time\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{}}}]}]"));
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void toolChoicesMapToFunctionCallingModes() throws InterruptedException {
        ChatOptions tools = ChatOptions.defaults().withTools(List.of(WEATHER, TIME));
        assertThat(send(tools.withToolChoice(ToolChoice.AUTO)).get("toolConfig"))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}"));
        assertThat(send(tools.withToolChoice(ToolChoice.NONE)).get("toolConfig"))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"NONE\"}}"));
        assertThat(send(tools.withToolChoice(ToolChoice.REQUIRED)).get("toolConfig"))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"ANY\"}}"));
        assertThat(send(tools.withToolChoice(ToolChoice.tool("time"))).get("toolConfig"))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"time\"]}}"));
    }

    @Test
    void toolCallsAreFunctionCallPartsAndParallelResultsShareOneContent() throws InterruptedException {
        ToolCall paris = new ToolCall("call_0123456789abcdef01234567", "weather", "{\"city\":\"Paris\"}");
        ToolCall oslo = new ToolCall("call_89abcdef0123456789abcdef", "weather", "{\"city\":\"Oslo\"}");
        JsonNode contents = send(ChatRequest.of(Message.user("Weather in Paris and Oslo?"),
                new AssistantMessage("Checking.", List.of(paris, oslo)),
                ToolResultMessage.of(paris, "{\"temp\":11}"), ToolResultMessage.of(oslo, "sunny"),
                Message.user("Thanks"))).get("contents");
        assertThat(contents.get(1)).isEqualTo(json("{\"role\":\"model\",\"parts\":[{\"text\":\"Checking.\"},"
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}},"
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}}}]}"));
        assertThat(contents.get(2)).isEqualTo(json("{\"role\":\"user\",\"parts\":["
                + "{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"temp\":11}}},"
                + "{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"result\":\"sunny\"}}}]}"));
        assertThat(contents.get(3)).isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"text\":\"Thanks\"}]}"));
    }

    @Test
    void aCallIdFromGeminiAndItsThoughtSignatureGoBack() throws InterruptedException {
        ToolCall call = new ToolCall("fc-7" + ToolCallIds.SIGNATURE + "CiQBcsjafE1+sig==", "weather", "{\"city\":\"Oslo\"}");
        JsonNode contents = send(ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "[1,2]"))).get("contents");
        assertThat(contents.get(1)).isEqualTo(json("{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"fc-7\","
                + "\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"CiQBcsjafE1+sig==\"}]}"));
        assertThat(contents.get(2)).isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"fc-7\","
                + "\"name\":\"weather\",\"response\":{\"result\":[1,2]}}}]}"));
    }

    @Test
    void aCallReadFromAResponseGoesBackWithItsThoughtSignatureAndWithoutTheGeneratedId() throws InterruptedException {
        server.enqueueJson("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\","
                + "\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"EpwCCpkCAdHtim9s+sig\"}]},\"finishReason\":\"STOP\"}]}");
        GeminiChatModel model = server.chat().build();
        ChatRequest first = ChatRequest.of("Weather in Oslo?").withOptions(ChatOptions.defaults().withTools(List.of(WEATHER)));
        dev.llmops.core.ChatResponse answer = model.chat(first);
        server.take();
        ToolCall call = answer.message().toolCalls().get(0);
        JsonNode contents = send(first.withMessage(answer.message()).withMessage(ToolResultMessage.of(call, "{\"temp\":3}")))
                .get("contents");
        assertThat(contents.get(1)).isEqualTo(json("{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\","
                + "\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"EpwCCpkCAdHtim9s+sig\"}]}"));
        assertThat(contents.get(2)).isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"weather\","
                + "\"response\":{\"temp\":3}}}]}"));
    }

    @Test
    void toolCallArgumentsThatAreNotAnObjectAreRefused() {
        ToolCall call = new ToolCall("call_0123456789abcdef01234567", "weather", "[\"Paris\"]");
        assertThatThrownBy(() -> server.chat().build().chat(ChatRequest.of(Message.user("Hi"), AssistantMessage.ofToolCalls(List.of(call)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weather").hasMessageContaining("not a JSON object");
    }

    @Test
    void streamPostsToStreamGenerateContentWithAltSse() throws InterruptedException {
        server.enqueueSse(MockGemini.finalChunk("ok", "STOP", 1, 1));
        server.chat().build().stream(ChatRequest.of("Hi")).collect();
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(request.getUrl().query()).isEqualTo("alt=sse");
        assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(MockGemini.KEY);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(server.chat().build().toString()).contains("apiKey=[REDACTED]").doesNotContain(MockGemini.KEY);
    }
}
