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

    /**
     * In replacement order: Anthropic before OpenAI, since {@code sk-ant-} also has OpenAI's shape. Each shape
     * names the literal prefixes every match starts with, so a text holding none of them skips its regex.
     */
    private static final List<Shape> SHAPES = List.of(
            new Shape("anthropic-key", List.of("sk-ant-"), NOT_AFTER_WORD + "sk-ant-[A-Za-z0-9_-]{20,}"),
            new Shape("openai-key", List.of("sk-"), NOT_AFTER_WORD + "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
            new Shape("google-key", List.of("AIza"), NOT_AFTER_WORD + "AIza[0-9A-Za-z_-]{35}"),
            new Shape("aws-key", List.of("AKIA", "ASIA"), NOT_AFTER_WORD + "(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])"),
            new Shape("github-token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                    NOT_AFTER_WORD + "(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
            new Shape("slack-token", List.of("xox"), NOT_AFTER_WORD + "xox[abposr]-[A-Za-z0-9-]{10,}"),
            new Shape("jwt", List.of("eyJ"), NOT_AFTER_WORD + "eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*"));

    /** A bearer token keeps its scheme so a reader sees what was there: {@code Bearer [REDACTED]}. */
    private static final Pattern BEARER = Pattern.compile("\\b([Bb]earer\\s+)[A-Za-z0-9._~+/-]{16,}=*");
    /** What every {@link #BEARER} match contains. */
    private static final String BEARER_ANCHOR = "earer";

    private static final Set<String> CREDENTIAL_WORDS = Set.of(
            "authorization", "apikey", "token", "secret", "password", "passwd", "credential", "credentials",
            "cookie", "privatekey");

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
        if (result.contains(BEARER_ANCHOR)) {
            result = BEARER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        }
        for (Shape shape : SHAPES) {
            if (shape.mayMatch(result)) {
                result = shape.pattern.matcher(result).replaceAll(shape.replacement);
            }
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
        // Split by hand rather than by regex: trace lines ask this of every property name they write.
        String previous = "";
        int length = key.length();
        int start = 0;
        while (start < length) {
            if (!isAsciiLetterOrDigit(key.charAt(start))) {
                start++;
                continue;
            }
            int end = start + 1;
            while (end < length && isAsciiLetterOrDigit(key.charAt(end)) && !isHump(key.charAt(end - 1), key.charAt(end))) {
                end++;
            }
            String word = key.substring(start, end).toLowerCase(Locale.ROOT);
            if (CREDENTIAL_WORDS.contains(word)
                    || (word.equals("key") && (previous.equals("api") || previous.equals("private")))) {
                return true;
            }
            previous = word;
            start = end;
        }
        return false;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A camel-case hump: a capital right after a lower-case letter or a digit. */
    private static boolean isHump(char before, char c) {
        return c >= 'A' && c <= 'Z' && ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9'));
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
        if (text.contains(BEARER_ANCHOR)) {
            Matcher bearer = BEARER.matcher(text);
            while (bearer.find()) {
                all.add(new Found(bearer.end(1), bearer.end(), "bearer"));
            }
        }
        for (Shape shape : SHAPES) {
            if (!shape.mayMatch(text)) {
                continue;
            }
            Matcher m = shape.pattern.matcher(text);
            while (m.find()) {
                all.add(new Found(m.start(), m.end(), shape.kind));
            }
        }
        if (all.isEmpty()) {
            return List.of();
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
        final List<String> prefixes;
        final Pattern pattern;
        final String replacement;

        Shape(String kind, List<String> prefixes, String regex) {
            this.kind = kind;
            this.prefixes = prefixes;
            this.pattern = Pattern.compile(regex);
            this.replacement = Matcher.quoteReplacement("[REDACTED:" + kind + "]");
        }

        /** Whether {@code text} holds one of the prefixes every match starts with; else the regex cannot match. */
        boolean mayMatch(String text) {
            for (String prefix : prefixes) {
                if (text.contains(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
