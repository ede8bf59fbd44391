package dev.llmops.core.spi;

import dev.llmops.core.ChatModel;
import java.util.List;
import java.util.Map;

/**
 * A chat provider that {@link dev.llmops.core.ChatModels} can find by name and configure from settings
 * (environment variables, or any map with the same names). Implementations are registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.llmops.core.spi.ChatModelProvider}; llmops
 * registers {@code openai}, {@code anthropic}, {@code gemini} and {@code ollama}, and a third-party jar can add
 * its own.
 *
 * <pre>{@code
 * public final class AcmeProvider implements ChatModelProvider {
 *     public String name() { return "acme"; }
 *     public List<String> settings() { return List.of("ACME_API_KEY"); }
 *     public boolean isConfigured(Map<String, String> env) { return setting(env, "ACME_API_KEY") != null; }
 *     public String defaultModel() { return "acme-large"; }
 *     public ChatModel create(Map<String, String> env, String model) { return new AcmeChatModel(setting(env, "ACME_API_KEY"), model); }
 * }
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe, with a public no-argument constructor.
 */
public interface ChatModelProvider {

    /** The name users select it by, lower case, e.g. {@code openai}. */
    String name();

    /** The settings it reads, the first being the one that turns it on, e.g. {@code ANTHROPIC_API_KEY}. */
    List<String> settings();

    /** Whether {@code env} holds what {@link #create} needs. */
    boolean isConfigured(Map<String, String> env);

    /** The model used when the settings name none. */
    String defaultModel();

    /**
     * A model configured from {@code env}.
     *
     * @throws IllegalArgumentException when a setting is missing or malformed; the message names it and the fix
     */
    ChatModel create(Map<String, String> env, String model);

    /**
     * The setting {@code name} in {@code env}, stripped, or {@code null} when it is absent or blank (an exported but
     * empty variable counts as unset).
     */
    static String setting(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
