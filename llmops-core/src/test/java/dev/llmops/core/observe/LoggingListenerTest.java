package dev.llmops.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.Cost;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.FinishReason;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.Usage;
import dev.llmops.core.testing.ScriptedChatModel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LoggingListenerTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

    private final CapturingLogger logger = new CapturingLogger();
    private final LoggingListener listener = LoggingListener.to(logger)
            .withClock(Clock.fixed(START.plusMillis(120), ZoneOffset.UTC));

    private ChatModel pipeline(ChatModel model, ChatInterceptor... interceptors) {
        ChatPipeline.Builder builder = ChatPipeline.builder(model).clock(Clock.fixed(START, ZoneOffset.UTC))
                .listener(listener);
        for (ChatInterceptor interceptor : interceptors) {
            builder.interceptor(interceptor);
        }
        return builder.build();
    }

    @Test
    void logsOneDebugLineWithModelLatencyTokensCostAndFinishReason() {
        ScriptedChatModel model = ScriptedChatModel.builder().latency(Duration.ofMillis(412)).sleeper(d -> { })
                .reply("hi").withUsage(new Usage(52, 9, 4)).withFinishReason(FinishReason.LENGTH).build();
        ChatInterceptor cost = chain -> {
            return chain.proceed(chain.request()).withCost(Cost.of(new BigDecimal("0.000010"), BigDecimal.ZERO, new BigDecimal("0.000003")));
        };

        pipeline(model, cost).chat(ChatRequest.of("hello").withOptions(ChatOptions.of("gpt-4o-mini")));

        assertThat(logger.at(Level.DEBUG)).singleElement().satisfies(event -> assertThat(event.message())
                .contains("model=gpt-4o-mini", "provider=scripted", "latency=412ms", "in=52", "out=9", "cached=4",
                        "cost=0.000013", "finish=length"));
        assertThat(logger.at(Level.WARN)).isEmpty();
    }

    @Test
    void logsAWarningWithTypeAndScrubbedMessageOnError() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(new InvalidRequestException("openai", 400, null, "bad key " + OPENAI_KEY)).build();

        assertThatThrownBy(() -> pipeline(model).chat("hello")).isInstanceOf(InvalidRequestException.class);

        assertThat(logger.at(Level.WARN)).singleElement().satisfies(event -> {
            assertThat(event.message()).contains(InvalidRequestException.class.getName(), "bad key",
                    "[REDACTED:openai-key]", "failed after 120ms").doesNotContain(OPENAI_KEY);
            assertThat(event.error()).isNull();
        });
        assertThat(logger.at(Level.DEBUG)).isEmpty();
    }

    @Test
    void logsScrubbedBodiesAtTrace() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("your key: " + OPENAI_KEY).build();

        pipeline(model).chat("my key is " + OPENAI_KEY + ", Authorization: Bearer abcdefghijklmnop1234567890");

        assertThat(logger.at(Level.TRACE)).hasSize(2).allSatisfy(event -> assertThat(event.message())
                .doesNotContain(OPENAI_KEY).doesNotContain("abcdefghijklmnop1234567890"));
        assertThat(logger.at(Level.TRACE).get(0).message()).contains("my key is");
        assertThat(logger.at(Level.TRACE).get(1).message()).contains("your key:");
    }
}
