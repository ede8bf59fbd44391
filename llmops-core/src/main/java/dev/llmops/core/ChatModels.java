package dev.llmops.core;

import dev.llmops.core.spi.ChatModelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Picks and configures a chat provider from the environment, so the same code runs against OpenAI in
 * production, a local Ollama on a laptop and whatever CI sets:
 *
 * <pre>{@code
 * ChatModel model = ChatModels.fromEnv();           // e.g. OPENAI_API_KEY=sk-... or OLLAMA_HOST=localhost:11434
 * }</pre>
 *
 * <table>
 *   <caption>Settings read</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code LLMOPS_PROVIDER}</td><td>{@code openai}, {@code anthropic}, {@code gemini}, {@code ollama} or
 *       a registered {@link ChatModelProvider}; when unset, the first configured in that order</td></tr>
 *   <tr><td>{@code LLMOPS_MODEL}</td><td>the model id; when unset, the provider's default</td></tr>
 *   <tr><td>{@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}</td><td>OpenAI, or any OpenAI-compatible server
 *       (vLLM, llama.cpp, LM Studio: a base URL and no key)</td></tr>
 *   <tr><td>{@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}</td><td>Anthropic</td></tr>
 *   <tr><td>{@code GEMINI_API_KEY}, {@code GEMINI_BASE_URL}</td><td>Google Gemini</td></tr>
 *   <tr><td>{@code OLLAMA_HOST}</td><td>Ollama's native API, e.g. {@code localhost:11434}</td></tr>
 * </table>
 *
 * <p>Nothing is configured silently: with no provider configured, or a selected provider missing its key,
 * it throws naming exactly what to set.
 *
 * <p>Immutable and thread-safe (stateless).
 */
public final class ChatModels {
    /** Selects the provider by name. */
    public static final String PROVIDER = "LLMOPS_PROVIDER";
    /** Selects the model. */
    public static final String MODEL = "LLMOPS_MODEL";

    private static final List<String> PREFERENCE = List.of("openai", "anthropic", "gemini", "ollama");

    private ChatModels() {
    }

    /** A model configured from the process environment; see the class documentation. */
    public static ChatModel fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * A model configured from {@code env} (variable names as in the class documentation).
     *
     * @throws LlmopsException when no provider is configured, the selected one is unknown or lacks a setting
     */
    public static ChatModel fromEnv(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        Map<String, ChatModelProvider> providers = providers();
        ChatModelProvider provider = select(env, providers);
        String model = ChatModelProvider.setting(env, MODEL);
        try {
            return provider.create(env, model != null ? model : provider.defaultModel());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LlmopsException("cannot configure provider " + provider.name() + " from the environment: "
                    + e.getMessage(), e);
        }
    }

    /** The names of the providers found on the class path, sorted. */
    public static List<String> names() {
        return List.copyOf(providers().keySet());
    }

    private static ChatModelProvider select(Map<String, String> env, Map<String, ChatModelProvider> providers) {
        String chosen = ChatModelProvider.setting(env, PROVIDER);
        if (chosen != null) {
            ChatModelProvider provider = providers.get(chosen.toLowerCase(Locale.ROOT));
            if (provider == null) {
                throw new LlmopsException(PROVIDER + "=" + chosen + " names no known provider; known: "
                        + String.join(", ", providers.keySet()) + " (add a jar registering a ChatModelProvider for others)");
            }
            if (!provider.isConfigured(env)) {
                throw new LlmopsException(PROVIDER + "=" + provider.name() + " but " + provider.name()
                        + " is not configured: set " + String.join(" or ", provider.settings().subList(0, 1))
                        + (provider.settings().size() > 1 ? " (also read: " + String.join(", ",
                                provider.settings().subList(1, provider.settings().size())) + ")" : ""));
            }
            return provider;
        }
        List<ChatModelProvider> ordered = new ArrayList<>();
        PREFERENCE.stream().map(providers::get).filter(Objects::nonNull).forEach(ordered::add);
        providers.values().stream().filter(p -> !PREFERENCE.contains(p.name())).forEach(ordered::add);
        for (ChatModelProvider provider : ordered) {
            if (provider.isConfigured(env)) {
                return provider;
            }
        }
        throw new LlmopsException("no chat provider is configured: set one of "
                + ordered.stream().map(p -> p.settings().get(0) + " (" + p.name() + ")").collect(Collectors.joining(", "))
                + ", or " + PROVIDER + " to choose among several; OPENAI_BASE_URL alone selects a local"
                + " OpenAI-compatible server");
    }

    private static Map<String, ChatModelProvider> providers() {
        Map<String, ChatModelProvider> providers = new TreeMap<>();
        for (ChatModelProvider provider : ServiceLoader.load(ChatModelProvider.class, ChatModels.class.getClassLoader())) {
            providers.putIfAbsent(provider.name().toLowerCase(Locale.ROOT), provider);
        }
        return providers;
    }
}
