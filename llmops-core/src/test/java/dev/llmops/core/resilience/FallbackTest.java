package dev.llmops.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.Usage;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackTest {
    private final ContextCapture capture = new ContextCapture();

    private static final ChatRequest REQUEST = ChatRequest.of("hi").withOptions(ChatOptions.of("primary-model"));

    private static ProviderUnavailableException unavailable() {
        return new ProviderUnavailableException("primary", 503, null, null, "overloaded", null);
    }

    private static ChatResponse backupAnswer(String text) {
        return new ChatResponse(AssistantMessage.of(text), Usage.of(1, 1), FinishReason.STOP, "backup-model",
                "backup", Duration.ZERO, "b1");
    }

    private ChatModel pipeline(ChatModel primary, Fallback fallback) {
        return ChatPipeline.builder(primary).interceptor(fallback).listener(capture).build();
    }

    @Test
    void theNextModelAnswersAnOutageAndTheResponseSaysWhichModelItWas() {
        ScriptedChatModel primary = ScriptedChatModel.builder().fail(unavailable()).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply(backupAnswer("from backup")).build();

        ChatResponse response = pipeline(primary, Fallback.to(backup)).chat(REQUEST);

        assertThat(response.text()).isEqualTo("from backup");
        assertThat(response.model()).isEqualTo("backup-model");
        assertThat(response.provider()).isEqualTo("backup");
        assertThat(capture.attribute(Fallback.USED, String.class)).isEqualTo("backup-model");
        assertThat(backup.lastRequest()).contains(REQUEST);
    }

    @Test
    void rewritesTheModelIdForAFallbackThatNamesOne() {
        ScriptedChatModel primary = ScriptedChatModel.builder().fail(unavailable()).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply("small").build();

        ChatResponse response = pipeline(primary, Fallback.builder().to(backup, "small-model").build()).chat(REQUEST);

        assertThat(backup.lastRequest().orElseThrow().options().model()).isEqualTo("small-model");
        assertThat(response.model()).isEqualTo("small-model");
        assertThat(capture.attribute(Fallback.USED, String.class)).isEqualTo("small-model");
    }

    @Test
    void doesNotFallBackOnAnAuthenticationError() {
        AuthenticationException badKey = new AuthenticationException("primary", 401, "invalid_api_key", "bad key");
        ScriptedChatModel primary = ScriptedChatModel.builder().fail(badKey).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply("never").build();

        assertThatThrownBy(() -> pipeline(primary, Fallback.to(backup)).chat(REQUEST)).isSameAs(badKey);

        assertThat(backup.callCount()).isZero();
        assertThat(capture.last().get(Fallback.USED, String.class)).isEmpty();
    }

    @Test
    void aCustomPredicateDecidesWhatFallsBack() {
        ScriptedChatModel primary = ScriptedChatModel.builder()
                .fail(new AuthenticationException("primary", 401, null, "bad key")).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply("other account").build();

        Fallback anyProviderError = Fallback.builder().to(backup).when(e -> e instanceof AuthenticationException).build();

        assertThat(pipeline(primary, anyProviderError).chat(REQUEST).text()).isEqualTo("other account");
    }

    @Test
    void fallsBackOnAnOpenCircuitWithoutCallingThePrimary() {
        ScriptedChatModel primary = ScriptedChatModel.builder().fail(unavailable()).reply("never").build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply("first").reply("second").build();
        CircuitBreaker breaker = CircuitBreaker.builder("primary").failureThreshold(1).clock(new FakeTime()).build();
        ChatModel model = ChatPipeline.builder(primary).interceptor(Fallback.to(backup)).interceptor(breaker).build();

        model.chat(REQUEST);
        String second = model.chat(REQUEST).text();

        assertThat(second).isEqualTo("second");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(primary.callCount()).isEqualTo(1);
    }

    @Test
    void triesTheFallbacksInOrderAndThrowsTheLastErrorWithTheEarlierOnesSuppressed() {
        ProviderUnavailableException first = unavailable();
        ProviderUnavailableException second = new ProviderUnavailableException("b", 500, null, null, "b down", null);
        ProviderUnavailableException third = new ProviderUnavailableException("c", 502, null, null, "c down", null);
        ScriptedChatModel b = ScriptedChatModel.builder().fail(second).build();
        ScriptedChatModel c = ScriptedChatModel.builder().fail(third).build();

        assertThatThrownBy(() -> pipeline(ScriptedChatModel.builder().fail(first).build(), Fallback.to(b, c)).chat(REQUEST))
                .isSameAs(third);

        assertThat(third.getSuppressed()).containsExactly(second);
        assertThat(second.getSuppressed()).containsExactly(first);
        assertThat(b.callCount()).isEqualTo(1);
        assertThat(c.callCount()).isEqualTo(1);
    }

    @Test
    void fallsBackWhenAStreamFailsBeforeItsFirstEvent() {
        ScriptedChatModel primary = ScriptedChatModel.builder().streamFailure(List.of(), unavailable()).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().streamReply("Hel", "lo").build();

        String answer = pipeline(primary, Fallback.builder().to(backup, "backup-model").build())
                .stream(REQUEST).collect().text();

        assertThat(answer).isEqualTo("Hello");
        assertThat(capture.attribute(Fallback.USED, String.class)).isEqualTo("backup-model");
    }

    @Test
    void doesNotFallBackOnceAStreamHasYieldedAnEvent() {
        ProviderUnavailableException cut = unavailable();
        ScriptedChatModel primary = ScriptedChatModel.builder().streamFailure(List.of("Hel"), cut).build();
        ScriptedChatModel backup = ScriptedChatModel.builder().streamReply("never").build();
        List<StreamEvent> received = new ArrayList<>();

        try (ChatStream stream = pipeline(primary, Fallback.to(backup)).stream(REQUEST)) {
            assertThatThrownBy(() -> stream.iterator().forEachRemaining(received::add)).isSameAs(cut);
        }

        assertThat(received).containsExactly(new StreamEvent.TextDelta("Hel"));
        assertThat(backup.callCount()).isZero();
    }

    @Test
    void rejectsAFallbackWithoutModels() {
        assertThatThrownBy(() -> Fallback.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("add at least one with to(model)");
    }
}
