package dev.llmops.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Replaces secrets with placeholders before text or JSON leaves the process for a file a person may read
 * or commit: cassettes, traces, logs, reports. It finds three kinds of secret:
 *
 * <ul>
 *   <li>strings shaped like well-known credentials, anywhere in a text: OpenAI ({@code sk-...},
 *       {@code sk-proj-...}), Anthropic ({@code sk-ant-...}), Google ({@code AIza...}), AWS access key ids
 *       ({@code AKIA...}, {@code ASIA...}), GitHub ({@code ghp_...}, {@code gho_...}, {@code github_pat_...}),
 *       Slack ({@code xoxb-...} and the other {@code xox?-} tokens), {@code Bearer <token>} and JWTs
 *       ({@code eyJ...}); each is replaced by {@code [REDACTED:<kind>]}, e.g. {@code [REDACTED:openai-key]};
 *   <li>in JSON, the whole value of a property whose name looks like a credential
 *       ({@link #isCredentialKey(String)}: {@code Authorization}, {@code api-key}, {@code x-api-key},
 *       {@code token}, {@code secret}, {@code password}, ...), replaced by {@value #REDACTED};
 *   <li>literal secrets the caller registers with {@link #withLiterals(Collection)} (the API key a test was
 *       configured with), replaced by {@value #REDACTED} wherever they occur.
 * </ul>
 *
 * <p>Scrubbing is idempotent ({@code scrub(scrub(x)).equals(scrub(x))}) and deterministic, so two values
 * that were equal before scrubbing are equal after it: a cassette can match scrubbed requests.
 *
 * <pre>{@code
 * @Test
 * void keepsTheApiKeyOutOfTheTrace() {
 *     SecretScrubber scrubber = SecretScrubber.standard().withLiterals(List.of("my-test-key-123"));
 *
 *     assertThat(scrubber.scrub("Authorization: Bearer my-test-key-123"))
 *             .isEqualTo("Authorization: Bearer [REDACTED]");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretScrubber {
    /** What a registered literal secret or a credential-named property's value is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    /** The shortest literal secret accepted; shorter strings would redact ordinary words. */
    public static final int MIN_LITERAL_LENGTH = 6;

    private static final String NOT_AFTER_WORD = "(?<![A-Za-z0-9_-])";

    /** In replacement order: Anthropic before OpenAI, since {@code sk-ant-} also has OpenAI's shape. */
    private static final List<Shape> SHAPES = List.of(
            new Shape("anthropic-key", NOT_AFTER_WORD + "sk-ant-[A-Za-z0-9_-]{20,}"),
            new Shape("openai-key", NOT_AFTER_WORD + "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
            new Shape("google-key", NOT_AFTER_WORD + "AIza[0-9A-Za-z_-]{35}"),
            new Shape("aws-key", NOT_AFTER_WORD + "(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])"),
            new Shape("github-token", NOT_AFTER_WORD + "(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
            new Shape("slack-token", NOT_AFTER_WORD + "xox[abposr]-[A-Za-z0-9-]{10,}"),
            new Shape("jwt", NOT_AFTER_WORD + "eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*"));

    /** A bearer token keeps its scheme so a reader sees what was there: {@code Bearer [REDACTED]}. */
    private static final Pattern BEARER = Pattern.compile("\\b([Bb]earer\\s+)[A-Za-z0-9._~+/-]{16,}=*");

    private static final Set<String> CREDENTIAL_WORDS = Set.of(
            "authorization", "apikey", "token", "secret", "password", "passwd", "credential", "credentials",
            "cookie", "privatekey");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    private static final SecretScrubber STANDARD = new SecretScrubber(List.of());

    private final List<String> literals;

    private SecretScrubber(List<String> literals) {
        this.literals = literals;
    }

    /** A scrubber for the built-in credential shapes and credential-named properties. */
    public static SecretScrubber standard() {
        return STANDARD;
    }

    /**
     * This scrubber, also replacing each of {@code secrets} wherever it occurs.
     *
     * @throws IllegalArgumentException when a secret is blank or shorter than {@value #MIN_LITERAL_LENGTH}
     *                                  characters
     */
    public SecretScrubber withLiterals(Collection<String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        List<String> all = new ArrayList<>(literals);
        for (String secret : secrets) {
            Objects.requireNonNull(secret, "secret");
            if (secret.isBlank() || secret.length() < MIN_LITERAL_LENGTH) {
                throw new IllegalArgumentException("secret literal of " + secret.length() + " characters is too short to redact safely: "
                        + "register the real secret (at least " + MIN_LITERAL_LENGTH + " characters), such as the API key value");
            }
            if (!all.contains(secret)) {
                all.add(secret);
            }
        }
        // Longest first, so a secret containing another is replaced whole.
        all.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretScrubber(List.copyOf(all));
    }

    /** {@code text} with every secret it contains replaced. */
    public String scrub(String text) {
        Objects.requireNonNull(text, "text");
        String result = text;
        for (String literal : literals) {
            result = result.replace(literal, REDACTED);
        }
        result = BEARER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        for (Shape shape : SHAPES) {
            result = shape.pattern.matcher(result).replaceAll(shape.replacement);
        }
        return result;
    }

    /**
     * A scrubbed copy of {@code node}: every string value scrubbed as {@link #scrub(String)} does, and the
     * value of every property named like a credential replaced by {@value #REDACTED} (a nested object or
     * array under such a name is replaced whole). Property names are kept. {@code node} is not changed.
     */
    public JsonNode scrub(JsonNode node) {
        Objects.requireNonNull(node, "node");
        if (node.isString()) {
            String text = node.stringValue();
            String scrubbed = scrub(text);
            return scrubbed.equals(text) ? node : StringNode.valueOf(scrubbed);
        }
        if (node.isObject()) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode value = property.getValue();
                boolean redact = isCredentialKey(property.getKey()) && !value.isNull() && !value.isMissingNode();
                copy.set(property.getKey(), redact ? StringNode.valueOf(REDACTED) : scrub(value));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            for (JsonNode element : node) {
                copy.add(scrub(element));
            }
            return copy;
        }
        return node;
    }

    /**
     * Whether a header, metadata or property name names a credential. The name is split into words at
     * punctuation and camel-case humps; it is a credential when a word is one of {@code authorization},
     * {@code token}, {@code secret}, {@code password}, {@code passwd}, {@code credential(s)}, {@code cookie},
     * {@code apikey} or {@code privatekey}, or two adjacent words are {@code api key} or {@code private key}.
     * So {@code Authorization}, {@code x-api-key}, {@code apiKey}, {@code access_token} and
     * {@code client.secret} are credentials; {@code maxTokens}, {@code inputTokens} and {@code secretary}
     * are not.
     */
    public static boolean isCredentialKey(String key) {
        Objects.requireNonNull(key, "key");
        String previous = "";
        for (String raw : WORD_BOUNDARY.split(key)) {
            String word = raw.toLowerCase(Locale.ROOT);
            if (CREDENTIAL_WORDS.contains(word)
                    || (word.equals("key") && (previous.equals("api") || previous.equals("private")))) {
                return true;
            }
            if (!word.isEmpty()) {
                previous = word;
            }
        }
        return false;
    }

    /**
     * Where the secrets in {@code text} are, without replacing them: registered literals, bearer tokens (the
     * token only, not the {@code Bearer} scheme) and the credential shapes, in the order of {@code text}. Found
     * spans never overlap; where two would, the one that starts first (else the longer) is kept. For callers that
     * replace secrets their own way, such as a redactor that numbers its placeholders.
     */
    public List<Found> find(String text) {
        Objects.requireNonNull(text, "text");
        List<Found> all = new ArrayList<>();
        for (String literal : literals) {
            for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length())) {
                all.add(new Found(at, at + literal.length(), "literal"));
            }
        }
        Matcher bearer = BEARER.matcher(text);
        while (bearer.find()) {
            all.add(new Found(bearer.end(1), bearer.end(), "bearer"));
        }
        for (Shape shape : SHAPES) {
            Matcher m = shape.pattern.matcher(text);
            while (m.find()) {
                all.add(new Found(m.start(), m.end(), shape.kind));
            }
        }
        all.sort(Comparator.comparingInt(Found::start).thenComparing(Comparator.comparingInt(Found::end).reversed()));
        List<Found> kept = new ArrayList<>();
        int end = 0;
        for (Found found : all) {
            if (found.start() >= end) {
                kept.add(found);
                end = found.end();
            }
        }
        return kept;
    }

    /**
     * One secret {@link #find(String)} found.
     *
     * @param start the index of its first character
     * @param end   the index after its last character
     * @param kind  {@code literal}, {@code bearer}, or a shape such as {@code openai-key}
     */
    public record Found(int start, int end, String kind) {
    }

    @Override
    public String toString() {
        return "SecretScrubber[" + SHAPES.size() + " shapes, bearer tokens, " + literals.size() + " literals]";
    }

    private static final class Shape {
        final String kind;
        final Pattern pattern;
        final String replacement;

        Shape(String kind, String regex) {
            this.kind = kind;
            this.pattern = Pattern.compile(regex);
            this.replacement = Matcher.quoteReplacement("[REDACTED:" + kind + "]");
        }
    }
}
