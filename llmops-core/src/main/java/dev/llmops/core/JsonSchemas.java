package dev.llmops.core;

import dev.llmops.core.internal.structured.DerivedSchema;

/**
 * JSON Schemas derived from Java records, in the form OpenAI's strict structured outputs accept (and other
 * providers read as plain JSON Schema):
 *
 * <pre>{@code
 * record Order(@NotBlank String customer, @Size(min = 1) List<Item> items, Optional<String> note) {}
 * record Item(@JsonPropertyDescription("catalog name") String product, @Positive int quantity) {}
 *
 * String schema = JsonSchemas.of(Order.class);
 * }</pre>
 *
 * <p>How Java becomes schema:
 * <ul>
 *   <li>A record is an object with one property per component, all listed in {@code required}, and
 *       {@code additionalProperties: false}. Names come from {@code @JsonProperty}, descriptions from
 *       {@code @JsonPropertyDescription} and {@code @JsonClassDescription}.</li>
 *   <li>{@code String}, {@code char} and {@code char[]} are strings; {@code boolean} is a boolean; {@code byte},
 *       {@code short}, {@code int}, {@code long} and {@code BigInteger} are integers; {@code float},
 *       {@code double} and {@code BigDecimal} are numbers.</li>
 *   <li>{@code LocalDate} is a string of format {@code date}; {@code OffsetDateTime}, {@code ZonedDateTime} and
 *       {@code Instant} of format {@code date-time}; {@code UUID} of format {@code uuid}; {@code LocalDateTime}
 *       a string with a pattern (it has no offset, so it is no RFC 3339 date-time); {@code URI} a plain string
 *       (strict mode knows no {@code uri} format).</li>
 *   <li>An enum is an {@code enum} of its constants as Jackson writes them ({@code @JsonProperty} on a
 *       constant, {@code @JsonValue}, {@code toString()}).</li>
 *   <li>{@code List}, {@code Set}, any other {@code Collection} and arrays are arrays of their element type.</li>
 *   <li>{@code Optional<T>}, and a component or type argument annotated with any annotation named
 *       {@code Nullable}, is {@code T} or {@code null}: strict mode has no optional properties, so an absent
 *       value is sent as {@code null}.</li>
 *   <li>A record that contains itself, directly or not, is defined once under {@code $defs} and referenced
 *       with {@code $ref} ({@code #} when it is the root).</li>
 *   <li>Jakarta Validation constraints in the default group become keywords where JSON Schema can say them:
 *       {@code @NotBlank}, {@code @NotEmpty} and {@code @Size} become {@code minLength}/{@code maxLength} or
 *       {@code minItems}/{@code maxItems}; {@code @Min}, {@code @Max}, {@code @DecimalMin},
 *       {@code @DecimalMax}, {@code @Positive}, {@code @PositiveOrZero}, {@code @Negative} and
 *       {@code @NegativeOrZero} become {@code minimum}, {@code maximum}, {@code exclusiveMinimum} or
 *       {@code exclusiveMaximum}; a single flag-less {@code @Pattern} becomes an anchored {@code pattern};
 *       {@code @Email} becomes format {@code email}. Constraints on type arguments
 *       ({@code List<@NotBlank String>}) apply to the elements. The rest is checked by validation once the
 *       answer arrives (see {@link StructuredOutput}).</li>
 * </ul>
 *
 * <p>Thread-safe: each class's schema is derived once and cached.
 */
public final class JsonSchemas {
    private JsonSchemas() {
    }

    /**
     * The JSON Schema of a record (or enum) type, as compact JSON text.
     *
     * @throws IllegalArgumentException when {@code type} or a part of it cannot become a strict schema: a class
     *                                  that is not a record, a {@code Map}, {@code Object}, an interface, a raw
     *                                  or wildcard type, a generic record. The message names the type, the
     *                                  component path (e.g. {@code Order.items[].product}) and the fix.
     */
    public static String of(Class<?> type) {
        return DerivedSchema.of(type).json();
    }
}
