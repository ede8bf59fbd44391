package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.message;
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
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What {@link AnthropicChatModel} sends: one option or message kind per test, read from the recorded request. */
class AnthropicChatModelRequestTest {
    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
    private static final ToolSpec WEATHER = ToolSpec.of("weather", "Gets the weather", WEATHER_SCHEMA);

    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

    private JsonNode send(ChatRequest request) throws InterruptedException {
        server.enqueueJson(message("ok"));
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
    void postsToV1MessagesUnderTheBaseUrl() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void sendsTheKeyAsXApiKeyAndTheVersionButNoAuthorization() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(MockAnthropic.KEY);
        assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void theVersionAndExtraHeadersCanBeSet() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().anthropicVersion("2024-01-01").header("anthropic-beta", "prompt-caching-2024-07-31").build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2024-01-01");
        assertThat(request.getHeaders().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
    }

    @Test
    void sendsTheModelTheDefaultMaxTokensAndTheUserTextAsATextBlock() throws InterruptedException {
        JsonNode body = send(ChatRequest.of("Hi there"));
        assertThat(body.get("model").stringValue()).isEqualTo(MockAnthropic.MODEL);
        assertThat(body.get("max_tokens").intValue()).isEqualTo(AnthropicChatModel.DEFAULT_MAX_TOKENS);
        assertThat(body.get("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi there\"}]}]"));
    }

    @Test
    void sendsNoOptionalFieldWhenNoOptionIsSet() throws InterruptedException {
        assertThat(send(ChatRequest.of("Hi")).propertyNames()).containsExactlyInAnyOrder("model", "max_tokens", "messages");
    }

    @Test
    void theRequestModelWinsOverTheBuilderModel() throws InterruptedException {
        assertThat(send(ChatRequest.of("Hi").withModel("claude-haiku-4-5")).get("model").stringValue()).isEqualTo("claude-haiku-4-5");
    }

    @Test
    void theOptionsMaxTokensWinsOverTheBuilderDefault() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().defaultMaxTokens(1000).build().chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withMaxTokens(42)));
        assertThat(server.takeBody().get("max_tokens").intValue()).isEqualTo(42);
    }

    @Test
    void theBuilderDefaultMaxTokensIsSentWhenTheOptionsSetNone() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().defaultMaxTokens(1000).build().chat("Hi");
        assertThat(server.takeBody().get("max_tokens").intValue()).isEqualTo(1000);
    }

    @Test
    void defaultOptionsFillWhatTheRequestLeavesUnset() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().defaultOptions(ChatOptions.of("claude-opus-4-1").withTemperature(0.3).withMaxTokens(77)).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTemperature(0.9)));
        JsonNode body = server.takeBody();
        assertThat(body.get("model").stringValue()).isEqualTo("claude-opus-4-1");
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.9);
        assertThat(body.get("max_tokens").intValue()).isEqualTo(77);
    }

    @Test
    void hoistsSystemMessagesIntoTheTopLevelSystemJoined() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"),
                Message.system("Answer in French."), Message.user("Bye")));
        assertThat(body.get("system").stringValue()).isEqualTo("Be brief.\n\nAnswer in French.");
        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"Hi"}]},
                 {"role":"assistant","content":[{"type":"text","text":"Hello!"}]},
                 {"role":"user","content":[{"type":"text","text":"Bye"}]}]
                """));
    }

    @Test
    void mergesConsecutiveUserMessagesIntoOneTurn() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.user("First."), Message.user("Second.")));
        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"First."},{"type":"text","text":"Second."}]}]
                """));
    }

    @Test
    void mergesConsecutiveAssistantMessagesIntoOneTurn() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.user("Hi"), Message.assistant("One."), Message.assistant("Two."), Message.user("Go on")));
        assertThat(body.get("messages").get(1)).isEqualTo(json("""
                {"role":"assistant","content":[{"type":"text","text":"One."},{"type":"text","text":"Two."}]}
                """));
        assertThat(body.get("messages")).hasSize(3);
    }

    @Test
    void sendsAUrlImageAsAUrlSource() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(UserMessage.of("What is in this?", ImagePart.ofUrl("https://example.com/cat.png"))));
        assertThat(body.get("messages").get(0)).isEqualTo(json("""
                {"role":"user","content":[
                  {"type":"text","text":"What is in this?"},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}}]}
                """));
    }

    @Test
    void sendsADataUrlImageAsABase64SourceWithItsMediaType() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(UserMessage.of("And this?", ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png"))));
        assertThat(body.get("messages").get(0).get("content").get(1)).isEqualTo(json("""
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}}
                """));
    }

    @Test
    void sendsAssistantTextAndToolUseBlocksWithTheInputAsAnObject() throws InterruptedException {
        ToolCall call = new ToolCall("toolu_01A09q90qw90lq917835lq9", "weather", "{\"city\":\"Paris\"}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather?"), new AssistantMessage("Let me check.", List.of(call)),
                ToolResultMessage.of(call, "{\"temp\":21}")));
        assertThat(body.get("messages").get(1)).isEqualTo(json("""
                {"role":"assistant","content":[
                  {"type":"text","text":"Let me check."},
                  {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"weather","input":{"city":"Paris"}}]}
                """));
    }

    @Test
    void sendsEmptyToolArgumentsAsAnEmptyObjectAndNoEmptyTextBlock() throws InterruptedException {
        ToolCall call = new ToolCall("toolu_1", "clock", "");
        JsonNode body = send(ChatRequest.of(Message.user("Time?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "12:00")));
        assertThat(body.get("messages").get(1)).isEqualTo(json("""
                {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"clock","input":{}}]}
                """));
    }

    @Test
    void toolArgumentsThatAreNotAnObjectFailNamingTheCall() {
        ToolCall call = new ToolCall("toolu_1", "weather", "[1,2]");
        ChatRequest request = ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "ok"));
        assertThatThrownBy(() -> server.chat().build().chat(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toolu_1").hasMessageContaining("weather").hasMessageContaining("not a JSON object");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void sendsToolResultsAsToolResultBlocksOfAUserTurn() throws InterruptedException {
        ToolCall call = new ToolCall("toolu_1", "weather", "{}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather?"), AssistantMessage.ofToolCalls(List.of(call)),
                ToolResultMessage.of(call, "{\"temp\":21}")));
        assertThat(body.get("messages").get(2)).isEqualTo(json("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"{\\"temp\\":21}"}]}
                """));
    }

    @Test
    void mergesConsecutiveToolResultsAndAFollowingUserMessageIntoOneUserTurn() throws InterruptedException {
        ToolCall a = new ToolCall("toolu_a", "weather", "{\"city\":\"Paris\"}");
        ToolCall b = new ToolCall("toolu_b", "time", "{\"tz\":\"CET\"}");
        JsonNode body = send(ChatRequest.of(Message.user("Weather and time?"), AssistantMessage.ofToolCalls(List.of(a, b)),
                ToolResultMessage.of(a, "21C"), ToolResultMessage.of(b, "12:00"), Message.user("Summarise.")));
        assertThat(body.get("messages")).hasSize(3);
        assertThat(body.get("messages").get(2)).isEqualTo(json("""
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_a","content":"21C"},
                  {"type":"tool_result","tool_use_id":"toolu_b","content":"12:00"},
                  {"type":"text","text":"Summarise."}]}
                """));
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
    void sendsStopSequences() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withStop(List.of("END", "\n\nHuman:")));
        assertThat(body.get("stop_sequences")).isEqualTo(json("[\"END\",\"\\n\\nHuman:\"]"));
        assertThat(body.has("stop")).isFalse();
    }

    @Test
    void neverSendsTheSeedWhichTheApiLacks() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withSeed(1234L));
        assertThat(body.has("seed")).isFalse();
        assertThat(body.toString()).doesNotContain("1234");
    }

    @Test
    void neverSendsMetadata() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().build().chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults()
                .withMetadata(ChatOptions.PROMPT_NAME, "greeting-prompt").withMetadata("tenant", "acme-secret-tenant")));
        String raw = server.take().getBody().utf8();
        assertThat(raw).doesNotContain("greeting-prompt").doesNotContain("acme-secret-tenant").doesNotContain("metadata");
    }

    @Test
    void sendsToolsWithTheirInputSchema() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTools(List.of(WEATHER, ToolSpec.of("clock", "", "{\"type\":\"object\"}"))));
        assertThat(body.get("tools")).isEqualTo(json("""
                [{"name":"weather","description":"Gets the weather","input_schema":%s},
                 {"name":"clock","input_schema":{"type":"object"}}]
                """.formatted(WEATHER_SCHEMA)));
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void sendsToolChoiceAuto() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.AUTO)).isEqualTo(json("{\"type\":\"auto\"}"));
    }

    @Test
    void sendsToolChoiceNone() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.NONE)).isEqualTo(json("{\"type\":\"none\"}"));
    }

    @Test
    void sendsToolChoiceRequiredAsAny() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.REQUIRED)).isEqualTo(json("{\"type\":\"any\"}"));
    }

    @Test
    void sendsToolChoiceOfANamedTool() throws InterruptedException {
        assertThat(toolChoice(ToolChoice.tool("weather"))).isEqualTo(json("{\"type\":\"tool\",\"name\":\"weather\"}"));
    }

    private JsonNode toolChoice(ToolChoice choice) throws InterruptedException {
        return send(ChatOptions.defaults().withTools(List.of(WEATHER)).withToolChoice(choice)).get("tool_choice");
    }

    @Test
    void aToolChoiceWithoutToolsIsNotSent() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withToolChoice(ToolChoice.NONE)).has("tool_choice")).isFalse();
        assertThat(send(ChatOptions.defaults().withToolChoice(ToolChoice.AUTO)).has("tool_choice")).isFalse();
    }

    @Test
    void aRequestWithOnlySystemMessagesFailsBeforeSending() {
        assertThatThrownBy(() -> server.chat().build().chat(ChatRequest.of(Message.system("Be brief."))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no user or assistant message").hasMessageContaining("Message.user");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void sendsAJsonSchemaAsAToolTheModelMustCall() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("Verdict", WEATHER_SCHEMA, true)));
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.get("tools").get(0).get("name").stringValue()).isEqualTo("Verdict");
        assertThat(body.get("tools").get(0).get("input_schema")).isEqualTo(json(WEATHER_SCHEMA));
        assertThat(body.get("tools").get(0).get("description").stringValue()).contains("answer");
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"Verdict\"}"));
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void aJsonSchemaWithOtherToolsLetsTheModelCallAnyTool() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withTools(List.of(WEATHER))
                .withResponseFormat(ResponseFormat.jsonSchema("Verdict", WEATHER_SCHEMA, true)));
        assertThat(body.get("tools")).hasSize(2);
        assertThat(body.get("tools").get(0).get("name").stringValue()).isEqualTo("weather");
        assertThat(body.get("tools").get(1).get("name").stringValue()).isEqualTo("Verdict");
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
    }

    @Test
    void aJsonSchemaNamedLikeAnOfferedToolFails() {
        ChatRequest request = ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTools(List.of(WEATHER))
                .withResponseFormat(ResponseFormat.jsonSchema("weather", WEATHER_SCHEMA, true)));
        assertThatThrownBy(() -> server.chat().build().chat(request))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'weather'").hasMessageContaining("rename");
    }

    @Test
    void aJsonSchemaWithAForcedToolChoiceFails() {
        ChatRequest request = ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withTools(List.of(WEATHER))
                .withToolChoice(ToolChoice.tool("weather")).withResponseFormat(ResponseFormat.jsonSchema("Verdict", WEATHER_SCHEMA, true)));
        assertThatThrownBy(() -> server.chat().build().chat(request))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool choice").hasMessageContaining("response format");
    }

    @Test
    void jsonModeAddsAnInstructionToTheSystemPrompt() throws InterruptedException {
        JsonNode body = send(ChatRequest.of(Message.system("You grade essays."), Message.user("Grade this."))
                .withOptions(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON)));
        assertThat(body.get("system").stringValue()).isEqualTo("You grade essays.\n\n" + ChatRequestWriter.JSON_INSTRUCTION);
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void jsonModeWithoutASystemMessageIsTheWholeSystemPrompt() throws InterruptedException {
        JsonNode body = send(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON));
        assertThat(body.get("system").stringValue()).isEqualTo(ChatRequestWriter.JSON_INSTRUCTION);
    }

    @Test
    void aTextResponseFormatSendsNothing() throws InterruptedException {
        assertThat(send(ChatOptions.defaults().withResponseFormat(ResponseFormat.TEXT)).propertyNames())
                .containsExactlyInAnyOrder("model", "max_tokens", "messages");
    }

    @Test
    void streamingAsksForAStreamOfEvents() throws InterruptedException {
        server.enqueueSse(MockAnthropic.messageStart(5) + MockAnthropic.textStart(0) + MockAnthropic.textDelta(0, "Hi")
                + MockAnthropic.blockStop(0) + MockAnthropic.messageDelta("end_turn", 2) + MockAnthropic.MESSAGE_STOP);
        server.chat().build().stream(ChatRequest.of("Hi")).collect();
        RecordedRequest request = server.take();
        JsonNode body = Json.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.get("stream").booleanValue()).isTrue();
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(MockAnthropic.KEY);
    }

    @Test
    void blockingCallsDoNotAskForAStream() throws InterruptedException {
        assertThat(send(ChatRequest.of("Hi")).has("stream")).isFalse();
    }
}
