package dev.llmops.core.provider.openai;

import dev.llmops.core.ChatModel;
import dev.llmops.core.spi.ChatModelProvider;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link OpenAiChatModel} with {@link dev.llmops.core.ChatModels} under the name {@code openai}: OPENAI_API_KEY with OPENAI_BASE_URL optional (a base URL alone selects a keyless OpenAI-compatible server such as vLLM, llama.cpp or LM Studio).
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiProvider implements ChatModelProvider {
    @Override
    public String name() {
        return "openai";
    }

    @Override
    public List<String> settings() {
        return List.of("OPENAI_API_KEY", "OPENAI_BASE_URL");
    }

    @Override
    public boolean isConfigured(Map<String, String> env) {
        return ChatModelProvider.setting(env, "OPENAI_API_KEY") != null || ChatModelProvider.setting(env, "OPENAI_BASE_URL") != null;
    }

    @Override
    public String defaultModel() {
        return "gpt-4o-mini";
    }

    @Override
    public ChatModel create(Map<String, String> env, String model) {
        OpenAiChatModel.Builder builder = OpenAiChatModel.builder().model(model);
        String key = ChatModelProvider.setting(env, "OPENAI_API_KEY");
        String baseUrl = ChatModelProvider.setting(env, "OPENAI_BASE_URL");
        if (key != null) {
            builder.apiKey(key);
        }
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }
}
