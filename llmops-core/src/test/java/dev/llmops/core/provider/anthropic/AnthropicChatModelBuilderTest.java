package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatRequest;
import java.time.Duration;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link AnthropicChatModel.Builder} accepts, what it refuses, and how it says so. */
class AnthropicChatModelBuilderTest {
    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

    @Test
    void theDefaultBaseUrlNeedsAKeyAndTheErrorNamesTheVariable() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().model(MockAnthropic.MODEL).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY").hasMessageContaining("https://api.anthropic.com");
    }

    @Test
    void theDefaultBaseUrlWithAKeyBuilds() {
        assertThat(AnthropicChatModel.builder().apiKey(MockAnthropic.KEY).model(MockAnthropic.MODEL).build()).isNotNull();
    }

    @Test
    void anotherBaseUrlMayGoWithoutAKeyAndThenSendsNone() throws InterruptedException {
        server.enqueueJson(message("ok"));
        AnthropicChatModel.builder().baseUrl(server.baseUrl()).model(MockAnthropic.MODEL).build().chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getHeaders().get("x-api-key")).isNull();
        assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void aBaseUrlWithAPathKeepsIt() throws InterruptedException {
        server.enqueueJson(message("ok"));
        server.chat().baseUrl(server.baseUrl() + "proxy/anthropic").build().chat("Hi");
        assertThat(server.take().getUrl().encodedPath()).isEqualTo("/proxy/anthropic/v1/messages");
    }

    @Test
    void aBlankKeyFailsNamingTheVariable() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().apiKey("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey is blank").hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void aBaseUrlThatIsNoUrlFails() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().baseUrl("api.anthropic.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'api.anthropic.com' is not an http(s) URL");
    }

    @Test
    void aNegativeTimeoutFails() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout").hasMessageContaining("negative");
    }

    @Test
    void aNonPositiveDefaultMaxTokensFails() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().defaultMaxTokens(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultMaxTokens 0 is not positive");
    }

    @Test
    void aBlankVersionFails() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().anthropicVersion(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anthropicVersion is blank");
    }

    @Test
    void credentialsCannotBeSmuggledInAsExtraHeaders() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().header("X-Api-Key", MockAnthropic.KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey(...)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MockAnthropic.KEY));
    }

    @Test
    void anInvalidHeaderValueFailsAtOnce() {
        assertThatThrownBy(() -> AnthropicChatModel.builder().header("anthropic-beta", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noModelFailsNamingTheWaysToSetOne() {
        AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.baseUrl()).apiKey(MockAnthropic.KEY).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no model named for anthropic")
                .hasMessageContaining("withModel");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void theModelNamedPerRequestNeedsNoBuilderModel() throws InterruptedException {
        server.enqueueJson(message("ok"));
        AnthropicChatModel.builder().baseUrl(server.baseUrl()).apiKey(MockAnthropic.KEY).build()
                .chat(ChatRequest.of("Hi").withModel("claude-haiku-4-5"));
        assertThat(server.takeBody().get("model").stringValue()).isEqualTo("claude-haiku-4-5");
    }

    @Test
    void toStringNeverShowsTheKey() {
        String text = server.chat().build().toString();
        assertThat(text).doesNotContain(MockAnthropic.KEY).contains("[REDACTED]").contains("/v1/messages").contains(MockAnthropic.MODEL);
    }

    @Test
    void aBuiltModelDoesNotChangeWhenTheBuilderDoes() throws InterruptedException {
        AnthropicChatModel.Builder builder = server.chat();
        AnthropicChatModel model = builder.build();
        builder.header("anthropic-beta", "later").model("claude-opus-4-1");
        server.enqueueJson(message("ok"));
        model.chat("Hi");
        RecordedRequest request = server.take();
        assertThat(request.getHeaders().get("anthropic-beta")).isNull();
        assertThat(request.getBody().utf8()).contains(MockAnthropic.MODEL).doesNotContain("claude-opus-4-1");
    }
}
