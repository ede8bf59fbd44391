package dev.llmops.prompts;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.Message;
import dev.llmops.prompts.internal.Hashing;
import dev.llmops.prompts.internal.ParsedPrompt;
import dev.llmops.prompts.internal.PromptFileParser;
import dev.llmops.prompts.internal.Roles;
import dev.llmops.prompts.internal.TemplateScan;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One version of a prompt, loaded and linked: its metadata, declared inputs, model options and compiled template.
 * Rendering is strict: every given input must be declared, every required input given, every value of its declared
 * type and among its allowed values.
 *
 * <pre>{@code
 * Prompt prompt = registry.get("support-answer");                  // the production version
 * ChatRequest request = prompt.toRequest(Map.of("question", "Where is my parcel?"));
 * ChatResponse response = model.chat(request);                     // traced as support-answer@3 sha256:...
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Prompt {
    private final ParsedPrompt parsed;
    private final Template template;
    private final Map<String, String> partials;
    private final String renderHash;
    private final ChatOptions options;
    private final Map<String, Variable> variables;
    private final Set<String> sectionNames;

    private Prompt(ParsedPrompt parsed, Map<String, ParsedPrompt> partials) {
        this.parsed = parsed;
        Map<String, String> resolved = new TreeMap<>();
        partials.forEach((ref, p) -> resolved.put(ref, p.id() + " " + p.hash()));
        this.partials = Map.copyOf(resolved);
        this.renderHash = resolved.isEmpty() ? parsed.hash()
                : Hashing.contentHash(parsed.hash() + "\n" + String.join("\n", resolved.values()));
        Mustache.Compiler compiler = Mustache.compiler()
                .escapeHTML(false)
                .nullValue("")
                .withFormatter(value -> Roles.clean(String.valueOf(value)))
                .withLoader(ref -> {
                    ParsedPrompt p = partials.get(ref);
                    if (p == null) {
                        throw new PromptNotFoundException("partial '" + ref + "' is not linked", parsed.file(), 0,
                                "load the prompt through a PromptRegistry, which resolves partials");
                    }
                    return new StringReader(Roles.mark(p.body()));
                });
        try {
            this.template = compiler.compile(Roles.mark(parsed.body()));
        } catch (MustacheException e) {
            throw new PromptFormatException("malformed template: " + e.getMessage(), parsed.file(), parsed.bodyLine(),
                    "fix the Mustache tag");
        }
        // A partial included only inside a list or object section reads the items' fields: it cannot be checked here.
        Set<String> itemScoped = parsed.scan().partials().stream()
                .filter(t -> t.sections().stream().anyMatch(this::isItemSection)).map(TemplateScan.Tag::name)
                .collect(Collectors.toSet());
        partials.forEach((ref, partial) -> {
            if (!itemScoped.contains(ref)) {
                PromptFileParser.checkReferences(partial.scan(), parsed.variables(), partial.file());
            }
        });
        Map<String, Variable> vars = new LinkedHashMap<>();
        parsed.variables().forEach(v -> vars.put(v.name(), v));
        this.variables = java.util.Collections.unmodifiableMap(vars);
        this.sectionNames = parsed.scan().tags().stream()
                .filter(t -> t.kind() == TemplateScan.Kind.SECTION || t.kind() == TemplateScan.Kind.INVERTED)
                .map(TemplateScan.Tag::root).collect(Collectors.toUnmodifiableSet());
        for (PromptTestCase test : parsed.tests()) {
            try {
                context(test.inputs(), false, new ArrayList<>());
            } catch (PromptVariableException e) {
                throw new PromptVariableException(e.variable(), "test '" + test.name() + "' has invalid inputs: " + e.problem(),
                        file(), test.line(), e.fix());
            }
        }
        this.options = parsed.options().withMetadata(Map.of(
                ChatOptions.PROMPT_NAME, parsed.name(),
                ChatOptions.PROMPT_VERSION, parsed.version(),
                ChatOptions.PROMPT_HASH, renderHash));
    }

    private boolean isItemSection(String section) {
        int dot = section.indexOf('.');
        String root = dot > 0 ? section.substring(0, dot) : section;
        return parsed.variables().stream().filter(v -> v.name().equals(root)).findFirst()
                .map(v -> v.type() == VariableType.LIST || v.type() == VariableType.OBJECT || v.type() == VariableType.ANY)
                .orElse(true);
    }

    /**
     * Links a parsed prompt with the partials its template includes (by reference as written, every partial
     * reachable from it included).
     */
    static Prompt link(ParsedPrompt parsed, Map<String, ParsedPrompt> partials) {
        return new Prompt(parsed, partials);
    }

    ParsedPrompt parsed() {
        return parsed;
    }

    public String name() {
        return parsed.name();
    }

    public String version() {
        return parsed.version();
    }

    /** {@code name@version}. */
    public String id() {
        return parsed.id();
    }

    /** The file's content hash, {@code sha256:<hex>} of its text with line endings normalized. */
    public String hash() {
        return parsed.hash();
    }

    /**
     * The hash requests carry in {@link ChatOptions#PROMPT_HASH}: {@link #hash()} when the template includes no
     * partials, else a hash over it and the hashes of the partial versions it was linked with, so that a label
     * moving under a partial gives the rendered text a new hash.
     */
    public String renderHash() {
        return renderHash;
    }

    /** Each partial reference as written mapped to the {@code name@version hash} it was linked with. */
    public Map<String, String> partials() {
        return partials;
    }

    public String description() {
        return parsed.description();
    }

    /** Who wrote this version; may be empty. */
    public String author() {
        return parsed.author();
    }

    /** The change message of this version; may be empty. */
    public String message() {
        return parsed.message();
    }

    /** The declared inputs, in file order. */
    public List<Variable> variables() {
        return List.copyOf(variables.values());
    }

    /** The model and parameters the file declares, with the prompt metadata. */
    public ChatOptions options() {
        return options;
    }

    /** The JSON Schema the answer must match, when the file declares an output. */
    public Optional<String> outputSchema() {
        return parsed.outputSchema().isEmpty() ? Optional.empty() : Optional.of(parsed.outputSchema());
    }

    public List<String> tags() {
        return parsed.tags();
    }

    /** The file's inline test cases. */
    public List<PromptTestCase> tests() {
        return parsed.tests();
    }

    /** Sample inputs a Prompty file declares; empty for none. */
    public Map<String, Object> samples() {
        return parsed.samples();
    }

    /** Where the file was read from. */
    public String file() {
        return parsed.file();
    }

    /** The whole file text, line endings normalized. */
    public String text() {
        return parsed.text();
    }

    /** The template (the text after the front matter). */
    public String template() {
        return parsed.body();
    }

    /**
     * Renders the prompt.
     *
     * @throws PromptVariableException when an input is not declared, a required input is missing, or a value has
     *                                 the wrong type or is not allowed; it names the variable
     */
    public RenderedPrompt render(Map<String, ?> inputs) {
        return render(inputs, false);
    }

    /**
     * Renders what can be rendered, leaving each missing variable as {@code {{name}}} (and sections over a missing
     * variable as written), for previews and multi-step filling. The result says what is missing; its
     * {@link RenderedPrompt#toRequest()} refuses to send it until nothing is.
     */
    public RenderedPrompt renderPartial(Map<String, ?> inputs) {
        return render(inputs, true);
    }

    /** {@code render(inputs).toRequest()}. */
    public ChatRequest toRequest(Map<String, ?> inputs) {
        return render(inputs).toRequest();
    }

    private RenderedPrompt render(Map<String, ?> inputs, boolean partial) {
        List<String> missing = new ArrayList<>();
        Map<String, Object> context = context(inputs, partial, missing);
        String text;
        try {
            text = template.execute(context);
        } catch (MustacheException.Context e) {
            throw new PromptVariableException(e.key, "the template reads '" + e.key + "', which the inputs of prompt " + id()
                    + " do not have", file(), e.lineNo + parsed.bodyLine() - 1,
                    "give every item the field '" + e.key + "' or fix the name in the template");
        } catch (MustacheException e) {
            throw new PromptException("prompt " + id() + " could not be rendered: " + e.getMessage(), file(), 0,
                    "check the values passed to its sections", e);
        }
        List<Message> messages = new ArrayList<>();
        for (String[] turn : Roles.split(text)) {
            messages.add(switch (turn[0]) {
                case "system" -> Message.system(turn[1]);
                case "assistant" -> Message.assistant(turn[1]);
                default -> Message.user(turn[1]);
            });
        }
        if (messages.isEmpty()) {
            throw new PromptException("prompt " + id() + " rendered to no message", file(), parsed.bodyLine(),
                    "check that the template is not empty and its sections are not all false");
        }
        return new RenderedPrompt(messages, options, missing);
    }

    /**
     * The template context for {@code inputs}: each declared variable's value or default, type-checked; a missing
     * required one is an error, or with {@code partial} a placeholder added to {@code missing}.
     */
    private Map<String, Object> context(Map<String, ?> inputs, boolean partial, List<String> missing) {
        Objects.requireNonNull(inputs, "inputs");
        for (String key : inputs.keySet()) {
            if (!variables.containsKey(key)) {
                throw new PromptVariableException(key, "input '" + key + "' is not declared by prompt " + id(), file(), 0,
                        "declare it under 'inputs:' or stop passing it; declared: " + variables.keySet());
            }
        }
        Map<String, Object> context = new HashMap<>();
        for (Variable v : variables.values()) {
            Object value = inputs.get(v.name());
            if (value == null) {
                value = v.defaultValue();
            }
            if (value == null) {
                if (v.required()) {
                    if (!partial) {
                        throw new PromptVariableException(v.name(), "required input '" + v.name() + "' of prompt " + id()
                                + " is missing", file(), v.line(), "pass a value for '" + v.name() + "' (" + v.type().noun()
                                + (v.description().isEmpty() ? "" : ": " + v.description()) + ")");
                    }
                    missing.add(v.name());
                    context.put(v.name(), placeholder(v.name()));
                } else {
                    context.put(v.name(), null);
                }
                continue;
            }
            check(v, value);
            context.put(v.name(), value);
        }
        return context;
    }

    private Object placeholder(String name) {
        if (sectionNames.contains(name)) {
            return (Mustache.Lambda) (frag, out) -> {
                out.write("{{#" + name + "}}");
                out.write(frag.decompile());
                out.write("{{/" + name + "}}");
            };
        }
        return "{{" + name + "}}";
    }

    private void check(Variable v, Object value) {
        if (!v.type().accepts(value)) {
            throw new PromptVariableException(v.name(), "input '" + v.name() + "' of prompt " + id() + " must be "
                    + v.type().noun() + ", got " + VariableType.describe(value), file(), v.line(),
                    "pass " + v.type().noun() + " or change the declared type");
        }
        if (!v.allowedValues().isEmpty() && !v.allowedValues().contains(String.valueOf(value))) {
            throw new PromptVariableException(v.name(), "input '" + v.name() + "' of prompt " + id() + " is '" + value
                    + "', not one of " + v.allowedValues(), file(), v.line(), "pass one of the allowed values");
        }
        if (value instanceof Collection<?> c && c.stream().anyMatch(Objects::isNull)
                || value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()
                && java.util.Arrays.stream((Object[]) value).anyMatch(Objects::isNull)) {
            throw new PromptVariableException(v.name(), "input '" + v.name() + "' of prompt " + id() + " holds a null item",
                    file(), v.line(), "remove the null items");
        }
    }

    @Override
    public String toString() {
        return id() + " " + renderHash;
    }
}
