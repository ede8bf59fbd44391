package dev.llmops.core.internal.structured;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns the Jakarta Validation constraints on a value into the JSON Schema keywords that say the same thing,
 * where JSON Schema can say it. Constraints outside the default group are left out: they are not checked by
 * a plain {@code validate(value)} either. What the schema cannot say (a second {@code @Pattern}, a pattern
 * with flags, {@code @Past}) is still enforced by validation after the answer arrives.
 *
 * <p>Thread-safe (stateless).
 */
final class ConstraintKeywords {
    /** The constraints this class maps; they make no sense on an {@code Optional} itself. */
    static final Set<Class<? extends Annotation>> MAPPED = Set.of(NotBlank.class, NotEmpty.class, Size.class,
            Pattern.class, Email.class, Min.class, Max.class, DecimalMin.class, DecimalMax.class, Positive.class,
            PositiveOrZero.class, Negative.class, NegativeOrZero.class);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConstraintKeywords() {
    }

    /** {@code minLength}, {@code maxLength}, {@code pattern} and {@code format} for a string. */
    static Map<String, JsonNode> forString(List<Annotation> annotations) {
        Lengths lengths = new Lengths();
        List<Pattern> patterns = new ArrayList<>();
        boolean email = false;
        for (Annotation a : annotations) {
            switch (a) {
                case NotBlank c when inDefaultGroup(c.groups()) -> lengths.atLeast(1);
                case NotEmpty c when inDefaultGroup(c.groups()) -> lengths.atLeast(1);
                case Size c when inDefaultGroup(c.groups()) -> lengths.between(c.min(), c.max());
                case Pattern c when inDefaultGroup(c.groups()) -> patterns.add(c);
                case Email c when inDefaultGroup(c.groups()) -> email = true;
                default -> {
                }
            }
        }
        Map<String, JsonNode> keywords = new LinkedHashMap<>();
        lengths.write("minLength", "maxLength", keywords);
        // JSON Schema holds one pattern; with several, validation checks them all after the answer arrives.
        if (patterns.size() == 1 && patterns.get(0).flags().length == 0) {
            keywords.put("pattern", NODES.stringNode(anchored(patterns.get(0).regexp())));
        }
        if (email) {
            keywords.put("format", NODES.stringNode("email"));
        }
        return keywords;
    }

    /** {@code minItems} and {@code maxItems} for a list, set or array. */
    static Map<String, JsonNode> forArray(List<Annotation> annotations) {
        Lengths lengths = new Lengths();
        for (Annotation a : annotations) {
            switch (a) {
                case NotEmpty c when inDefaultGroup(c.groups()) -> lengths.atLeast(1);
                case Size c when inDefaultGroup(c.groups()) -> lengths.between(c.min(), c.max());
                default -> {
                }
            }
        }
        Map<String, JsonNode> keywords = new LinkedHashMap<>();
        lengths.write("minItems", "maxItems", keywords);
        return keywords;
    }

    /** {@code minimum}/{@code exclusiveMinimum} and {@code maximum}/{@code exclusiveMaximum} for a number. */
    static Map<String, JsonNode> forNumber(List<Annotation> annotations) {
        Bound lower = null;
        Bound upper = null;
        for (Annotation a : annotations) {
            switch (a) {
                case Min c when inDefaultGroup(c.groups()) -> lower = Bound.tighterLower(lower, BigDecimal.valueOf(c.value()), false);
                case Max c when inDefaultGroup(c.groups()) -> upper = Bound.tighterUpper(upper, BigDecimal.valueOf(c.value()), false);
                case DecimalMin c when inDefaultGroup(c.groups()) -> lower = Bound.tighterLower(lower, decimal(c.value(), "@DecimalMin"), !c.inclusive());
                case DecimalMax c when inDefaultGroup(c.groups()) -> upper = Bound.tighterUpper(upper, decimal(c.value(), "@DecimalMax"), !c.inclusive());
                case Positive c when inDefaultGroup(c.groups()) -> lower = Bound.tighterLower(lower, BigDecimal.ZERO, true);
                case PositiveOrZero c when inDefaultGroup(c.groups()) -> lower = Bound.tighterLower(lower, BigDecimal.ZERO, false);
                case Negative c when inDefaultGroup(c.groups()) -> upper = Bound.tighterUpper(upper, BigDecimal.ZERO, true);
                case NegativeOrZero c when inDefaultGroup(c.groups()) -> upper = Bound.tighterUpper(upper, BigDecimal.ZERO, false);
                default -> {
                }
            }
        }
        Map<String, JsonNode> keywords = new LinkedHashMap<>();
        if (lower != null) {
            keywords.put(lower.exclusive ? "exclusiveMinimum" : "minimum", number(lower.value));
        }
        if (upper != null) {
            keywords.put(upper.exclusive ? "exclusiveMaximum" : "maximum", number(upper.value));
        }
        return keywords;
    }

    /**
     * A Java regex that must match the whole value, as a JSON Schema pattern (which matches anywhere in the
     * value unless anchored).
     */
    static String anchored(String regexp) {
        if (regexp.startsWith("^") && regexp.endsWith("$") && !regexp.endsWith("\\$") && !regexp.contains("|")) {
            return regexp;
        }
        return "^(?:" + regexp + ")$";
    }

    private static boolean inDefaultGroup(Class<?>[] groups) {
        return groups.length == 0 || List.of(groups).contains(Default.class);
    }

    private static BigDecimal decimal(String value, String annotation) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(annotation + "(\"" + value + "\") is not a decimal number: write it like \"0.5\"", e);
        }
    }

    /** A number node without a needless fraction or exponent: 5, not 5.0 or 5E+0. */
    private static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            BigInteger integer = stripped.toBigIntegerExact();
            return NODES.numberNode(integer);
        }
        return NODES.numberNode(stripped);
    }

    /** The tightest length (or item count) range seen so far. */
    private static final class Lengths {
        private int min;
        private int max = Integer.MAX_VALUE;

        void atLeast(int n) {
            min = Math.max(min, n);
        }

        void between(int lo, int hi) {
            min = Math.max(min, lo);
            max = Math.min(max, hi);
        }

        void write(String minKeyword, String maxKeyword, Map<String, JsonNode> keywords) {
            if (min > 0) {
                keywords.put(minKeyword, NODES.numberNode(BigInteger.valueOf(min)));
            }
            if (max < Integer.MAX_VALUE) {
                keywords.put(maxKeyword, NODES.numberNode(BigInteger.valueOf(max)));
            }
        }
    }

    /** One end of a numeric range. */
    private record Bound(BigDecimal value, boolean exclusive) {
        static Bound tighterLower(Bound current, BigDecimal value, boolean exclusive) {
            if (current == null) {
                return new Bound(value, exclusive);
            }
            int c = value.compareTo(current.value);
            return c > 0 || (c == 0 && exclusive) ? new Bound(value, exclusive) : current;
        }

        static Bound tighterUpper(Bound current, BigDecimal value, boolean exclusive) {
            if (current == null) {
                return new Bound(value, exclusive);
            }
            int c = value.compareTo(current.value);
            return c < 0 || (c == 0 && exclusive) ? new Bound(value, exclusive) : current;
        }
    }
}
