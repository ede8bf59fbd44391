package dev.llmops.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.FinishReason;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.Usage;
import dev.llmops.core.cost.CostTracker;
import dev.llmops.core.cost.MutableClock;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private static final ChatOptions DETERMINISTIC = ChatOptions.of("gpt-4o-mini").withTemperature(0.0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** Answers every call with "answer <n>" for the n-th call, so a test can tell fresh answers apart. */
    private final ScriptedChatModel model = ScriptedChatModel.builder()
            .responder(new Function<>() {
                private int calls;

                @Override
                public synchronized ChatResponse apply(ChatRequest request) {
                    calls++;
                    return new ChatResponse(AssistantMessage.of("answer " + calls), Usage.of(10, 5),
                            FinishReason.STOP, "gpt-4o-mini", "scripted", Duration.ofMillis(700),
                            "id-" + calls);
                }
            })
            .build();

    private ChatModel cached(ResponseCache cache) {
        return ChatPipeline.builder(model).interceptor(cache).build();
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.of(text).withOptions(DETERMINISTIC);
    }

    @Test
    void sameRequestIsAnsweredFromTheCache() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());

        ChatResponse first = chat.chat(ask("capital of France?"));
        ChatResponse second = chat.chat(ask("capital of France?"));

        assertThat(second.text()).isEqualTo(first.text());
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void hitHasZeroLatencyAndCachedCost() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ask("q"));

        ChatResponse hit = chat.chat(ask("q"));

        assertThat(hit.latency()).isZero();
        assertThat(hit.cost()).isEqualTo(Cost.CACHED);
    }

    @Test
    void hitAndMissAreRecordedInTheCallContext() {
        List<Object> hits = new CopyOnWriteArrayList<>();
        ChatModel chat = ChatPipeline.builder(model).interceptor(ResponseCache.builder().clock(clock).build())
                .listener(new ChatListener() {
                    @Override
                    public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                        hits.add(context.get(ResponseCache.HIT_ATTRIBUTE, Boolean.class).orElseThrow());
                    }
                }).build();

        chat.chat(ask("q"));
        chat.chat(ask("q"));

        assertThat(hits).containsExactly(false, true);
    }

    @Test
    void differentTemperatureMisses() {
        ChatModel chat = cached(ResponseCache.builder().cacheWhen(r -> true).clock(clock).build());
        chat.chat(ask("q"));

        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withTemperature(0.7)));

        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void differentToolsMiss() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ask("q"));

        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withTools(List.of(
                ToolSpec.of("weather", "the weather in a city", "{\"type\":\"object\"}")))));

        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void differentResponseSchemaMisses() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withResponseFormat(ResponseFormat.jsonSchema("a",
                "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}", true))));

        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withResponseFormat(ResponseFormat.jsonSchema("a",
                "{\"type\":\"object\",\"properties\":{\"y\":{\"type\":\"string\"}}}", true))));

        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void schemaSpacingAndPropertyOrderDoNotChangeTheKey() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withResponseFormat(ResponseFormat.jsonSchema("a",
                "{\"type\":\"object\",\"required\":[\"x\"]}", true))));

        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withResponseFormat(ResponseFormat.jsonSchema("a",
                "{ \"required\": [\"x\"],\n  \"type\": \"object\" }", true))));

        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void differentMessagesMiss() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ask("q"));

        chat.chat(ChatRequest.of(Message.system("be brief"), Message.user("q")).withOptions(DETERMINISTIC));

        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void metadataDoesNotChangeTheKey() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withMetadata(ChatOptions.PROMPT_NAME, "a")));

        chat.chat(ChatRequest.of("q").withOptions(DETERMINISTIC.withMetadata(CostTracker.TAG, "other")));

        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void nonDeterministicRequestIsNotCachedByDefault() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        ChatRequest sampled = ChatRequest.of("q").withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.9));

        chat.chat(sampled);
        ChatResponse second = chat.chat(sampled);

        assertThat(model.callCount()).isEqualTo(2);
        assertThat(second.text()).isEqualTo("answer 2");
    }

    @Test
    void requestWithASeedIsCached() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());
        ChatRequest seeded = ChatRequest.of("q").withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.9).withSeed(7L));

        chat.chat(seeded);
        chat.chat(seeded);

        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void everyRequestIsCachedWhenConfigured() {
        ChatModel chat = cached(ResponseCache.builder().cacheWhen(request -> true).clock(clock).build());

        chat.chat("q");
        chat.chat("q");

        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void errorIsNotCached() {
        ScriptedChatModel failingOnce = ScriptedChatModel.builder()
                .fail(new ProviderUnavailableException("scripted", 503, null, null, "down", null))
                .reply("fine")
                .build();
        ChatModel chat = ChatPipeline.builder(failingOnce).interceptor(ResponseCache.builder().clock(clock).build()).build();

        assertThatThrownBy(() -> chat.chat(ask("q"))).isInstanceOf(ProviderUnavailableException.class);
        ChatResponse retried = chat.chat(ask("q"));

        assertThat(retried.text()).isEqualTo("fine");
        assertThat(failingOnce.callCount()).isEqualTo(2);
    }

    @Test
    void entryExpiresAfterItsTimeToLive() {
        ChatModel chat = cached(ResponseCache.builder().ttl(Duration.ofMinutes(10)).clock(clock).build());
        chat.chat(ask("q"));

        clock.advance(Duration.ofMinutes(9));
        chat.chat(ask("q"));
        clock.advance(Duration.ofMinutes(2));
        ChatResponse afterExpiry = chat.chat(ask("q"));

        assertThat(model.callCount()).isEqualTo(2);
        assertThat(afterExpiry.text()).isEqualTo("answer 2");
    }

    @Test
    void memoryKeepsAtMostTheMaximumSize() {
        ResponseCache cache = ResponseCache.builder().maximumSize(2).clock(clock).build();
        ChatModel chat = cached(cache);

        for (String question : List.of("a", "b", "c", "d")) {
            chat.chat(ask(question));
        }

        assertThat(cache.memorySize()).isEqualTo(2);
    }

    @Test
    void streamedMissIsStoredAndThenReplayedAsAStream() {
        ChatModel chat = cached(ResponseCache.builder().clock(clock).build());

        ChatResponse first = chat.stream(ask("q")).collect();
        List<StreamEvent> replay = new ArrayList<>();
        ChatResponse second = chat.stream(ask("q")).collect(replay::add);

        assertThat(model.callCount()).isEqualTo(1);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.cost()).isEqualTo(Cost.CACHED);
        assertThat(replay).first().isEqualTo(new StreamEvent.TextDelta(first.text()));
    }

    @Test
    void streamCutMidwayIsNotStored() {
        ScriptedChatModel cut = ScriptedChatModel.builder()
                .streamFailure(List.of("par"), new ProviderUnavailableException("scripted", 503, null, null, "cut", null))
                .reply("whole")
                .build();
        ChatModel chat = ChatPipeline.builder(cut).interceptor(ResponseCache.builder().clock(clock).build()).build();

        assertThatThrownBy(() -> chat.stream(ask("q")).collect()).isInstanceOf(ProviderUnavailableException.class);
        ChatResponse next = chat.stream(ask("q")).collect();

        assertThat(next.text()).isEqualTo("whole");
        assertThat(cut.callCount()).isEqualTo(2);
    }

    @Test
    void streamClosedBeforeCompletingIsNotStored() {
        ScriptedChatModel chunks = ScriptedChatModel.builder().streamReply("a", "b").reply("again").build();
        ChatModel chat = ChatPipeline.builder(chunks).interceptor(ResponseCache.builder().clock(clock).build()).build();

        try (var stream = chat.stream(ask("q"))) {
            stream.iterator().next();
        }
        ChatResponse next = chat.chat(ask("q"));

        assertThat(next.text()).isEqualTo("again");
    }

    @Test
    void hitInsideACostTrackerIsCountedAsAHitNotAsSpending() {
        CostTracker tracker = CostTracker.create();
        ChatModel chat = ChatPipeline.builder(model).interceptor(tracker)
                .interceptor(ResponseCache.builder().clock(clock).build()).build();

        chat.chat(ask("q"));
        chat.chat(ask("q"));

        assertThat(tracker.snapshot().total().calls()).isEqualTo(1);
        assertThat(tracker.snapshot().total().cacheHits()).isEqualTo(1);
        assertThat(tracker.snapshot().total().usage()).isEqualTo(Usage.of(10, 5));
    }

    @Test
    void invalidSettingsAreRefusedNamingTheFix() {
        assertThatThrownBy(() -> ResponseCache.builder().maximumSize(0))
                .hasMessageContaining("maximum size 0 is not positive");
        assertThatThrownBy(() -> ResponseCache.builder().ttl(Duration.ZERO))
                .hasMessageContaining("ttl PT0S is not positive");
    }
}
