package dev.llmops.core;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every per-call knob of a chat request, in one value. A {@code null} component means "not set": the
 * model's configured default applies, and failing that the provider's. Build one with {@link #of(String)}
 * or {@link #defaults()} and the {@code withX} methods:
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(300);
 * }</pre>
 *
 * <p>{@link #metadata()} never leaves the process: it labels the call for traces, costs and reports (see
 * {@link #PROMPT_NAME}, {@link #PROMPT_VERSION}, {@link #PROMPT_HASH}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param model          the model id; {@code null} for the model's configured default; never blank
 * @param temperature    sampling temperature in [0, 2]
 * @param topP           nucleus sampling mass in (0, 1]
 * @param maxTokens      the most output tokens to produce; positive
 * @param stop           sequences that end the output; empty for none
 * @param seed           a seed for providers that sample reproducibly
 * @param responseFormat text, JSON, or JSON matching a schema
 * @param tools          tools the model may call; empty for none; names unique
 * @param toolChoice     whether and which tool the model must call
 * @param metadata       labels for traces, costs and reports; never sent to the provider
 */
public record ChatOptions(
        String model,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        ResponseFormat responseFormat,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        Map<String, String> metadata) {

    /** Metadata key of the name of the prompt a request was rendered from. */
    public static final String PROMPT_NAME = "prompt.name";
    /** Metadata key of the version of the prompt a request was rendered from. */
    public static final String PROMPT_VERSION = "prompt.version";
    /** Metadata key of the content hash of the prompt a request was rendered from. */
    public static final String PROMPT_HASH = "prompt.hash";

    private static final ChatOptions DEFAULTS =
            new ChatOptions(null, null, null, null, List.of(), null, null, List.of(), null, Map.of());

    public ChatOptions {
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model is blank: name a model (e.g. \"gpt-4o-mini\") or pass null to use the configured default");
        }
        if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("temperature " + temperature + " is outside [0, 2]: use 0 for the most deterministic output");
        }
        if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
            throw new IllegalArgumentException("topP " + topP + " is outside (0, 1]: use 1 to disable nucleus sampling");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens " + maxTokens + " is not positive: give the most output tokens to allow, or null for the default");
        }
        Objects.requireNonNull(stop, "stop");
        stop = List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop sequence is empty: remove it");
            }
        }
        Objects.requireNonNull(tools, "tools");
        tools = List.copyOf(tools);
        Set<String> names = new HashSet<>();
        for (ToolSpec tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("tool '" + tool.name() + "' is offered twice: tool names must be unique");
            }
        }
        if (toolChoice instanceof ToolChoice.Tool t && !names.contains(t.name())) {
            throw new IllegalArgumentException("tool choice names tool '" + t.name() + "', which is not among the offered tools "
                    + names + ": offer it in tools or choose another");
        }
        if (toolChoice != null && !(toolChoice instanceof ToolChoice.None) && !(toolChoice instanceof ToolChoice.Auto)
                && tools.isEmpty()) {
            throw new IllegalArgumentException("tool choice " + toolChoice + " requires tools, but none are offered: add tools or drop the tool choice");
        }
        Objects.requireNonNull(metadata, "metadata");
        metadata = Map.copyOf(metadata);
    }

    /** No option set: every value comes from the model's configuration. */
    public static ChatOptions defaults() {
        return DEFAULTS;
    }

    /** Options naming only the model. */
    public static ChatOptions of(String model) {
        return DEFAULTS.withModel(Objects.requireNonNull(model, "model"));
    }

    public ChatOptions withModel(String model) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withTemperature(Double temperature) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withTopP(Double topP) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withMaxTokens(Integer maxTokens) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withStop(List<String> stop) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withSeed(Long seed) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withResponseFormat(ResponseFormat responseFormat) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withTools(List<ToolSpec> tools) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withToolChoice(ToolChoice toolChoice) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    public ChatOptions withMetadata(Map<String, String> metadata) {
        return new ChatOptions(model, temperature, topP, maxTokens, stop, seed, responseFormat, tools, toolChoice, metadata);
    }

    /** These options with one more metadata entry (replacing an existing one with the same key). */
    public ChatOptions withMetadata(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(metadata);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return withMetadata(copy);
    }

    /**
     * These options with every unset value taken from {@code defaults}: scalars when {@code null}, lists when
     * empty. Metadata is merged, this value's entries winning.
     */
    public ChatOptions withDefaults(ChatOptions defaults) {
        Objects.requireNonNull(defaults, "defaults");
        if (defaults == DEFAULTS || defaults.equals(DEFAULTS)) {
            return this;
        }
        Map<String, String> mergedMetadata = metadata;
        if (!defaults.metadata.isEmpty()) {
            Map<String, String> m = new LinkedHashMap<>(defaults.metadata);
            m.putAll(metadata);
            mergedMetadata = m;
        }
        return new ChatOptions(
                model != null ? model : defaults.model,
                temperature != null ? temperature : defaults.temperature,
                topP != null ? topP : defaults.topP,
                maxTokens != null ? maxTokens : defaults.maxTokens,
                !stop.isEmpty() ? stop : defaults.stop,
                seed != null ? seed : defaults.seed,
                responseFormat != null ? responseFormat : defaults.responseFormat,
                !tools.isEmpty() ? tools : defaults.tools,
                toolChoice != null ? toolChoice : defaults.toolChoice,
                mergedMetadata);
    }

    /**
     * Whether the same request should produce the same answer: temperature 0 or a seed, and no tools whose
     * results could differ between calls.
     */
    public boolean isDeterministic() {
        return (temperature != null && temperature == 0.0) || seed != null;
    }
}
