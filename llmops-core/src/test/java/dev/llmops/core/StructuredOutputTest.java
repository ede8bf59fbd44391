package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

    record Item(@NotBlank String product, @Positive int quantity) {
    }

    record Order(@NotBlank String customer, @Size(min = 1) List<Item> items, Optional<String> note) {
    }

    record Tagged(@JsonProperty("full_name") @NotBlank String fullName, List<@NotBlank String> tags) {
    }

    record Due(LocalDate date) {
    }

    record Range(int low, int high) {
        Range {
            if (low > high) {
                throw new IllegalArgumentException("low " + low + " is above high " + high);
            }
        }
    }

    record Basket(List<@Valid Item> items) {
    }

    record Node(@NotBlank String label, List<Node> children) {
    }

    record Labels(Set<@Size(max = 3) String> labels) {
    }

    enum Mood { HAPPY, SAD }

    record Feeling(Mood mood) {
    }

    private static final String VALID_ORDER = "{\"customer\":\"Ada\",\"items\":[{\"product\":\"tea\",\"quantity\":2}],\"note\":null}";

    /** Answers with the scripted texts, responses or exceptions, in order, and keeps every request. */
    static final class ScriptedModel implements ChatModel {
        private final Deque<Object> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        ScriptedModel(Object... answers) {
            script.addAll(List.of(answers));
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            requests.add(request);
            Object next = script.poll();
            if (next == null) {
                throw new AssertionError("unexpected call #" + requests.size());
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return next instanceof ChatResponse r ? r : response(AssistantMessage.of((String) next), FinishReason.STOP);
        }
    }

    static ChatResponse response(AssistantMessage message, FinishReason finishReason) {
        return new ChatResponse(message, new Usage(100, 20, 10), finishReason, "fake-1", "fake", Duration.ofMillis(5), "id");
    }

    private static StructuredOutputException failure(ScriptedModel model, Class<?> type) {
        try {
            StructuredOutput.defaults().chat(model, ChatRequest.of("go"), type);
        } catch (StructuredOutputException e) {
            return e;
        }
        throw new AssertionError("no StructuredOutputException");
    }

    /** The violations reported when the model gives {@code answer} to the request and to the correction. */
    private static List<String> violationsWhenAlwaysAnswering(String answer, Class<?> type) {
        ScriptedModel model = new ScriptedModel(answer, answer);
        StructuredOutputException e = failure(model, type);
        assertThat(model.requests).hasSize(2);
        assertThat(e.rawText()).isEqualTo(answer);
        return e.violations();
    }

    @Test
    void validFirstAnswerIsReturnedAfterOneAttempt() {
        ScriptedModel model = new ScriptedModel(VALID_ORDER);

        StructuredResponse<Order> result = StructuredOutput.defaults().chat(model, ChatRequest.of("order tea"), Order.class);

        assertThat(result.value()).isEqualTo(new Order("Ada", List.of(new Item("tea", 2)), Optional.empty()));
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.usage()).isEqualTo(new Usage(100, 20, 10));
        assertThat(result.response().text()).isEqualTo(VALID_ORDER);
    }

    @Test
    void requestCarriesTheSchemaAsJsonSchemaResponseFormatNamedAfterTheType() {
        ScriptedModel model = new ScriptedModel(VALID_ORDER);

        StructuredOutput.defaults().chat(model, ChatRequest.of("order tea"), Order.class);

        assertThat(model.requests.getFirst().options().responseFormat())
                .isEqualTo(new ResponseFormat.JsonSchema("Order", JsonSchemas.of(Order.class), true));
    }

    @Test
    void callersOtherOptionsAndMessagesAreKept() {
        ToolSpec tool = ToolSpec.of("lookup", "Looks a product up", "{\"type\":\"object\",\"properties\":{}}");
        ChatOptions options = ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(300).withSeed(7L)
                .withStop(List.of("END")).withTools(List.of(tool)).withMetadata(Map.of("prompt.name", "orders"))
                .withResponseFormat(ResponseFormat.JSON);
        ChatRequest request = ChatRequest.of(Message.system("Extract orders."), Message.user("tea for Ada")).withOptions(options);
        ScriptedModel model = new ScriptedModel(VALID_ORDER);

        StructuredOutput.defaults().chat(model, request, Order.class);

        ChatRequest sent = model.requests.getFirst();
        assertThat(sent.messages()).isEqualTo(request.messages());
        assertThat(sent.options().withResponseFormat(null)).isEqualTo(options.withResponseFormat(null));
        assertThat(sent.options().responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
    }

    @Test
    void strictnessCanBeTurnedOff() {
        ScriptedModel model = new ScriptedModel(VALID_ORDER);

        StructuredOutput.defaults().withStrict(false).chat(model, ChatRequest.of("go"), Order.class);

        assertThat(((ResponseFormat.JsonSchema) model.requests.getFirst().options().responseFormat()).strict()).isFalse();
    }

    @Test
    void answerInAMarkdownCodeFenceIsRead() {
        ScriptedModel model = new ScriptedModel("  ```json\n" + VALID_ORDER + "\n```\n");

        Order order = StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class).value();

        assertThat(order.customer()).isEqualTo("Ada");
    }

    @Test
    void constraintViolationIsSentBackAndTheCorrectedAnswerReturned() {
        String invalid = "{\"customer\":\"  \",\"items\":[{\"product\":\"tea\",\"quantity\":0}],\"note\":null}";
        ScriptedModel model = new ScriptedModel(invalid, VALID_ORDER);

        StructuredResponse<Order> result = StructuredOutput.defaults().chat(model, ChatRequest.of("order tea"), Order.class);

        assertThat(result.value().customer()).isEqualTo("Ada");
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.usage()).isEqualTo(new Usage(200, 40, 20));
        List<Message> retry = model.requests.get(1).messages();
        assertThat(retry).hasSize(3);
        assertThat(retry.get(0)).isEqualTo(Message.user("order tea"));
        assertThat(retry.get(1)).isEqualTo(AssistantMessage.of(invalid));
        String correction = ((UserMessage) retry.get(2)).text();
        assertThat(correction)
                .contains("- customer: must not be blank (was \"  \")")
                .contains("- items[0].quantity: must be greater than 0 (was 0)")
                .contains(JsonSchemas.of(Order.class));
        assertThat(model.requests.get(1).options()).isEqualTo(model.requests.get(0).options());
    }

    @Test
    void twoInvalidAnswersThrowWithTheLastRawTextAndItsViolations() {
        String second = "{\"customer\":\"Ada\",\"items\":[],\"note\":null}";
        ScriptedModel model = new ScriptedModel("{\"customer\":\"\",\"items\":[],\"note\":null}", second);

        StructuredOutputException e = failure(model, Order.class);

        assertThat(model.requests).hasSize(2);
        assertThat(e.rawText()).isEqualTo(second);
        assertThat(e.violations()).containsExactly("items: size must be between 1 and 2147483647 (had 0 elements)");
        assertThat(e.targetType()).isEqualTo(Order.class);
        assertThat(e.getMessage()).contains("Order").contains("after 2 attempts").contains("items: size must be between 1");
    }

    @Test
    void malformedJsonIsAViolationAndIsSentBack() {
        ScriptedModel model = new ScriptedModel("{\"customer\": \"Ada\",,}", VALID_ORDER);

        StructuredResponse<Order> result = StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class);

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(((UserMessage) model.requests.get(1).messages().get(2)).text())
                .contains("- $: is not valid JSON: Unexpected character (',' (code 44))")
                .contains("(line 1, column 20)");
    }

    @Test
    void malformedJsonTwiceKeepsTheParseErrorAsCause() {
        ScriptedModel model = new ScriptedModel("not json", "still not json");

        StructuredOutputException e = failure(model, Order.class);

        assertThat(e.rawText()).isEqualTo("still not json");
        assertThat(e.violations()).singleElement().asString().startsWith("$: is not valid JSON");
        assertThat(e.getCause()).isInstanceOf(tools.jackson.core.JacksonException.class);
    }

    @Test
    void missingRequiredPropertiesAreEachNamed() {
        assertThat(violationsWhenAlwaysAnswering("{\"items\":[{\"product\":\"tea\"}]}", Order.class)).containsExactly(
                "customer: is missing (required)",
                "items[0].quantity: is missing (required)");
    }

    @Test
    void missingPropertyThatMayBeNullIsReadAsEmpty() {
        ScriptedModel model = new ScriptedModel("{\"customer\":\"Ada\",\"items\":[{\"product\":\"tea\",\"quantity\":1}]}");

        StructuredResponse<Order> result = StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class);

        assertThat(result.value().note()).isEmpty();
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void wrongTypesAreNamedWithWhatWasFound() {
        String answer = "{\"customer\":42,\"items\":{\"product\":\"tea\"},\"note\":[\"x\"]}";

        assertThat(violationsWhenAlwaysAnswering(answer, Order.class)).containsExactly(
                "customer: expected a string, got a number (42)",
                "items: expected an array, got an object",
                "note: expected a string, got an array");
    }

    @Test
    void integerGivenAsStringIsAWrongType() {
        String answer = "{\"customer\":\"Ada\",\"items\":[{\"product\":\"tea\",\"quantity\":\"2\"}],\"note\":null}";

        assertThat(violationsWhenAlwaysAnswering(answer, Order.class))
                .containsExactly("items[0].quantity: expected an integer, got a string (\"2\")");
    }

    @Test
    void nullWhereTheSchemaForbidsItIsAViolation() {
        String answer = "{\"customer\":null,\"items\":[],\"note\":null}";

        assertThat(violationsWhenAlwaysAnswering(answer, Order.class)).containsExactly("customer: must not be null");
    }

    @Test
    void unknownEnumValueIsAViolationListingTheConstants() {
        assertThat(violationsWhenAlwaysAnswering("{\"mood\":\"angry\"}", Feeling.class))
                .containsExactly("mood: \"angry\" is not one of \"HAPPY\", \"SAD\"");
    }

    @Test
    void answerThatIsNotAnObjectIsAViolationAtTheRoot() {
        ScriptedModel model = new ScriptedModel("[1, 2]", "\"text\"");

        assertThat(failure(model, Order.class).violations()).containsExactly("$: expected an object, got a string (\"text\")");
    }

    @Test
    void violationsUseJsonPropertyNamesAndElementIndexes() {
        String answer = "{\"full_name\":\" \",\"tags\":[\"ok\",\"\"]}";

        assertThat(violationsWhenAlwaysAnswering(answer, Tagged.class))
                .containsExactly("full_name: must not be blank (was \" \")", "tags[1]: must not be blank (was \"\")");
    }

    @Test
    void violationInARecordReachedThroughValidIsReportedOnce() {
        String answer = "{\"items\":[{\"product\":\"tea\",\"quantity\":1},{\"product\":\"\",\"quantity\":1}]}";

        assertThat(violationsWhenAlwaysAnswering(answer, Basket.class)).containsExactly("items[1].product: must not be blank (was \"\")");
    }

    @Test
    void recursiveAnswerIsCheckedAndValidatedAtEveryDepth() {
        String answer = "{\"label\":\"root\",\"children\":[{\"label\":\"a\",\"children\":[{\"label\":\" \",\"children\":[]},"
                + "{\"label\":\"c\"}]}]}";

        assertThat(violationsWhenAlwaysAnswering(answer, Node.class))
                .containsExactly("children[0].children[1].children: is missing (required)");
        String invalid = answer.replace("{\"label\":\"c\"}", "{\"label\":\"c\",\"children\":[]}");

        assertThat(violationsWhenAlwaysAnswering(invalid, Node.class))
                .containsExactly("children[0].children[0].label: must not be blank (was \" \")");
    }

    @Test
    void setElementViolationHasNoIndexBecauseASetHasNoOrder() {
        String answer = "{\"labels\":[\"ok\",\"toolong\"]}";

        assertThat(violationsWhenAlwaysAnswering(answer, Labels.class))
                .containsExactly("labels[]: size must be between 0 and 3 (was \"toolong\")");
    }

    @Test
    void valueJacksonCannotReadIsAViolationNamingTheField() {
        assertThat(violationsWhenAlwaysAnswering("{\"date\":\"2024-13-45\"}", Due.class)).singleElement().asString()
                .startsWith("date: cannot be read: ")
                .contains("2024-13-45");
    }

    @Test
    void recordConstructorRejectionIsAViolationWithItsMessage() {
        assertThat(violationsWhenAlwaysAnswering("{\"low\":5,\"high\":1}", Range.class)).containsExactly("$: is rejected: low 5 is above high 1");
    }

    @Test
    void toolCallsWithoutTextAreAViolationAndNotEchoedBack() {
        ChatResponse toolCallsOnly = response(AssistantMessage.ofToolCalls(List.of(new ToolCall("c1", "lookup", "{}"))),
                FinishReason.TOOL_CALLS);
        ScriptedModel model = new ScriptedModel(toolCallsOnly, VALID_ORDER);

        StructuredResponse<Order> result = StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class);

        assertThat(result.attempts()).isEqualTo(2);
        List<Message> retry = model.requests.get(1).messages();
        assertThat(retry).hasSize(2);
        assertThat(((UserMessage) retry.get(1)).text()).contains("- $: has no text, only tool calls (lookup)");
    }

    @Test
    void emptyAnswerIsAViolation() {
        ScriptedModel model = new ScriptedModel(response(AssistantMessage.of(""), FinishReason.STOP),
                response(AssistantMessage.of(""), FinishReason.CONTENT_FILTER));

        StructuredOutputException e = failure(model, Order.class);

        assertThat(e.rawText()).isEmpty();
        assertThat(e.violations()).containsExactly("$: is empty: the provider's content filter blocked it");
    }

    @Test
    void answerCutOffAtTheTokenLimitSaysSo() {
        String cut = "{\"customer\":\"Ada\",\"items\":[{\"prod";
        ScriptedModel model = new ScriptedModel(response(AssistantMessage.of(cut), FinishReason.LENGTH),
                response(AssistantMessage.of(cut), FinishReason.LENGTH));

        assertThat(failure(model, Order.class).violations()).singleElement().asString()
                .startsWith("$: is not valid JSON (the answer was cut off at the output token limit)");
    }

    @Test
    void providerExceptionPassesThroughWithoutAnotherAttempt() {
        RateLimitedException limited = new RateLimitedException("fake", "rate_limit_exceeded", Duration.ofSeconds(3), null, null, "slow down");
        ScriptedModel model = new ScriptedModel(limited, VALID_ORDER);

        assertThatThrownBy(() -> StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class)).isSameAs(limited);
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void providerExceptionDuringTheRepairPassesThrough() {
        ProviderUnavailableException down = new ProviderUnavailableException("fake", 503, null, null, "down", null);
        ScriptedModel model = new ScriptedModel("not json", down);

        assertThatThrownBy(() -> StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Order.class)).isSameAs(down);
        assertThat(model.requests).hasSize(2);
    }

    @Test
    void zeroRepairAttemptsFailsOnTheFirstInvalidAnswer() {
        ScriptedModel model = new ScriptedModel("not json");

        assertThatThrownBy(() -> StructuredOutput.defaults().withRepairAttempts(0).chat(model, ChatRequest.of("go"), Order.class))
                .isInstanceOf(StructuredOutputException.class)
                .hasMessageContaining("after 1 attempt:");
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void moreRepairAttemptsKeepAskingWithTheWholeConversation() {
        ScriptedModel model = new ScriptedModel("one", "two", VALID_ORDER);

        StructuredResponse<Order> result = StructuredOutput.defaults().withRepairAttempts(2)
                .chat(model, ChatRequest.of("go"), Order.class);

        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.usage()).isEqualTo(new Usage(300, 60, 30));
        assertThat(model.requests.get(2).messages()).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("UserMessage", "AssistantMessage", "UserMessage", "AssistantMessage", "UserMessage");
    }

    @Test
    void negativeRepairAttemptsAreRejected() {
        assertThatThrownBy(() -> StructuredOutput.defaults().withRepairAttempts(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repairAttempts -1 is negative");
    }

    @Test
    void configuredValidatorIsUsed() {
        Validator rejectsNothing = new NoViolations(StructuredOutput.defaults().validator());
        String blank = "{\"customer\":\" \",\"items\":[{\"product\":\"tea\",\"quantity\":1}],\"note\":\"x\"}";
        ScriptedModel model = new ScriptedModel(blank);

        Order order = StructuredOutput.defaults().withValidator(rejectsNothing).chat(model, ChatRequest.of("go"), Order.class).value();

        assertThat(order.customer()).isEqualTo(" ");
        assertThat(order.note()).contains("x");
    }

    @Test
    void typeThatIsNotARecordIsRejectedBeforeAnyCall() {
        ScriptedModel model = new ScriptedModel();

        assertThatThrownBy(() -> StructuredOutput.defaults().chat(model, ChatRequest.of("go"), Mood.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Mood.class.getName() + " is not a record")
                .hasMessageContaining("record Answer(Mood value)");
        assertThat(model.requests).isEmpty();
    }

    /** A validator that finds nothing wrong, delegating the rest. */
    private record NoViolations(Validator delegate) implements Validator {
        @Override
        public <T> Set<ConstraintViolation<T>> validate(T object, Class<?>... groups) {
            return Set.of();
        }

        @Override
        public <T> Set<ConstraintViolation<T>> validateProperty(T object, String propertyName, Class<?>... groups) {
            return Set.of();
        }

        @Override
        public <T> Set<ConstraintViolation<T>> validateValue(Class<T> beanType, String propertyName, Object value, Class<?>... groups) {
            return Set.of();
        }

        @Override
        public jakarta.validation.metadata.BeanDescriptor getConstraintsForClass(Class<?> clazz) {
            return delegate.getConstraintsForClass(clazz);
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return delegate.unwrap(type);
        }

        @Override
        public jakarta.validation.executable.ExecutableValidator forExecutables() {
            return delegate.forExecutables();
        }
    }
}
