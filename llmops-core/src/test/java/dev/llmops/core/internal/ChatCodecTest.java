package dev.llmops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ImagePart;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolChoice;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ChatCodecTest {
    private static final String WEATHER_SCHEMA = """
            {"type": "object",
             "properties": {"city": {"type": "string"}}, "required": ["city"]}""";
    private static final ToolSpec WEATHER = ToolSpec.of("weather", "Current weather in a city", WEATHER_SCHEMA);
    private static final ToolSpec CLOCK = ToolSpec.of("clock-2", "The time now", "{}");
    private static final ToolCall CALL = new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}");

    /** Every message type, content part, option, tool, tool choice and response format, alone and together. */
    static Stream<ChatRequest> requests() {
        List<Message> conversation = List.of(
                Message.system("Answer briefly."),
                new UserMessage(List.of(new TextPart("What is in this image and what's the weather?"),
                        ImagePart.ofUrl("https://example.com/cat.png").withDetail(ImagePart.Detail.HIGH),
                        ImagePart.ofBytes(new byte[] {1, 2, 3, (byte) 0xff}, "image/png"),
                        new TextPart(""))),
                new AssistantMessage("Let me check.", List.of(CALL, new ToolCall("call_2", "clock-2", "not json"))),
                ToolResultMessage.of(CALL, "{\"celsius\":21.5}"),
                new ToolResultMessage("call_2", "clock-2", "12:00"),
                Message.assistant("A cat; 21.5 °C and sunny ☀ — \"quoted\"\n\ttabbed"),
                Message.user("Thanks"));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ChatOptions.PROMPT_NAME, "triage");
        metadata.put(ChatOptions.PROMPT_VERSION, "3");
        metadata.put("a-first", "x");
        ChatOptions full = new ChatOptions("gpt-4o-mini", 0.7, 0.95, 512, List.of("END", "\n\n"), 42L,
                ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}", true), List.of(WEATHER, CLOCK),
                ToolChoice.tool("weather"), metadata);
        List<ChatRequest> requests = new ArrayList<>(List.of(
                ChatRequest.of("Hello"),
                ChatRequest.of(conversation),
                ChatRequest.of(conversation).withOptions(full),
                ChatRequest.of("x").withOptions(ChatOptions.of("m").withTemperature(0.0)),
                ChatRequest.of("x").withOptions(ChatOptions.defaults().withTemperature(2.0).withTopP(1.0)),
                ChatRequest.of("x").withOptions(ChatOptions.defaults().withSeed(Long.MIN_VALUE).withMaxTokens(Integer.MAX_VALUE)),
                ChatRequest.of("x").withOptions(ChatOptions.defaults().withResponseFormat(ResponseFormat.TEXT)),
                ChatRequest.of("x").withOptions(ChatOptions.defaults().withResponseFormat(ResponseFormat.JSON)),
                ChatRequest.of("x").withOptions(ChatOptions.defaults()
                        .withResponseFormat(ResponseFormat.jsonSchema("s", WEATHER_SCHEMA, false))),
                ChatRequest.of("x").withOptions(ChatOptions.defaults().withMetadata("k", "v"))));
        for (ToolChoice choice : List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED, ToolChoice.tool("clock-2"))) {
            requests.add(ChatRequest.of("x").withOptions(ChatOptions.defaults().withTools(List.of(WEATHER, CLOCK))
                    .withToolChoice(choice)));
        }
        return requests.stream();
    }

    static Stream<ChatResponse> responses() {
        return Stream.of(
                new ChatResponse(AssistantMessage.of("Hi"), Usage.of(3, 1), FinishReason.STOP, "gpt-4o-mini", "openai",
                        Duration.ofMillis(250), "chatcmpl-1"),
                new ChatResponse(AssistantMessage.ofToolCalls(List.of(CALL)), new Usage(100, 20, 64), FinishReason.TOOL_CALLS,
                        "claude", "anthropic", Duration.ofNanos(123_456_789), ""),
                new ChatResponse(new AssistantMessage("partial", List.of(CALL)), Usage.ZERO, FinishReason.LENGTH, "m", "p",
                        Duration.ZERO, "id"),
                new ChatResponse(AssistantMessage.of(""), Usage.of(Long.MAX_VALUE, 0), FinishReason.CONTENT_FILTER, "m", "p",
                        Duration.ofHours(2), "id"),
                new ChatResponse(AssistantMessage.of("é ☀ \u0000"), Usage.of(1, 1), FinishReason.OTHER, "m", "p",
                        Duration.ofSeconds(1, 1), "id"));
    }

    static Stream<StreamEvent> events() {
        return Stream.concat(
                Stream.of(new StreamEvent.TextDelta("Hel"), new StreamEvent.ToolCallDelta(0, "call_1", "weather", "{\"ci"),
                        new StreamEvent.ToolCallDelta(3, null, null, "ty\":1}"), new StreamEvent.ToolCallDelta(1, "id", null, "")),
                responses().map(StreamEvent.Completed::new));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestSurvivesARoundTripThroughJsonText(ChatRequest request) {
        String text = Json.MAPPER.writeValueAsString(ChatCodec.encodeRequest(request));

        assertThat(ChatCodec.decodeRequest(Json.MAPPER.readTree(text))).isEqualTo(request);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responseSurvivesARoundTripThroughJsonText(ChatResponse response) {
        String text = Json.MAPPER.writeValueAsString(ChatCodec.encodeResponse(response));

        assertThat(ChatCodec.decodeResponse(Json.MAPPER.readTree(text))).isEqualTo(response);
    }

    @ParameterizedTest
    @MethodSource("events")
    void streamEventSurvivesARoundTripThroughJsonText(StreamEvent event) {
        String text = Json.MAPPER.writeValueAsString(ChatCodec.encodeEvent(event));

        assertThat(ChatCodec.decodeEvent(Json.MAPPER.readTree(text))).isEqualTo(event);
    }

    @Test
    void encodesUserPartsUnderPathsAReaderCanFollow() {
        ChatRequest request = ChatRequest.of(Message.system("Be exact."), Message.user("What is 2+2?"));

        JsonNode json = ChatCodec.encodeRequest(request);

        assertThat(json.at("/messages/1/parts/0/text").stringValue()).isEqualTo("What is 2+2?");
        assertThat(json.at("/messages/1/role").stringValue()).isEqualTo("user");
        assertThat(json.at("/messages/0/text").stringValue()).isEqualTo("Be exact.");
    }

    @Test
    void leavesUnsetOptionsOutAndSortsMetadata() {
        ChatOptions options = ChatOptions.of("m").withMetadata(Map.of("zeta", "1", "alpha", "2", "mid", "3"));

        JsonNode json = ChatCodec.encodeOptions(options);

        assertThat(json.propertyNames()).containsExactly("model", "metadata");
        assertThat(json.get("metadata").propertyNames()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void equalRequestsEncodeToEqualText() {
        ChatRequest a = ChatRequest.of("x").withOptions(ChatOptions.defaults().withMetadata(Map.of("b", "1", "a", "2")));
        ChatRequest b = ChatRequest.of("x").withOptions(ChatOptions.defaults().withMetadata("a", "2").withMetadata("b", "1"));

        assertThat(Json.MAPPER.writeValueAsString(ChatCodec.encodeRequest(a)))
                .isEqualTo(Json.MAPPER.writeValueAsString(ChatCodec.encodeRequest(b)));
    }

    static Stream<RuntimeException> llmopsErrors() {
        return Stream.of(
                new AuthenticationException("openai", 401, "invalid_api_key", "Incorrect API key"),
                new RateLimitedException("openai", "rate_limit_exceeded", Duration.ofSeconds(7), Duration.ofMillis(1500),
                        Duration.ofMinutes(1), "Rate limit reached"),
                new RateLimitedException("anthropic", null, null, null, null, "slow down"),
                new ContextLengthExceededException("openai", 400, "context_length_exceeded", "too long"),
                new InvalidRequestException("openai", 404, "model_not_found", "no such model"),
                new ContentFilteredException("azure", 400, "content_filter", "filtered"),
                new ProviderTimeoutException("openai", "read timeout of 30s", null),
                new ProviderUnavailableException("anthropic", 529, "overloaded_error", Duration.ofSeconds(2), "overloaded", null),
                new ResponseParseException("openai", 200, "bad json", "{\"choices\":[", null),
                new ProviderException("custom", 418, "teapot", false, Duration.ofSeconds(3), "I'm a teapot", null),
                new StreamCancelledException("closed"),
                new LlmopsException("generic"));
    }

    @ParameterizedTest
    @MethodSource("llmopsErrors")
    void llmopsErrorComesBackAsTheSameTypeWithTheSameFacts(RuntimeException error) {
        String text = Json.MAPPER.writeValueAsString(ChatCodec.encodeError(error));

        RuntimeException decoded = ChatCodec.decodeError(Json.MAPPER.readTree(text));

        assertThat(decoded).hasSameClassAs(error).hasMessage(error.getMessage());
        if (error instanceof ProviderException p) {
            ProviderException d = (ProviderException) decoded;
            assertThat(d.provider()).isEqualTo(p.provider());
            assertThat(d.statusCode()).isEqualTo(p.statusCode());
            assertThat(d.errorCode()).isEqualTo(p.errorCode());
            assertThat(d.isRetryable()).isEqualTo(p.isRetryable());
            assertThat(d.retryAfter()).isEqualTo(p.retryAfter());
        }
        if (error instanceof RateLimitedException r) {
            assertThat(((RateLimitedException) decoded).resetRequests()).isEqualTo(r.resetRequests());
            assertThat(((RateLimitedException) decoded).resetTokens()).isEqualTo(r.resetTokens());
        }
        if (error instanceof ResponseParseException r) {
            assertThat(((ResponseParseException) decoded).rawText()).isEqualTo(r.rawText());
        }
    }

    @Test
    void jdkExceptionComesBackAsItsOwnClass() {
        RuntimeException decoded = ChatCodec.decodeError(ChatCodec.encodeError(new IllegalStateException("no model named")));

        assertThat(decoded).isExactlyInstanceOf(IllegalStateException.class).hasMessage("no model named");
    }

    @Test
    void unknownProviderSubclassComesBackAsItsNearestLlmopsType() {
        RuntimeException error = new VendorRateLimit();

        RuntimeException decoded = ChatCodec.decodeError(ChatCodec.encodeError(error));

        assertThat(decoded).isExactlyInstanceOf(RateLimitedException.class)
                .hasMessage("[" + VendorRateLimit.class.getName() + "] vendor says wait");
        assertThat(((RateLimitedException) decoded).retryAfter()).contains(Duration.ofSeconds(9));
    }

    @Test
    void exceptionOfAClassNotOnTheClassPathComesBackAsItsKindNamingTheClass() {
        JsonNode node = Json.MAPPER.readTree("""
                {"class":"com.example.Gone","kind":"llmops","message":"it went away"}""");

        assertThat(ChatCodec.decodeError(node)).isExactlyInstanceOf(LlmopsException.class)
                .hasMessage("[com.example.Gone] it went away");
    }

    @Test
    void decodingNamesThePathOfAMissingValue() {
        JsonNode node = Json.MAPPER.readTree("""
                {"messages":[{"role":"system","text":"s"},{"role":"user","parts":[{"type":"text"}]}],"options":{}}""");

        assertThatThrownBy(() -> ChatCodec.decodeRequest(node))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at messages[1].parts[0].text: is missing");
    }

    @Test
    void decodingNamesThePathOfAMistypedValue() {
        JsonNode node = Json.MAPPER.readTree("""
                {"messages":[{"role":"user","parts":[{"type":"text","text":"x"}]}],"options":{"temperature":"hot"}}""");

        assertThatThrownBy(() -> ChatCodec.decodeRequest(node))
                .hasMessage("at options.temperature: expected a number but found string \"hot\"");
    }

    @Test
    void decodingNamesThePathOfAValueTheRecordRejects() {
        JsonNode node = Json.MAPPER.readTree("""
                {"messages":[{"role":"user","parts":[{"type":"text","text":"x"}]}],"options":{"temperature":9.5}}""");

        assertThatThrownBy(() -> ChatCodec.decodeRequest(node))
                .hasMessageStartingWith("at options: temperature 9.5 is outside [0, 2]");
    }

    @Test
    void decodingRejectsAnUnknownRoleListingTheKnownOnes() {
        JsonNode node = Json.MAPPER.readTree("""
                {"messages":[{"role":"bot","text":"x"}],"options":{}}""");

        assertThatThrownBy(() -> ChatCodec.decodeRequest(node))
                .hasMessage("at messages[0].role: unknown role 'bot': expected system, user, assistant or tool");
    }

    @Test
    void decodingRejectsAnInvalidDuration() {
        JsonNode node = ChatCodec.encodeResponse(responses().findFirst().orElseThrow()).put("latency", "250ms");

        assertThatThrownBy(() -> ChatCodec.decodeResponse(node))
                .hasMessage("at latency: '250ms' is not an ISO-8601 duration such as PT0.5S");
    }

    /** A provider module's own subtype, unknown to the codec. */
    static final class VendorRateLimit extends RateLimitedException {
        private static final long serialVersionUID = 1L;

        VendorRateLimit() {
            super("vendor", "slow", Duration.ofSeconds(9), null, null, "vendor says wait");
        }
    }
}
