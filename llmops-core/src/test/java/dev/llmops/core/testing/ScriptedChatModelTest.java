package dev.llmops.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.FinishReason;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {
    private static final ToolCall WEATHER = new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}");

    @Test
    void answersWithScriptedRepliesInOrder() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("one").reply("two").reply("three").build();

        assertThat(List.of(model.chat("a").text(), model.chat("b").text(), model.chat("c").text()))
                .containsExactly("one", "two", "three");
    }

    @Test
    void chatAndStreamConsumeTheSameScript() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("first").reply("second").build();

        assertThat(model.stream(ChatRequest.of("a")).collect().text()).isEqualTo("first");
        assertThat(model.chat("b").text()).isEqualTo("second");
    }

    @Test
    void builtResponseNamesTheScriptedProviderTheRequestedModelAndTheCallNumber() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").reply("b").build();
        model.chat("x");

        ChatResponse response = model.chat(ChatRequest.of("y").withModel("gpt-4o-mini"));

        assertThat(response.provider()).isEqualTo("scripted");
        assertThat(response.model()).isEqualTo("gpt-4o-mini");
        assertThat(response.id()).isEqualTo("scripted-2");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void namesTheDefaultModelWhenTheRequestNamesNone() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").build();

        assertThat(model.chat("x").model()).isEqualTo(ScriptedChatModel.DEFAULT_MODEL);
    }

    @Test
    void namesTheConfiguredDefaultModelWhenTheRequestNamesNone() {
        ScriptedChatModel model = ScriptedChatModel.builder().defaultModel("fake-4").reply("a").build();

        assertThat(model.chat("x").model()).isEqualTo("fake-4");
    }

    @Test
    void estimatesUsageAsCharactersOverFourRoundedUp() {
        // input: 9 (system) + 5 (user) = 14 characters -> 4 tokens; output: 5 characters -> 2 tokens
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Hello").build();

        ChatResponse response = model.chat(ChatRequest.of(Message.system("Be brief."), Message.user("Hi yo")));

        assertThat(response.usage()).isEqualTo(Usage.of(4, 2));
    }

    @Test
    void estimatedUsageCountsToolCallsAndToolResults() {
        // input: assistant tool call "weather" + arguments (7 + 16) + tool result "sunny" (5) + user "x" (1) = 29 -> 8
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
        ChatRequest request = ChatRequest.of(Message.user("x"), AssistantMessage.ofToolCalls(List.of(WEATHER)),
                ToolResultMessage.of(WEATHER, "sunny"));

        assertThat(model.chat(request).usage()).isEqualTo(Usage.of(8, 1));
    }

    @Test
    void usesTheUsageAndFinishReasonGivenForAReply() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply("cut off").withUsage(new Usage(100, 50, 20)).withFinishReason(FinishReason.LENGTH)
                .build();

        ChatResponse response = model.chat("x");

        assertThat(response.usage()).isEqualTo(new Usage(100, 50, 20));
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void rejectsUsageForAScriptedFailure() {
        ScriptedChatModel.Builder builder = ScriptedChatModel.builder().fail(new IllegalStateException("x"));

        assertThatThrownBy(() -> builder.withUsage(Usage.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withUsage applies to the reply added just before it")
                .hasMessageContaining("call it right after reply(...)");
    }

    @Test
    void returnsAScriptedAssistantMessage() {
        AssistantMessage message = new AssistantMessage("Checking.", List.of(WEATHER));
        ScriptedChatModel model = ScriptedChatModel.builder().reply(message).build();

        assertThat(model.chat("x").message()).isEqualTo(message);
    }

    @Test
    void returnsAScriptedResponseExactlyAsGiven() {
        ChatResponse given = new ChatResponse(AssistantMessage.of("hi"), Usage.of(1, 2), FinishReason.OTHER, "m", "openai",
                Duration.ofSeconds(3), "id-7");
        ScriptedChatModel model = ScriptedChatModel.builder().reply(given).build();

        assertThat(model.chat("x")).isEqualTo(given);
    }

    @Test
    void toolCallRepliesFinishWithToolCalls() {
        ScriptedChatModel model = ScriptedChatModel.builder().replyWithToolCalls(WEATHER).build();

        ChatResponse response = model.chat("weather in Paris?");

        assertThat(response.message().toolCalls()).containsExactly(WEATHER);
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.text()).isEmpty();
    }

    @Test
    void streamsToolCallsAsToolCallDeltas() {
        ScriptedChatModel model = ScriptedChatModel.builder().replyWithToolCalls(WEATHER).build();

        List<StreamEvent> events = readAll(model.stream(ChatRequest.of("x")));

        assertThat(events.get(0)).isEqualTo(new StreamEvent.ToolCallDelta(0, "call_1", "weather", "{\"city\":\"Paris\"}"));
        assertThat(events.get(1)).isInstanceOf(StreamEvent.Completed.class);
    }

    @Test
    void chatThrowsAScriptedFailure() {
        RateLimitedException limited = new RateLimitedException("scripted", null, Duration.ofSeconds(1), null, null, "slow down");
        ScriptedChatModel model = ScriptedChatModel.builder().fail(limited).reply("after").build();

        assertThatThrownBy(() -> model.chat("x")).isSameAs(limited);
        assertThat(model.chat("y").text()).isEqualTo("after");
    }

    @Test
    void streamThrowsAScriptedFailureBeforeReturningAStream() {
        IllegalStateException failure = new IllegalStateException("refused");
        ScriptedChatModel model = ScriptedChatModel.builder().fail(failure).build();

        assertThatThrownBy(() -> model.stream(ChatRequest.of("x"))).isSameAs(failure);
    }

    @Test
    void streamReplyYieldsExactlyTheScriptedChunksThenCompletes() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("Hel", "lo, ", "world").build();

        List<StreamEvent> events = readAll(model.stream(ChatRequest.of("x")));

        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo, "),
                new StreamEvent.TextDelta("world"));
        assertThat(((StreamEvent.Completed) events.get(3)).response().text()).isEqualTo("Hello, world");
    }

    @Test
    void chatOnAStreamReplyReturnsTheJoinedText() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("Hel", "lo").build();

        assertThat(model.chat("x").text()).isEqualTo("Hello");
    }

    @Test
    void plainReplyStreamsAsOneDelta() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Hello").build();

        List<StreamEvent> events = readAll(model.stream(ChatRequest.of("x")));

        assertThat(events).hasSize(2).first().isEqualTo(new StreamEvent.TextDelta("Hello"));
    }

    @Test
    void rejectsAnEmptyChunk() {
        assertThatThrownBy(() -> ScriptedChatModel.builder().streamReply("a", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamReply chunk 1 is empty");
    }

    @Test
    void rejectsAStreamReplyWithoutChunks() {
        assertThatThrownBy(() -> ScriptedChatModel.builder().streamReply())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one chunk");
    }

    @Test
    void streamFailureYieldsTheDeltasThenThrowsTheFailure() {
        IllegalStateException cut = new IllegalStateException("connection reset");
        ScriptedChatModel model = ScriptedChatModel.builder().streamFailure(List.of("Hel", "lo"), cut).build();
        List<StreamEvent> received = new ArrayList<>();

        try (ChatStream stream = model.stream(ChatRequest.of("x"))) {
            assertThatThrownBy(() -> stream.forEach(received::add)).isSameAs(cut);
        }

        assertThat(received).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
    }

    @Test
    void chatOnAStreamFailureThrowsTheFailure() {
        IllegalStateException cut = new IllegalStateException("connection reset");
        ScriptedChatModel model = ScriptedChatModel.builder().streamFailure(List.of("Hel"), cut).build();

        assertThatThrownBy(() -> model.chat("x")).isSameAs(cut);
    }

    @Test
    void readingAClosedStreamThrowsStreamCancelled() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("a", "b", "c").build();
        ChatStream stream = model.stream(ChatRequest.of("x"));
        Iterator<StreamEvent> events = stream.iterator();
        assertThat(events.next()).isEqualTo(new StreamEvent.TextDelta("a"));

        stream.close();

        assertThatThrownBy(events::hasNext).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void waitsTheLatencyThroughTheSleeperAndReportsIt() {
        List<Duration> slept = new CopyOnWriteArrayList<>();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .latency(Duration.ofMillis(750)).sleeper(slept::add)
                .reply("a").streamReply("b").fail(new IllegalStateException("c"))
                .build();

        ChatResponse response = model.chat("x");
        model.stream(ChatRequest.of("y")).collect();
        assertThatThrownBy(() -> model.chat("z")).isInstanceOf(IllegalStateException.class);

        assertThat(response.latency()).isEqualTo(Duration.ofMillis(750));
        assertThat(slept).containsExactly(Duration.ofMillis(750), Duration.ofMillis(750), Duration.ofMillis(750));
    }

    @Test
    void doesNotSleepWithoutALatency() {
        List<Duration> slept = new ArrayList<>();
        ScriptedChatModel model = ScriptedChatModel.builder().sleeper(slept::add).reply("a").build();

        assertThat(model.chat("x").latency()).isZero();
        assertThat(slept).isEmpty();
    }

    @Test
    void interruptedLatencyFailsAndKeepsTheInterruptFlag() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .latency(Duration.ofSeconds(1))
                .sleeper(d -> {
                    throw new InterruptedException();
                })
                .reply("a").build();

        try {
            assertThatThrownBy(() -> model.chat("x")).isInstanceOf(LlmopsException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsANegativeLatency() {
        assertThatThrownBy(() -> ScriptedChatModel.builder().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void exhaustedScriptFailsNamingTheRequestNumberAndTheFix() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").reply("b").build();
        model.chat("1");
        model.chat("2");

        assertThatThrownBy(() -> model.chat("3"))
                .isInstanceOf(ScriptExhaustedException.class)
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining("request #3")
                .hasMessageContaining("2 outcomes")
                .hasMessageContaining("Add a reply")
                .satisfies(e -> assertThat(((ScriptExhaustedException) e).requestNumber()).isEqualTo(3));
    }

    @Test
    void exhaustedScriptFailsAStreamCallToo() {
        ScriptedChatModel model = ScriptedChatModel.builder().build();

        assertThatThrownBy(() -> model.stream(ChatRequest.of("x")))
                .isInstanceOf(ScriptExhaustedException.class)
                .hasMessageContaining("request #1");
    }

    @Test
    void responderAnswersOnceTheScriptIsUsedUp() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply("scripted")
                .responder(request -> new ChatResponse(AssistantMessage.of("echo: " + ((UserMessage)
                        request.messages().get(0)).text()), Usage.ZERO, FinishReason.STOP, "m", "scripted", Duration.ZERO, ""))
                .build();

        assertThat(model.chat("a").text()).isEqualTo("scripted");
        assertThat(model.chat("b").text()).isEqualTo("echo: b");
        assertThat(model.stream(ChatRequest.of("c")).collect().text()).isEqualTo("echo: c");
    }

    @Test
    void recordsEveryRequestInOrder() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").fail(new IllegalStateException("b")).reply("c").build();
        ChatRequest first = ChatRequest.of("first");
        ChatRequest second = ChatRequest.of("second").withOptions(ChatOptions.of("m"));
        ChatRequest third = ChatRequest.of("third");

        model.chat(first);
        assertThatThrownBy(() -> model.chat(second)).isInstanceOf(IllegalStateException.class);
        model.stream(third).collect();

        assertThat(model.requests()).containsExactly(first, second, third);
        assertThat(model.lastRequest()).contains(third);
        assertThat(model.callCount()).isEqualTo(3);
        assertThat(model.remaining()).isZero();
    }

    @Test
    void countsWhatRemainsOfTheScript() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").reply("b").build();

        assertThat(model.remaining()).isEqualTo(2);
        model.chat("x");
        assertThat(model.remaining()).isEqualTo(1);
    }

    @Test
    void hasNoLastRequestBeforeTheFirstCall() {
        ScriptedChatModel model = ScriptedChatModel.builder().build();

        assertThat(model.lastRequest()).isEmpty();
        assertThat(model.requests()).isEmpty();
        assertThat(model.callCount()).isZero();
    }

    @Test
    void concurrentCallersTakeEachOutcomeExactlyOnce() throws Exception {
        int outcomes = 2_000;
        ScriptedChatModel.Builder builder = ScriptedChatModel.builder();
        IntStream.range(0, outcomes).forEach(i -> builder.reply("r" + i));
        ScriptedChatModel model = builder.build();
        Set<String> answers = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < outcomes / 8; i++) {
                        String text = i % 2 == 0 ? model.chat("q").text() : model.stream(ChatRequest.of("q")).collect().text();
                        if (!answers.add(text)) {
                            duplicates.add(text);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(duplicates).isEmpty();
        assertThat(answers).hasSize(outcomes);
        assertThat(model.callCount()).isEqualTo(outcomes);
        assertThat(model.remaining()).isZero();
        assertThat(model.requests().stream().map(r -> r.messages().size()).distinct()).containsExactly(1);
    }

    private static List<StreamEvent> readAll(ChatStream stream) {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            stream.forEach(events::add);
        }
        return events;
    }
}
