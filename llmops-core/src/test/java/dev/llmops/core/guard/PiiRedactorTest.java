package dev.llmops.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Message;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.observe.CallAttributes;
import dev.llmops.core.testing.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {
    private static final String PII = "I am ana@example.com, phone +44 20 7946 0958, card 4111 1111 1111 1111, "
            + "IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, host 10.0.0.1 / fe80::1, key sk-abcdefghijklmnopqrstuvwxyz";
    private static final List<String> ORIGINALS = List.of("ana@example.com", "+44 20 7946 0958", "4111 1111 1111 1111",
            "DE89 3704 0044 0532 0130 00", "123-45-6789", "10.0.0.1", "fe80::1", "sk-abcdefghijklmnopqrstuvwxyz");

    private static ChatModel pipeline(ScriptedChatModel model, PiiRedactor redactor, ChatListener... listeners) {
        ChatPipeline.Builder builder = ChatPipeline.builder(model).interceptor(redactor);
        for (ChatListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    private static String allTextOf(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        request.messages().forEach(m -> MessageTexts.map(m, t -> {
            text.append(t).append('\n');
            return t;
        }));
        return text.toString();
    }

    @Test
    void theModelNeverSeesThePersonalData() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
        ChatRequest request = ChatRequest.of(
                Message.system("Context: " + PII),
                Message.user(PII),
                new AssistantMessage("noted ana@example.com", List.of(new ToolCall("c1", "lookup", "{\"ip\":\"10.0.0.1\"}"))),
                new ToolResultMessage("c1", "lookup", "owner ana@example.com"));

        pipeline(model, PiiRedactor.builder().build()).chat(request);

        String sent = allTextOf(model.lastRequest().orElseThrow());
        assertThat(ORIGINALS).allSatisfy(value -> assertThat(sent).doesNotContain(value));
        assertThat(sent).contains("[EMAIL_1]", "[PHONE_1]", "[CARD_1]", "[IBAN_1]", "[SSN_1]", "[IPV4_1]", "[IPV6_1]",
                "[SECRET_1]");
    }

    @Test
    void usesOnePlaceholderForOneValueAcrossTheMessagesOfACall() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();

        pipeline(model, PiiRedactor.builder().build()).chat(ChatRequest.of(
                Message.system("Reply to ana@example.com"), Message.user("I am ana@example.com, cc bo@example.com")));

        List<Message> sent = model.lastRequest().orElseThrow().messages();
        assertThat(((dev.llmops.core.SystemMessage) sent.get(0)).text()).isEqualTo("Reply to [EMAIL_1]");
        assertThat(((dev.llmops.core.UserMessage) sent.get(1)).text()).isEqualTo("I am [EMAIL_1], cc [EMAIL_2]");
    }

    @Test
    void leavesPlaceholdersInTheAnswerWithoutRestore() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Wrote to [EMAIL_1].").build();

        ChatResponse response = pipeline(model, PiiRedactor.builder().build()).chat("mail ana@example.com");

        assertThat(response.text()).isEqualTo("Wrote to [EMAIL_1].");
    }

    @Test
    void restoresTextAndToolCallArgumentsInABlockingAnswer() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply(new AssistantMessage("Wrote to [EMAIL_1] about [CARD_1].",
                        List.of(new ToolCall("c1", "send", "{\"to\":\"[EMAIL_1]\"}"))))
                .build();

        ChatResponse response = pipeline(model, PiiRedactor.builder().restore(true).build())
                .chat("mail ana@example.com about 4111 1111 1111 1111");

        assertThat(response.text()).isEqualTo("Wrote to ana@example.com about 4111 1111 1111 1111.");
        assertThat(response.message().toolCalls().get(0).arguments()).isEqualTo("{\"to\":\"ana@example.com\"}");
    }

    @Test
    void restoresAPlaceholderSplitBetweenStreamedDeltas() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .streamReply("Sure, [EMA", "IL_1] it is", ", and [", "EMAIL_1", "]. [Note] done")
                .build();
        List<String> deltas = new ArrayList<>();

        ChatResponse response;
        try (ChatStream stream = pipeline(model, PiiRedactor.builder().restore(true).build())
                .stream(ChatRequest.of("mail ana@example.com"))) {
            response = stream.collect(event -> {
                if (event instanceof StreamEvent.TextDelta delta) {
                    deltas.add(delta.text());
                }
            });
        }

        String expected = "Sure, ana@example.com it is, and ana@example.com. [Note] done";
        assertThat(String.join("", deltas)).isEqualTo(expected);
        assertThat(deltas).noneMatch(d -> d.contains("[EMA") || d.contains("IL_1]") || d.endsWith("["));
        assertThat(response.text()).isEqualTo(expected);
        assertThat(model.lastRequest().orElseThrow().messages().get(0)).isEqualTo(Message.user("mail [EMAIL_1]"));
    }

    @Test
    void releasesABracketThatCannotBeAPlaceholderAtOnce() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("see [a]", " and [", "x] end").build();
        List<String> deltas = new ArrayList<>();

        pipeline(model, PiiRedactor.builder().restore(true).build()).stream(ChatRequest.of("mail ana@example.com"))
                .collect(event -> {
                    if (event instanceof StreamEvent.TextDelta delta) {
                        deltas.add(delta.text());
                    }
                });

        assertThat(deltas).containsExactly("see [a]", " and ", "[x] end");
    }

    @Test
    void restoresStreamedToolCallArguments() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .replyWithToolCalls(new ToolCall("c1", "send", "{\"to\":\"[EMAIL_1]\"}")).build();
        StringBuilder arguments = new StringBuilder();

        ChatResponse response = pipeline(model, PiiRedactor.builder().restore(true).build())
                .stream(ChatRequest.of("mail ana@example.com"))
                .collect(event -> {
                    if (event instanceof StreamEvent.ToolCallDelta delta) {
                        arguments.append(delta.argumentsDelta());
                    }
                });

        assertThat(arguments.toString()).isEqualTo("{\"to\":\"ana@example.com\"}");
        assertThat(response.message().toolCalls().get(0).arguments()).isEqualTo("{\"to\":\"ana@example.com\"}");
    }

    @Test
    void recordsCountsPerKindInTheCallContext() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
        AtomicReference<CallContext> seen = new AtomicReference<>();
        ChatListener capture = new ChatListener() {
            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                seen.set(context);
            }
        };

        pipeline(model, PiiRedactor.builder().build(), capture).chat("ana@example.com, ana@example.com, 10.0.0.1");

        assertThat(CallAttributes.redactionCounts(seen.get())).isEqualTo(Map.of("EMAIL", 2, "IPV4", 1));
    }

    @Test
    void findsOnlyTheConfiguredKinds() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();

        pipeline(model, PiiRedactor.builder().kinds(PiiKind.EMAIL).build()).chat("ana@example.com at 10.0.0.1");

        assertThat(model.lastRequest().orElseThrow().messages().get(0)).isEqualTo(Message.user("[EMAIL_1] at 10.0.0.1"));
    }

    @Test
    void refusesABadCustomLabelNamingTheFix() {
        assertThatThrownBy(() -> PiiRedactor.builder().pattern("employee", "E-\\d+"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMPLOYEE_ID");
    }

    @Test
    void refusesToFindNothing() {
        assertThatThrownBy(() -> PiiRedactor.builder().kinds().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PiiKind");
    }
}
