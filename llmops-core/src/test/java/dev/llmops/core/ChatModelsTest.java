package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.provider.anthropic.AnthropicChatModel;
import dev.llmops.core.provider.gemini.GeminiChatModel;
import dev.llmops.core.provider.ollama.OllamaChatModel;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import java.net.InetAddress;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ChatModelsTest {
    private static final String OPENAI_KEY = "sk-test-chat-models-0123456789abcdef";

    @Test
    void findsEveryBundledProviderByName() {
        assertThat(ChatModels.names()).containsExactly("anthropic", "gemini", "ollama", "openai");
    }

    @Test
    void picksOpenAiFromItsKey() {
        assertThat(ChatModels.fromEnv(Map.of("OPENAI_API_KEY", OPENAI_KEY))).isInstanceOf(OpenAiChatModel.class);
    }

    @Test
    void picksEachProviderFromItsOwnSetting() {
        assertThat(ChatModels.fromEnv(Map.of("ANTHROPIC_API_KEY", "sk-ant-test"))).isInstanceOf(AnthropicChatModel.class);
        assertThat(ChatModels.fromEnv(Map.of("GEMINI_API_KEY", "gemini-test"))).isInstanceOf(GeminiChatModel.class);
        assertThat(ChatModels.fromEnv(Map.of("OLLAMA_HOST", "localhost:11434"))).isInstanceOf(OllamaChatModel.class);
    }

    @Test
    void prefersOpenAiWhenSeveralAreConfiguredAndNoneIsChosen() {
        ChatModel model = ChatModels.fromEnv(Map.of("OLLAMA_HOST", "localhost:11434", "OPENAI_API_KEY", OPENAI_KEY));

        assertThat(model).isInstanceOf(OpenAiChatModel.class);
    }

    @Test
    void llmopsProviderChoosesAmongSeveral() {
        ChatModel model = ChatModels.fromEnv(Map.of("LLMOPS_PROVIDER", "Ollama", "OLLAMA_HOST", "localhost:11434",
                "OPENAI_API_KEY", OPENAI_KEY));

        assertThat(model).isInstanceOf(OllamaChatModel.class);
    }

    @Test
    void aBaseUrlAloneReachesAKeylessOpenAiCompatibleServerWithTheModelFromTheEnvironment() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                    .body("{\"id\":\"c1\",\"model\":\"qwen2.5\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}")
                    .build());
            ChatModel model = ChatModels.fromEnv(Map.of("OPENAI_BASE_URL", server.url("/v1").toString(),
                    "LLMOPS_MODEL", "qwen2.5"));

            assertThat(model.chat("hello").text()).isEqualTo("hi");
            RecordedRequest request = server.takeRequest();
            assertThat(request.getBody().utf8()).contains("\"model\":\"qwen2.5\"");
            assertThat(request.getHeaders().get("Authorization")).isNull();
        }
    }

    @Test
    void saysWhatToSetWhenNothingIsConfigured() {
        assertThatThrownBy(() -> ChatModels.fromEnv(Map.of()))
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining("no chat provider is configured")
                .hasMessageContaining("OPENAI_API_KEY")
                .hasMessageContaining("ANTHROPIC_API_KEY")
                .hasMessageContaining("GEMINI_API_KEY")
                .hasMessageContaining("OLLAMA_HOST");
    }

    @Test
    void namesTheMissingKeyOfTheChosenProvider() {
        assertThatThrownBy(() -> ChatModels.fromEnv(Map.of("LLMOPS_PROVIDER", "anthropic", "OPENAI_API_KEY", OPENAI_KEY)))
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining("LLMOPS_PROVIDER=anthropic")
                .hasMessageContaining("set ANTHROPIC_API_KEY");
    }

    @Test
    void listsTheKnownProvidersForAnUnknownName() {
        assertThatThrownBy(() -> ChatModels.fromEnv(Map.of("LLMOPS_PROVIDER", "acme")))
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining("acme")
                .hasMessageContaining("anthropic, gemini, ollama, openai");
    }

    @Test
    void aMalformedSettingNamesTheProviderAndNeverTheKey() {
        assertThatThrownBy(() -> ChatModels.fromEnv(Map.of("OPENAI_API_KEY", OPENAI_KEY, "OPENAI_BASE_URL", "not a url")))
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining("openai")
                .hasMessageNotContaining(OPENAI_KEY);
    }
}
