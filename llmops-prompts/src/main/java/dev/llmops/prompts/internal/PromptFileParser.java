package dev.llmops.prompts.internal;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.JsonSchemas;
import dev.llmops.core.ResponseFormat;
import dev.llmops.prompts.PromptAssertion;
import dev.llmops.prompts.PromptFormatException;
import dev.llmops.prompts.PromptTestCase;
import dev.llmops.prompts.PromptVariableException;
import dev.llmops.prompts.Variable;
import dev.llmops.prompts.VariableType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a {@code .prompt} file (or a Microsoft Prompty {@code .prompty} file) into a {@link ParsedPrompt}: YAML
 * front matter between {@code ---} lines, then the template with {@code system:}, {@code user:} and
 * {@code assistant:} lines starting role sections.
 *
 * <p>Thread-safe (stateless).
 */
public final class PromptFileParser {
    private static final Logger LOG = LoggerFactory.getLogger(PromptFileParser.class);

    /** Names and versions: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> PROMPT_FIELDS = Set.of("name", "version", "description", "author", "message",
            "model", "inputs", "output", "tags", "tests");
    private static final Pattern JINJA_BLOCK = Pattern.compile("\\{%|\\{\\{[^}]*\\|");

    private PromptFileParser() {
    }

    /**
     * Parses a prompt file.
     *
     * @param file           the file's name in messages
     * @param rawText        its text
     * @param defaultName    the name when the front matter has none (the directory's), or null
     * @param defaultVersion the version when the front matter has none (the file name's), or null
     * @param prompty        whether it is a Prompty file
     * @param classLoader    loads the Java type an output may name
     */
    public static ParsedPrompt parse(String file, String rawText, String defaultName, String defaultVersion,
                                     boolean prompty, ClassLoader classLoader) {
        String text = Hashing.normalize(rawText);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.startsWith("---\n")) {
            throw new PromptFormatException("the file does not start with a '---' line", file, 1,
                    "begin the file with YAML front matter between two '---' lines (name, version, inputs), then the template");
        }
        int end = text.indexOf("\n---\n", 3);
        boolean endsAtEof = false;
        if (end < 0 && text.endsWith("\n---")) {
            end = text.length() - 4;
            endsAtEof = true;
        }
        if (end < 0) {
            throw new PromptFormatException("the front matter is never closed", file, 1,
                    "end the front matter with a line holding only '---', followed by the template");
        }
        String front = text.substring(4, end + 1);
        String body = endsAtEof ? "" : text.substring(end + 5);
        int bodyLine = (int) text.substring(0, end + 5).chars().filter(c -> c == '\n').count() + 1;
        Yaml yaml = new Yaml(file, 2);
        Node root = yaml.parse(front).orElseThrow(() -> new PromptFormatException("the front matter is empty", file, 2,
                "declare at least the inputs the template uses"));
        Map<String, Node> fields = yaml.mapping(root, "the front matter");
        if (!prompty) {
            for (String key : fields.keySet()) {
                if (!PROMPT_FIELDS.contains(key)) {
                    throw new PromptFormatException("unknown field '" + key + "'", file, yaml.keyLine(root, key),
                            "use only " + new java.util.TreeSet<>(PROMPT_FIELDS) + " (a .prompty file may use Prompty's fields)");
                }
            }
        }
        return new Reader(file, yaml, root, fields, prompty, classLoader)
                .read(text, body, bodyLine, defaultName, defaultVersion);
    }

    /**
     * Checks that every name the template uses outside list and object sections is declared.
     *
     * @throws PromptVariableException naming the first undeclared variable and its line
     */
    public static void checkReferences(TemplateScan scan, List<Variable> variables, String file) {
        Map<String, Variable> declared = new LinkedHashMap<>();
        variables.forEach(v -> declared.put(v.name(), v));
        for (TemplateScan.Tag tag : scan.tags()) {
            if (tag.kind() == TemplateScan.Kind.PARTIAL || isSpecial(tag.name())) {
                continue;
            }
            boolean inElementScope = tag.sections().stream().anyMatch(s -> {
                Variable v = declared.get(rootOf(s));
                return v == null || v.type() == VariableType.LIST || v.type() == VariableType.OBJECT
                        || v.type() == VariableType.ANY;
            });
            if (!inElementScope && !declared.containsKey(tag.root())) {
                throw new PromptVariableException(tag.root(), "the template uses variable '" + tag.root()
                        + "', which is not declared in inputs", file, tag.line(),
                        "declare it under 'inputs:' (with its type) or fix the name; declared: " + declared.keySet());
            }
        }
    }

    private static boolean isSpecial(String name) {
        return name.equals(".") || name.equals("this") || name.startsWith("-") || name.startsWith("this.");
    }

    private static String rootOf(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Reads the fields of one front matter. Not thread-safe. */
    private record Reader(String file, Yaml yaml, Node root, Map<String, Node> fields, boolean prompty,
                          ClassLoader classLoader) {

        ParsedPrompt read(String text, String body, int bodyLine, String defaultName, String defaultVersion) {
            String name = id("name", defaultName, "the prompt's directory name");
            String version = id("version", defaultVersion, "the file name without extension");
            String description = optional("description");
            String author = prompty && fields.containsKey("authors")
                    ? String.join(", ", yaml.strings(fields.get("authors"), "authors"))
                    : optional("author");
            String message = optional("message");
            ChatOptions options = model();
            String schema = prompty ? promptyOutputs() : output();
            if (schema != null) {
                options = options.withResponseFormat(ResponseFormat.jsonSchema(schemaName(name), schema,
                        fields.containsKey("output") && yaml.mapping(fields.get("output"), "output").containsKey("type")));
            }
            List<String> tags = fields.containsKey("tags") ? yaml.strings(fields.get("tags"), "tags") : List.of();
            Map<String, Object> samples = new LinkedHashMap<>();
            if (prompty && fields.containsKey("sample") && yaml.value(fields.get("sample")) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> samples.put(String.valueOf(k), v));
            }
            checkJinja(body, bodyLine);
            TemplateScan scan = TemplateScan.of(body, file, bodyLine);
            List<Variable> variables = inputs(scan);
            checkRoles(body, bodyLine);
            checkReferences(scan, variables);
            List<PromptTestCase> tests = tests(schema);
            return new ParsedPrompt(name, version, description, author, message, options, variables,
                    schema == null ? "" : schema, tags, tests, samples, file, text, Hashing.contentHash(text), body, bodyLine, scan);
        }

        private String id(String key, String fallback, String where) {
            if (prompty && fallback != null) {
                // In a registry a Prompty file is named by its place: Prompty names are display names ("Basic Prompt").
                return fallback;
            }
            Node node = fields.get(key);
            String value = node == null ? fallback : yaml.scalar(node, key);
            if (value == null) {
                throw new PromptFormatException("the prompt has no " + key, file, 2,
                        "add '" + key + ":' to the front matter or load the file from a registry, which takes it from " + where);
            }
            if (!NAME.matcher(value).matches()) {
                throw new PromptFormatException(key + " '" + value + "' is invalid", file, node == null ? 0 : yaml.line(node),
                        "use letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
            if (node != null && fallback != null && !fallback.equals(value)) {
                throw new PromptFormatException(key + " '" + value + "' does not match " + where + " '" + fallback + "'",
                        file, yaml.line(node), "rename the file or directory, or change '" + key + ":' so they agree");
            }
            return value;
        }

        private String optional(String key) {
            Node node = fields.get(key);
            return node == null ? "" : yaml.optionalScalar(node, key).orElse("");
        }

        private ChatOptions model() {
            Node node = fields.get("model");
            if (node == null) {
                return ChatOptions.defaults();
            }
            if (!prompty && !(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
                return ChatOptions.of(yaml.scalar(node, "model"));
            }
            Map<String, Node> model = yaml.mapping(node, "model");
            ChatOptions options = ChatOptions.defaults();
            String id = null;
            for (String key : List.of("id", "name")) {
                if (model.containsKey(key)) {
                    id = yaml.scalar(model.get(key), "model." + key);
                }
            }
            if (prompty && model.containsKey("configuration")) {
                Map<String, Node> conf = yaml.mapping(model.get("configuration"), "model.configuration");
                for (String key : List.of("azure_deployment", "model", "name")) {
                    if (conf.containsKey(key) && id == null) {
                        id = yaml.scalar(conf.get(key), "model.configuration." + key);
                    }
                }
            }
            if (id != null && !id.isBlank() && !id.startsWith("${")) {
                options = options.withModel(id);
            }
            for (String key : model.keySet()) {
                if (!prompty && !Set.of("id", "name", "parameters").contains(key)) {
                    throw new PromptFormatException("unknown model field '" + key + "'", file, yaml.keyLine(node, key),
                            "use model.id and model.parameters");
                }
            }
            if (model.containsKey("parameters")) {
                options = parameters(model.get("parameters"), options);
            }
            return options;
        }

        private ChatOptions parameters(Node node, ChatOptions options) {
            Map<String, Node> params = yaml.mapping(node, "model.parameters");
            for (Map.Entry<String, Node> e : params.entrySet()) {
                Node v = e.getValue();
                String key = e.getKey();
                try {
                    options = switch (key) {
                        case "temperature" -> options.withTemperature(yaml.number(v, key));
                        case "top_p", "topP" -> options.withTopP(yaml.number(v, key));
                        case "max_tokens", "maxTokens", "max_completion_tokens" -> options.withMaxTokens((int) yaml.number(v, key));
                        case "seed" -> options.withSeed((long) yaml.number(v, key));
                        case "stop" -> options.withStop(yaml.strings(v, key));
                        default -> {
                            if (prompty) {
                                LOG.warn("{}:{}: Prompty parameter '{}' has no llmops option and is ignored", file, yaml.line(v), key);
                                yield options;
                            }
                            throw new PromptFormatException("unknown model parameter '" + key + "'", file, yaml.keyLine(node, key),
                                    "use temperature, top_p, max_tokens, stop or seed");
                        }
                    };
                } catch (IllegalArgumentException ex) {
                    throw new PromptFormatException("model parameter '" + key + "' is invalid: " + ex.getMessage(), file,
                            yaml.line(v), "fix the value");
                }
            }
            return options;
        }

        private String output() {
            Node node = fields.get("output");
            if (node == null) {
                return null;
            }
            Map<String, Node> output = yaml.mapping(node, "output");
            if (output.containsKey("schema") == output.containsKey("type")) {
                throw new PromptFormatException("output must give exactly one of 'schema' and 'type'", file, yaml.line(node),
                        "write output.schema (a JSON Schema in YAML) or output.type (a record's class name)");
            }
            if (output.containsKey("schema")) {
                return schemaJson(output.get("schema"));
            }
            Node typeNode = output.get("type");
            String className = yaml.scalar(typeNode, "output.type");
            try {
                return JsonSchemas.of(Class.forName(className, false, classLoader));
            } catch (ClassNotFoundException e) {
                throw new PromptFormatException("output type " + className + " is not on the classpath", file, yaml.line(typeNode),
                        "give the fully qualified name of a record (e.g. com.example.Answer), or use output.schema");
            } catch (IllegalArgumentException e) {
                throw new PromptFormatException("output type " + className + " has no JSON Schema: " + e.getMessage(), file,
                        yaml.line(typeNode), "use a record JsonSchemas can describe, or output.schema");
            }
        }

        private String schemaJson(Node node) {
            Object schema = yaml.value(node);
            if (!(schema instanceof Map<?, ?>)) {
                throw yaml.error(node, "output schema must be a mapping", "write the JSON Schema as a YAML mapping");
            }
            return PromptJson.MAPPER.writeValueAsString(schema);
        }

        /** Prompty v1 {@code outputs: {field: {type, description}}} as an object schema. */
        private String promptyOutputs() {
            Node node = fields.get("outputs");
            if (node == null) {
                return null;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : yaml.mapping(node, "outputs").entrySet()) {
                Map<String, Object> property = new LinkedHashMap<>();
                Map<String, Node> decl = yaml.mapping(e.getValue(), "outputs." + e.getKey());
                String type = decl.containsKey("type") ? yaml.scalar(decl.get("type"), "type") : "string";
                property.put("type", "list".equals(type) ? "array" : type);
                if (decl.containsKey("description")) {
                    property.put("description", yaml.scalar(decl.get("description"), "description"));
                }
                properties.put(e.getKey(), property);
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            schema.put("required", new ArrayList<>(properties.keySet()));
            return PromptJson.MAPPER.writeValueAsString(schema);
        }

        private List<Variable> inputs(TemplateScan scan) {
            Node node = fields.get("inputs");
            if (node == null) {
                if (!prompty) {
                    return List.of();
                }
                // A Prompty file may leave its inputs undeclared: every top-level name becomes an optional input.
                Set<String> names = new LinkedHashSet<>();
                scan.tags().stream().filter(t -> t.kind() != TemplateScan.Kind.PARTIAL && t.sections().isEmpty())
                        .forEach(t -> names.add(t.root()));
                return names.stream().map(n -> Variable.of(n, VariableType.ANY, false)).toList();
            }
            List<Variable> variables = new ArrayList<>();
            for (Map.Entry<String, Node> e : yaml.mapping(node, "inputs").entrySet()) {
                variables.add(variable(e.getKey(), e.getValue(), yaml.keyLine(node, e.getKey())));
            }
            return variables;
        }

        private Variable variable(String name, Node node, int line) {
            if (!(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
                String type = yaml.optionalScalar(node, "inputs." + name).orElse("any");
                return new Variable(name, type(type, node, name), !prompty, null, List.of(), "", line);
            }
            Map<String, Node> decl = yaml.mapping(node, "inputs." + name);
            for (String key : decl.keySet()) {
                if (!prompty && !Set.of("type", "required", "default", "enum", "allowed", "description").contains(key)) {
                    throw new PromptFormatException("unknown field '" + key + "' of input '" + name + "'", file,
                            yaml.keyLine(node, key), "use type, required, default, enum and description");
                }
            }
            VariableType type = decl.containsKey("type") ? type(yaml.scalar(decl.get("type"), "type"), decl.get("type"), name)
                    : VariableType.STRING;
            Object defaultValue = decl.containsKey("default") ? yaml.value(decl.get("default")) : null;
            if (defaultValue != null && !type.accepts(defaultValue)) {
                throw new PromptVariableException(name, "the default of input '" + name + "' is not " + type.noun(), file,
                        yaml.line(decl.get("default")), "make the default " + type.noun() + " or change the type");
            }
            boolean required = decl.containsKey("required")
                    ? Boolean.TRUE.equals(yaml.value(decl.get("required")))
                    : defaultValue == null && !prompty;
            List<String> allowed = decl.containsKey("enum") ? yaml.strings(decl.get("enum"), "enum")
                    : decl.containsKey("allowed") ? yaml.strings(decl.get("allowed"), "allowed") : List.of();
            if (defaultValue != null && !allowed.isEmpty() && !allowed.contains(String.valueOf(defaultValue))) {
                throw new PromptVariableException(name, "the default '" + defaultValue + "' of input '" + name
                        + "' is not one of its allowed values " + allowed, file, yaml.line(decl.get("default")),
                        "choose a default among the allowed values");
            }
            String description = decl.containsKey("description")
                    ? yaml.optionalScalar(decl.get("description"), "description").orElse("") : "";
            return new Variable(name, type, required, defaultValue, allowed, description, line);
        }

        private VariableType type(String type, Node node, String variable) {
            try {
                return VariableType.parse(type);
            } catch (IllegalArgumentException e) {
                throw new PromptVariableException(variable, "input '" + variable + "' has unknown type '" + type + "'", file,
                        yaml.line(node), "use one of string, integer, number, boolean, list, object, any");
            }
        }

        private void checkJinja(String body, int bodyLine) {
            var m = JINJA_BLOCK.matcher(body);
            if (m.find()) {
                int line = bodyLine + (int) body.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new PromptFormatException("Jinja2 syntax ('{%' blocks or '|' filters) is not supported", file, line,
                        "rewrite it in Mustache: {{#items}}...{{/items}} for loops, {{^flag}}...{{/flag}} for 'if not'");
            }
        }

        /** Text before the first role line is an error when the template has role lines at all. */
        private void checkRoles(String body, int bodyLine) {
            List<Roles.Marker> markers = Roles.markers(body);
            if (markers.isEmpty()) {
                return;
            }
            String before = body.substring(0, markers.get(0).start());
            if (!before.isBlank()) {
                throw new PromptFormatException("template text comes before the first role line", file, bodyLine,
                        "start the template with a 'system:' or 'user:' line, or drop the role lines to send it all as one user message");
            }
        }

        /** Every name used outside list and object sections must be declared. */
        private void checkReferences(TemplateScan scan, List<Variable> variables) {
            PromptFileParser.checkReferences(scan, variables, file);
        }

        private List<PromptTestCase> tests(String schema) {
            Node node = fields.get("tests");
            if (node == null) {
                return List.of();
            }
            List<PromptTestCase> tests = new ArrayList<>();
            int i = 0;
            for (Node caseNode : yaml.sequence(node, "tests")) {
                i++;
                Map<String, Node> c = yaml.mapping(caseNode, "test case " + i);
                String name = c.containsKey("name") ? yaml.scalar(c.get("name"), "name") : "case " + i;
                Map<String, Object> inputs = new LinkedHashMap<>();
                if (c.containsKey("inputs")) {
                    yaml.mapping(c.get("inputs"), "inputs of test '" + name + "'")
                            .forEach((k, v) -> inputs.put(k, yaml.value(v)));
                }
                Node asserts = c.get("assert");
                if (asserts == null) {
                    throw yaml.error(caseNode, "test '" + name + "' has no 'assert' list",
                            "add assert: [{contains: ...}] with contains, not-contains, regex or json-schema-valid");
                }
                List<PromptAssertion> assertions = new ArrayList<>();
                for (Node a : yaml.sequence(asserts, "assert of test '" + name + "'")) {
                    assertions.add(assertion(a, name, schema));
                }
                tests.add(new PromptTestCase(name, inputs, assertions, yaml.line(caseNode)));
            }
            return tests;
        }

        private PromptAssertion assertion(Node node, String test, String schema) {
            Map<String, Node> a = yaml.mapping(node, "an assertion of test '" + test + "'");
            if (a.size() != 1) {
                throw yaml.error(node, "an assertion of test '" + test + "' must have exactly one key",
                        "write one of contains, not-contains, regex, json-schema-valid per list item");
            }
            Map.Entry<String, Node> e = a.entrySet().iterator().next();
            Node v = e.getValue();
            try {
                return switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "contains" -> new PromptAssertion.Contains(yaml.scalar(v, "contains"));
                    case "not-contains", "not_contains" -> new PromptAssertion.NotContains(yaml.scalar(v, "not-contains"));
                    case "regex" -> new PromptAssertion.Regex(yaml.scalar(v, "regex"));
                    case "json-schema-valid", "json_schema_valid" -> {
                        if (v instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
                            yield new PromptAssertion.JsonSchemaValid(schemaJson(v));
                        }
                        if (schema == null) {
                            throw yaml.error(v, "json-schema-valid: true needs an output schema, and the prompt has none",
                                    "declare output.schema or output.type, or give the schema here");
                        }
                        yield new PromptAssertion.JsonSchemaValid(schema);
                    }
                    default -> throw yaml.error(node, "unknown assertion '" + e.getKey() + "' in test '" + test + "'",
                            "use contains, not-contains, regex or json-schema-valid");
                };
            } catch (IllegalArgumentException ex) {
                throw yaml.error(v, ex.getMessage(), "fix the assertion");
            }
        }

        private static String schemaName(String name) {
            String n = name.replaceAll("[^A-Za-z0-9_-]", "_");
            return n.length() > 64 ? n.substring(0, 64) : n;
        }
    }
}
