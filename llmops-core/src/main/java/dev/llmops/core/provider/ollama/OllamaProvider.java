package dev.llmops.core.provider.ollama;

import dev.llmops.core.ChatModel;
import dev.llmops.core.spi.ChatModelProvider;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link OllamaChatModel} with {@link dev.llmops.core.ChatModels} under the name {@code ollama}: OLLAMA_HOST (e.g. {@code localhost:11434} or {@code http://gpu-box:11434}), the variable Ollama itself reads.
 *
 * <p>Immutable and thread-safe.
 */
public final class OllamaProvider implements ChatModelProvider {
    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public List<String> settings() {
        return List.of("OLLAMA_HOST");
    }

    @Override
    public boolean isConfigured(Map<String, String> env) {
        return ChatModelProvider.setting(env, "OLLAMA_HOST") != null;
    }

    @Override
    public String defaultModel() {
        return "llama3.2";
    }

    @Override
    public ChatModel create(Map<String, String> env, String model) {
        OllamaChatModel.Builder builder = OllamaChatModel.builder().model(model);
        builder.baseUrl(ChatModelProvider.setting(env, "OLLAMA_HOST"));
        return builder.build();
    }
}
