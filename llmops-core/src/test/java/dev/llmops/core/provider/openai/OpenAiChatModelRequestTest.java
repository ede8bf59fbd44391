package dev.llmops.core.provider.openai;

import static dev.llmops.core.provider.openai.MockOpenAi.completion;
import static org.assertj.core.api.Assertions.assertThat;

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
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What {@link OpenAiChatModel} sends: one option or message kind per test, read from the recorded request. */
class OpenAiChatModelRequestTest {
    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";

    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private JsonNode send(ChatRequest request) throws InterruptedException {
        server.enqueueJson(completion("ok"));
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
    void postsToChatCompletionsUnderTheBaseUrl() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        server.chat().build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void sendsTheBuilderModelAndTheUserTextAsAString() throws InterruptedException {
        JsonNode body = send(ChatRequest.of("Hi there"));
        assertThat(body.get("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":\"Hi there\"}]"));
    }

    @Test
    void theRequestModelWinsOverTheBuilderModel() throws InterruptedException {
        assertThat(send(ChatRequest.of("Hi").withModel("gpt-4.1")).get("model").stringValue()).isEqualTo("gpt-4.1");
    }

    @Test
    void defaultOptionsFillWhatTheRequestLeavesUnset() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        server.chat().defaultOptions(ChatOptions.of("gpt-4.1-nano").withTemperature(0.3).withSeed(7L)).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTemperature(0.9)));
        JsonNode body = server.takeBody();
        assertThat(body.get("model").stringValue()).isEqualTo("gpt-4.1-nano");
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.9);
        assertThat(body.get("seed").longValue()).isEqualTo(7L);
    }

    @Test
    void sendsNoOptionalFieldWhenNoOptionIsSet() throws InterruptedException {
        JsonNode body = send(ChatRequest.of("Hi"));
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("model", "messages");
    }

    @Test
    void sendsTheSystemMessage() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.system("Be brief."), Message.user("Hi")));
        assertThat(body.get("messages").get(0)).isEqualTo(json("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
    }

    @Test
    void sendsImagePartsWithTheirDetail() throws InterruptedException {
        UserMessage user = UserMessage.of("What is in these?", ImagePart.ofUrl("https://example.com/cat.png").withDetail(ImagePart.Detail.LOW),
                ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png").withDetail(ImagePart.Detail.HIGH));
        JsonNode body = send(ChatRequest.of(user));
        assertThat(body.get("messages").get(0)).isEqualTo(json("""
                {"role":"user","content":[
                  {"type":"text","text":"What is in these?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID","detail":"high"}}]}
                """));
    }

    @Test
    void sendsAssistantToolCallsWithNullContent() throws InterruptedException {
        ToolCall call = new ToolCall("call_abc", "weather", "{\"city\":\"Paris\"}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "{\"temp\":21}")));
        assertThat(body.get("messages").get(1)).isEqualTo(json("""
                {"role":"assistant","content":null,"tool_calls":[
                  {"id":"call_abc","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}
                """));
    }

    @Test
    void sendsToolResultsWithTheirCallId() throws InterruptedException {
        ToolCall call = new ToolCall("call_abc", "weather", "{}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "{\"temp\":21}")));
        assertThat(body.get("messages").get(2))
                .isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_abc\",\"content\":\"{\\\"temp\\\":21}\"}"));
    }

    @Test
    void sendsAssistantText() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye")));
        assertThat(body.get("messages").get(1)).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"Hello!\"}"));
    }

    @Test
    void sendsTemperature() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withTemperature(0.2)).get("temperature").doubleValue()).isEqualTo(0.2);
    }

    @Test
    void sendsTopP() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withTopP(0.5)).get("top_p").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void sendsMaxCompletionTokensToOpenAi() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        server.chat().useMaxCompletionTokens(true).build().chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withMaxTokens(42)));
        JsonNode body = server.takeBody();
        assertThat(body.get("max_completion_tokens").intValue()).isEqualTo(42);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void sendsMaxTokensToOtherServersByDefault() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withMaxTokens(42));
        assertThat(body.get("max_tokens").intValue()).isEqualTo(42);
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void sendsMaxCompletionTokensToAzureByDefault() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        OpenAiChatModel.builder().azure(server.rootUrl(), "dep", "2024-10-21").apiKey(MockOpenAi.KEY).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withMaxTokens(42)));
        assertThat(server.takeBody().get("max_completion_tokens").intValue()).isEqualTo(42);
    }

    @Test
    void sendsStopSequences() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withStop(List.of("END", "\n\n"))).get("stop")).isEqualTo(json("[\"END\",\"\\n\\n\"]"));
    }

    @Test
    void sendsSeed() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withSeed(1234L)).get("seed").longValue()).isEqualTo(1234L);
    }

    @Test
    void sendsJsonObjectResponseFormat() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON)).get("response_format"))
                .isEqualTo(json("{\"type\":\"json_object\"}"));
    }

    @Test
    void sendsJsonSchemaResponseFormatWithTheSchemaAsAnObject() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("weather", WEATHER_SCHEMA, true)));
        assertThat(body.get("response_format")).isEqualTo(json(
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"weather\",\"schema\":" + WEATHER_SCHEMA + ",\"strict\":true}}"));
    }

    @Test
    void sendsTextResponseFormatWhenAskedExplicitly() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.TEXT)).get("response_format"))
                .isEqualTo(json("{\"type\":\"text\"}"));
    }

    @Test
    void sendsToolsAsFunctions() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTools(List.of(ToolSpec.of("weather", "Gets the weather", WEATHER_SCHEMA))));
        assertThat(body.get("tools")).isEqualTo(json("""
                [{"type":"function","function":{"name":"weather","description":"Gets the weather","parameters":%s}}]
                """.formatted(WEATHER_SCHEMA)));
    }

    @Test
    void sendsToolChoiceAuto() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.AUTO)).isEqualTo(json("\"auto\""));
    }

    @Test
    void sendsToolChoiceNone() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.NONE)).isEqualTo(json("\"none\""));
    }

    @Test
    void sendsToolChoiceRequired() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.REQUIRED)).isEqualTo(json("\"required\""));
    }

    @Test
    void sendsToolChoiceOfANamedFunction() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.tool("weather")))
                .isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}"));
    }

    private JsonNode toolChoice(ToolChoice choice) throws InterruptedException {
        return send(ChatOptions.defaults().withTools(List.of(ToolSpec.of("weather", "Gets the weather", WEATHER_SCHEMA)))
                .withToolChoice(choice)).get("tool_choice");
    }

    @Test
    void neverSendsMetadata() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        server.chat().build().chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults()
                .withMetadata(ChatOptions.PROMPT_NAME, "greeting-prompt").withMetadata("tenant", "acme-secret-tenant")));
        String raw = server.take().getBody().utf8();
        assertThat(raw).doesNotContain("greeting-prompt").doesNotContain("acme-secret-tenant").doesNotContain("metadata");
    }

    @Test
    void streamingAsksForUsageAndEventStream() throws InterruptedException {
        server.enqueueSse(MockOpenAi.contentChunk("Hi") + MockOpenAi.finishChunk("stop") + MockOpenAi.DONE);
        server.chat().build().stream(ChatRequest.of("Hi")).collect();
        RecordedRequest request = server.take();
        JsonNode body = Json.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.get("stream").booleanValue()).isTrue();
        assertThat(body.get("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void blockingCallsDoNotAskForAStream() throws InterruptedException {
        JsonNode body = send(ChatRequest.of("Hi"));
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
    }
}
