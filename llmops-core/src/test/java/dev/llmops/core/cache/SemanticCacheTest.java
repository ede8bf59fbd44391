package dev.llmops.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.ImagePart;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.UserMessage;
import dev.llmops.core.cost.MutableClock;
import dev.llmops.core.testing.DeterministicEmbeddingModel;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticCacheTest {
    private static final ChatOptions OPTIONS = ChatOptions.of("gpt-4o-mini").withTemperature(0.0);
    private static final DeterministicEmbeddingModel EMBEDDINGS = DeterministicEmbeddingModel.create();

    private final ScriptedChatModel model = ScriptedChatModel.builder().reply("first").reply("second").build();

    private ChatModel cached(double threshold) {
        return ChatPipeline.builder(model).interceptor(ResponseCache.builder()
                .semantic(EMBEDDINGS, threshold)
                .clock(new MutableClock(Instant.parse("2026-11-23T10:00:00Z")))
                .build()).build();
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.of(text).withOptions(OPTIONS);
    }

    private static double similarity(String a, String b) {
        return EMBEDDINGS.embed(a).cosine(EMBEDDINGS.embed(b));
    }

    @Test
    void similarQuestionAboveTheThresholdIsAHit() {
        String asked = "what is the capital city of france";
        String reworded = "what is the capital of france";
        double similarity = similarity(asked, reworded);
        ChatModel chat = cached(similarity - 0.01);
        chat.chat(ask(asked));

        ChatResponse answer = chat.chat(ask(reworded));

        assertThat(answer.text()).isEqualTo("first");
        assertThat(answer.cost()).isEqualTo(Cost.CACHED);
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void similarQuestionBelowTheThresholdIsAMiss() {
        String asked = "what is the capital city of france";
        String reworded = "what is the capital of france";
        ChatModel chat = cached(similarity(asked, reworded) + 0.01);
        chat.chat(ask(asked));

        ChatResponse answer = chat.chat(ask(reworded));

        assertThat(answer.text()).isEqualTo("second");
    }

    @Test
    void unrelatedQuestionIsAMiss() {
        ChatModel chat = cached(0.8);
        chat.chat(ask("what is the capital of france"));

        assertThat(chat.chat(ask("how do vector indexes work")).text()).isEqualTo("second");
    }

    @Test
    void sameQuestionWithOtherOptionsIsAMiss() {
        ChatModel chat = cached(0.5);
        chat.chat(ask("what is the capital of france"));

        ChatResponse answer = chat.chat(ChatRequest.of("what is the capital of france?")
                .withOptions(OPTIONS.withMaxTokens(5)));

        assertThat(answer.text()).isEqualTo("second");
    }

    @Test
    void sameQuestionAfterAnotherSystemPromptIsAMiss() {
        ChatModel chat = cached(0.5);
        chat.chat(ask("what is the capital of france"));

        ChatResponse answer = chat.chat(ChatRequest.of(Message.system("answer in french"),
                Message.user("what is the capital of france?")).withOptions(OPTIONS));

        assertThat(answer.text()).isEqualTo("second");
    }

    @Test
    void questionWithAnImageIsNeverMatchedByMeaning() {
        ChatModel chat = cached(0.5);
        chat.chat(ChatRequest.of(UserMessage.of("what is in this picture", ImagePart.ofUrl("https://example.com/a.png")))
                .withOptions(OPTIONS));

        ChatResponse answer = chat.chat(ChatRequest.of(UserMessage.of("what is in this picture",
                ImagePart.ofUrl("https://example.com/b.png"))).withOptions(OPTIONS));

        assertThat(answer.text()).isEqualTo("second");
    }

    @Test
    void failingEmbeddingModelNeverFailsTheCall() {
        EmbeddingModel broken = new EmbeddingModel() {
            @Override
            public EmbeddingResponse embed(List<String> texts) {
                throw new ProviderUnavailableException("embeddings", 503, null, null, "down", null);
            }

            @Override
            public int dimension() {
                return 8;
            }
        };
        ChatModel chat = ChatPipeline.builder(model).interceptor(ResponseCache.builder().semantic(broken, 0.9).build()).build();

        chat.chat(ask("what is the capital of france"));
        ChatResponse again = chat.chat(ask("what is the capital of france"));

        assertThat(again.text()).isEqualTo("first");
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void thresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> ResponseCache.builder().semantic(EMBEDDINGS, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("similarity threshold 1.5 is outside [0, 1]");
    }
}
