package dev.llmops.core.provider.gemini;

import dev.llmops.core.ChatModel;
import dev.llmops.core.spi.ChatModelProvider;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link GeminiChatModel} with {@link dev.llmops.core.ChatModels} under the name {@code gemini}: GEMINI_API_KEY, with GEMINI_BASE_URL optional.
 *
 * <p>Immutable and thread-safe.
 */
public final class GeminiProvider implements ChatModelProvider {
    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public List<String> settings() {
        return List.of("GEMINI_API_KEY", "GEMINI_BASE_URL");
    }

    @Override
    public boolean isConfigured(Map<String, String> env) {
        return ChatModelProvider.setting(env, "GEMINI_API_KEY") != null;
    }

    @Override
    public String defaultModel() {
        return "gemini-2.5-flash";
    }

    @Override
    public ChatModel create(Map<String, String> env, String model) {
        GeminiChatModel.Builder builder = GeminiChatModel.builder().model(model);
        builder.apiKey(ChatModelProvider.setting(env, "GEMINI_API_KEY"));
        String baseUrl = ChatModelProvider.setting(env, "GEMINI_BASE_URL");
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }
}
