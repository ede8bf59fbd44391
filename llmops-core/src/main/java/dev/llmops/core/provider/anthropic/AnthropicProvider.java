package dev.llmops.core.provider.anthropic;

import dev.llmops.core.ChatModel;
import dev.llmops.core.spi.ChatModelProvider;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link AnthropicChatModel} with {@link dev.llmops.core.ChatModels} under the name {@code anthropic}: ANTHROPIC_API_KEY, with ANTHROPIC_BASE_URL optional.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnthropicProvider implements ChatModelProvider {
    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public List<String> settings() {
        return List.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL");
    }

    @Override
    public boolean isConfigured(Map<String, String> env) {
        return ChatModelProvider.setting(env, "ANTHROPIC_API_KEY") != null;
    }

    @Override
    public String defaultModel() {
        return "claude-haiku-4-5";
    }

    @Override
    public ChatModel create(Map<String, String> env, String model) {
        AnthropicChatModel.Builder builder = AnthropicChatModel.builder().model(model);
        builder.apiKey(ChatModelProvider.setting(env, "ANTHROPIC_API_KEY"));
        String baseUrl = ChatModelProvider.setting(env, "ANTHROPIC_BASE_URL");
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }
}
