package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void exhaustiveSwitchNamesEveryRole() {
        List<Message> conversation = List.of(
                Message.system("Be brief."),
                Message.user("Hi"),
                AssistantMessage.ofToolCalls(List.of(new ToolCall("c1", "clock", "{}"))),
                new ToolResultMessage("c1", "clock", "12:00"));
        List<String> roles = conversation.stream().map(m -> switch (m) {
            case SystemMessage s -> "system";
            case UserMessage u -> "user";
            case AssistantMessage a -> "assistant";
            case ToolResultMessage t -> "tool";
        }).toList();
        assertThat(roles).containsExactly("system", "user", "assistant", "tool");
    }

    @Test
    void blankSystemMessageIsRejected() {
        assertThatThrownBy(() -> Message.system("  ")).hasMessageContaining("system message text is blank");
    }

    @Test
    void userMessageNeedsAPart() {
        assertThatThrownBy(() -> new UserMessage(List.of())).hasMessageContaining("user message has no parts");
    }

    @Test
    void userMessageTextJoinsTextPartsAndSkipsImages() {
        UserMessage message = new UserMessage(List.of(new TextPart("Look:"), ImagePart.ofUrl("https://example.com/a.png"),
                new TextPart("What is it?")));
        assertThat(message.text()).isEqualTo("Look:\nWhat is it?");
        assertThat(message.hasImages()).isTrue();
    }

    @Test
    void inlineImageKeepsMediaTypeAndData() {
        ImagePart image = ImagePart.ofBytes("png!".getBytes(StandardCharsets.US_ASCII), "image/png");
        assertThat(image.isInline()).isTrue();
        assertThat(image.mediaType()).contains("image/png");
        assertThat(image.base64Data()).contains("cG5nIQ==");
        assertThat(image.toString()).startsWith("ImagePart[url=data:image/png;base64,");
    }

    @Test
    void remoteImageHasNoInlineData() {
        ImagePart image = ImagePart.ofUrl("https://example.com/cat.jpg").withDetail(ImagePart.Detail.LOW);
        assertThat(image.isInline()).isFalse();
        assertThat(image.mediaType()).isEmpty();
        assertThat(image.detail()).isEqualTo(ImagePart.Detail.LOW);
    }

    @Test
    void imageUrlMustBeHttpOrData() {
        assertThatThrownBy(() -> ImagePart.ofUrl("file:///etc/passwd")).hasMessageContaining("neither http(s) nor a data: URL");
        assertThatThrownBy(() -> ImagePart.ofUrl("data:image/png,raw")).hasMessageContaining("not base64-encoded");
        assertThatThrownBy(() -> ImagePart.ofBytes(new byte[1], "text/plain")).hasMessageContaining("not an image type");
    }

    @Test
    void toolResultAnswersItsCall() {
        ToolCall call = new ToolCall("call_9", "weather", "{\"city\":\"Oslo\"}");
        ToolResultMessage result = ToolResultMessage.of(call, "{\"temp\":3}");
        assertThat(result.toolCallId()).isEqualTo("call_9");
        assertThat(result.toolName()).isEqualTo("weather");
    }

    @Test
    void chatRequestNeedsAMessageAndAppendsImmutably() {
        assertThatThrownBy(() -> ChatRequest.of(List.<Message>of())).hasMessageContaining("no messages");
        ChatRequest first = ChatRequest.of("Hi");
        ChatRequest second = first.withMessage(Message.assistant("Hello")).withModel("m");
        assertThat(first.messages()).hasSize(1);
        assertThat(second.messages()).hasSize(2);
        assertThat(second.options().model()).isEqualTo("m");
    }

    @Test
    void usageAddsUpAndRejectsImpossibleCounts() {
        assertThat(Usage.of(10, 5).plus(new Usage(3, 2, 1))).isEqualTo(new Usage(13, 7, 1));
        assertThat(new Usage(10, 5, 4).totalTokens()).isEqualTo(15);
        assertThatThrownBy(() -> Usage.of(-1, 0)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Usage(1, 0, 2)).hasMessageContaining("exceed input tokens");
    }

    @Test
    void embeddingIsImmutableAndComparesByValue() {
        float[] raw = {1f, 0f, 0f};
        Embedding embedding = new Embedding(raw);
        raw[0] = 9f;
        embedding.vector()[1] = 9f;
        assertThat(embedding.vector()).containsExactly(1f, 0f, 0f);
        assertThat(embedding).isEqualTo(new Embedding(new float[] {1f, 0f, 0f}));
        assertThat(embedding.cosine(new Embedding(new float[] {2f, 0f, 0f}))).isEqualTo(1.0);
        assertThat(embedding.cosine(new Embedding(new float[] {0f, 3f, 0f}))).isEqualTo(0.0);
        assertThatThrownBy(() -> embedding.dot(new Embedding(new float[] {1f})))
                .hasMessageContaining("differ in dimension: 3 vs 1");
    }

    @Test
    void rateLimitSuggestsRetryAfterFirstThenTheLongerReset() {
        var withRetryAfter = new RateLimitedException("openai", null, java.time.Duration.ofSeconds(3),
                java.time.Duration.ofSeconds(10), null, "slow down");
        var withResets = new RateLimitedException("openai", null, null,
                java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(6), "slow down");
        var withNothing = new RateLimitedException("openai", null, null, null, null, "slow down");
        assertThat(withRetryAfter.suggestedWait()).contains(java.time.Duration.ofSeconds(3));
        assertThat(withResets.suggestedWait()).contains(java.time.Duration.ofSeconds(6));
        assertThat(withNothing.suggestedWait()).isEmpty();
        assertThat(withNothing.isRetryable()).isTrue();
        assertThat(withNothing.statusCode()).isEqualTo(429);
    }
}
