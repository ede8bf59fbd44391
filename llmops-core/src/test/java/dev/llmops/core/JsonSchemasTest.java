package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.llmops.core.internal.Json;
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
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class JsonSchemasTest {

    /** Declaration-style, like javax.annotation.Nullable. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @interface Nullable {
    }

    /** Type-use style, like org.jspecify.annotations.Nullable; nested so the simple name is the same. */
    static final class TypeUse {
        @Retention(RetentionPolicy.RUNTIME)
        @Target(ElementType.TYPE_USE)
        @interface Nullable {
        }
    }

    record Scalars(String text, boolean flag, Boolean boxedFlag, int count) {
    }

    record Integrals(byte b, short s, int i, long l, Integer boxed, BigInteger big) {
    }

    record Floatings(float f, double d, Double boxed, BigDecimal decimal) {
    }

    record Chars(char c, Character boxed, char[] chars) {
    }

    enum Color {
        RED,
        @JsonProperty("verde") GREEN,
        BLUE {
            @Override
            public String toString() {
                return "blau";
            }
        }
    }

    enum Level {
        LOW(1), HIGH(9);

        private final int code;

        Level(int code) {
            this.code = code;
        }

        @JsonValue
        int code() {
            return code;
        }
    }

    record Paint(Color color, Level level) {
    }

    record Collections(List<String> list, Set<Integer> set, Collection<Boolean> collection, String[] array,
            List<List<Double>> nested) {
    }

    record Address(String street, String city) {
    }

    record Customer(String name, Address address) {
    }

    record Optionals(Optional<String> note, Optional<List<String>> tags, Optional<Address> address,
            Optional<Color> color) {
    }

    record Nullables(@Nullable String declared, @TypeUse.Nullable String typeUse, List<@TypeUse.Nullable String> elements,
            @Nullable Integer boxed) {
    }

    record Temporals(LocalDate date, LocalDateTime local, OffsetDateTime offset, Instant instant, UUID id, URI uri) {
    }

    record Node(String label, List<Node> children) {
    }

    record Tree(String name, Optional<Branch> root) {
    }

    record Branch(String label, Optional<Branch> left, Optional<Branch> right) {
    }

    record Person(String name, Optional<Pet> pet) {
    }

    record Pet(String name, Optional<Person> owner) {
    }

    @JsonClassDescription("A postal location")
    record Described(@JsonPropertyDescription("Street and number") String street, Address plain,
            @JsonPropertyDescription("Where parcels go") Place delivery) {
    }

    @JsonClassDescription("A place on the map")
    record Place(String name) {
    }

    record Renamed(@JsonProperty("full_name") String fullName, @JsonProperty String city) {
    }

    record StringConstraints(@NotBlank String blank, @NotEmpty String empty, @Size(min = 2, max = 5) String sized,
            @Pattern(regexp = "[A-Z]{3}") String code, @Pattern(regexp = "^[a-z]+$") String anchored,
            @Email String email, @Size(min = 3) @NotBlank String tightest) {
    }

    record ListConstraints(@NotEmpty List<String> notEmpty, @Size(min = 1, max = 3) Set<String> sized,
            @Size(max = 2) String[] array, List<@NotBlank @Size(max = 10) String> elements) {
    }

    record NumberConstraints(@Min(1) @Max(10) int minMax, @DecimalMin("0.5") @DecimalMax(value = "99.9", inclusive = false) double decimals,
            @Positive long positive, @PositiveOrZero int positiveOrZero, @Negative BigDecimal negative,
            @NegativeOrZero Integer negativeOrZero, @Positive @Min(5) int tightest, @Min(0) @Positive int exclusiveWinsTie) {
    }

    interface Draft {
    }

    record GroupedConstraint(@Size(max = 3, groups = Draft.class) String onlyInDraft) {
    }

    record RepeatedPatterns(@Pattern(regexp = "[a-z]+") @Pattern(regexp = ".{2,}") String twice,
            @Pattern(regexp = "abc", flags = Pattern.Flag.CASE_INSENSITIVE) String withFlags) {
    }

    record OptionalElementConstraint(Optional<@Size(max = 3) String> code) {
    }

    private static JsonNode schema(Class<?> type) {
        return Json.MAPPER.readTree(JsonSchemas.of(type));
    }

    private static JsonNode property(Class<?> type, String name) {
        return schema(type).get("properties").get(name);
    }

    @Test
    void recordBecomesObjectRequiringEveryComponentAndForbiddingOthers() {
        JsonNode schema = schema(Scalars.class);

        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").propertyNames()).containsExactly("text", "flag", "boxedFlag", "count");
        assertThat(names(schema.get("required"))).containsExactly("text", "flag", "boxedFlag", "count");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(property(Scalars.class, "text").toString()).isEqualTo("{\"type\":\"string\"}");
        assertThat(property(Scalars.class, "flag").toString()).isEqualTo("{\"type\":\"boolean\"}");
        assertThat(property(Scalars.class, "boxedFlag").toString()).isEqualTo("{\"type\":\"boolean\"}");
    }

    @Test
    void integralTypesAreIntegers() {
        schema(Integrals.class).get("properties").forEach(p -> assertThat(p.toString()).isEqualTo("{\"type\":\"integer\"}"));
        assertThat(schema(Integrals.class).get("properties").size()).isEqualTo(6);
    }

    @Test
    void floatingTypesAreNumbers() {
        schema(Floatings.class).get("properties").forEach(p -> assertThat(p.toString()).isEqualTo("{\"type\":\"number\"}"));
        assertThat(schema(Floatings.class).get("properties").size()).isEqualTo(4);
    }

    @Test
    void charIsAOneCharacterStringAndCharArrayAString() {
        assertThat(property(Chars.class, "c").toString()).isEqualTo("{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}");
        assertThat(property(Chars.class, "boxed").toString()).isEqualTo("{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}");
        assertThat(property(Chars.class, "chars").toString()).isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void enumListsConstantsAsJacksonWritesThem() {
        assertThat(property(Paint.class, "color").toString()).isEqualTo("{\"type\":\"string\",\"enum\":[\"RED\",\"verde\",\"blau\"]}");
    }

    @Test
    void enumWrittenAsNumbersByJsonValueIsAnIntegerEnum() {
        assertThat(property(Paint.class, "level").toString()).isEqualTo("{\"type\":\"integer\",\"enum\":[1,9]}");
    }

    @Test
    void enumTypeAtTheRootIsAnEnumSchema() {
        assertThat(JsonSchemas.of(Color.class)).isEqualTo("{\"type\":\"string\",\"enum\":[\"RED\",\"verde\",\"blau\"]}");
    }

    @Test
    void listsSetsCollectionsAndArraysAreArraysOfTheirElements() {
        assertThat(property(Collections.class, "list").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        assertThat(property(Collections.class, "set").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}");
        assertThat(property(Collections.class, "collection").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}");
        assertThat(property(Collections.class, "array").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        assertThat(property(Collections.class, "nested").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}");
    }

    @Test
    void nestedRecordIsInlinedAsAStrictObject() {
        JsonNode address = property(Customer.class, "address");

        assertThat(address.get("type").asString()).isEqualTo("object");
        assertThat(names(address.get("required"))).containsExactly("street", "city");
        assertThat(address.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema(Customer.class).has("$defs")).isFalse();
    }

    @Test
    void optionalScalarIsATypeUnionWithNull() {
        assertThat(property(Optionals.class, "note").toString()).isEqualTo("{\"type\":[\"string\",\"null\"]}");
        assertThat(property(Optionals.class, "tags").toString())
                .isEqualTo("{\"type\":[\"array\",\"null\"],\"items\":{\"type\":\"string\"}}");
        assertThat(names(schema(Optionals.class).get("required"))).contains("note", "tags", "address", "color");
    }

    @Test
    void optionalRecordIsAnyOfTheObjectAndNull() {
        JsonNode address = property(Optionals.class, "address");

        assertThat(address.get("anyOf")).hasSize(2);
        assertThat(address.get("anyOf").get(0).get("type").asString()).isEqualTo("object");
        assertThat(address.get("anyOf").get(1).toString()).isEqualTo("{\"type\":\"null\"}");
    }

    @Test
    void optionalEnumAllowsNullAmongItsValues() {
        assertThat(property(Optionals.class, "color").toString())
                .isEqualTo("{\"type\":[\"string\",\"null\"],\"enum\":[\"RED\",\"verde\",\"blau\",null]}");
    }

    @Test
    void anyAnnotationNamedNullableMakesAValueNullable() {
        assertThat(property(Nullables.class, "declared").toString()).isEqualTo("{\"type\":[\"string\",\"null\"]}");
        assertThat(property(Nullables.class, "typeUse").toString()).isEqualTo("{\"type\":[\"string\",\"null\"]}");
        assertThat(property(Nullables.class, "boxed").toString()).isEqualTo("{\"type\":[\"integer\",\"null\"]}");
    }

    @Test
    void nullableOnATypeArgumentMakesTheElementsNullable() {
        assertThat(property(Nullables.class, "elements").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"null\"]}}");
    }

    @Test
    void timeAndIdentifierTypesAreStringsWithTheFormatsOpenAiSupports() {
        assertThat(property(Temporals.class, "date").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"date\"}");
        assertThat(property(Temporals.class, "offset").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
        assertThat(property(Temporals.class, "instant").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
        assertThat(property(Temporals.class, "id").toString()).isEqualTo("{\"type\":\"string\",\"format\":\"uuid\"}");
        assertThat(property(Temporals.class, "uri").toString()).isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void localDateTimeIsAStringWithoutOffsetByPattern() {
        JsonNode local = property(Temporals.class, "local");

        assertThat(local.has("format")).isFalse();
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(local.get("pattern").asString());
        assertThat(pattern.matcher(LocalDateTime.of(2024, 5, 17, 9, 30, 15, 250_000_000).toString()).matches()).isTrue();
        assertThat(pattern.matcher("2024-05-17T09:30").matches()).isTrue();
        assertThat(pattern.matcher("2024-05-17T09:30:00+02:00").matches()).isFalse();
    }

    @Test
    void recordContainingItselfRefersToTheRoot() {
        JsonNode schema = schema(Node.class);

        assertThat(schema.get("properties").get("children").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}");
        assertThat(schema.has("$defs")).isFalse();
    }

    @Test
    void recursiveNestedRecordIsDefinedOnceUnderDefs() {
        JsonNode schema = schema(Tree.class);

        assertThat(schema.get("properties").get("root").toString())
                .isEqualTo("{\"anyOf\":[{\"$ref\":\"#/$defs/Branch\"},{\"type\":\"null\"}]}");
        JsonNode branch = schema.get("$defs").get("Branch");
        assertThat(branch.get("type").asString()).isEqualTo("object");
        assertThat(branch.get("additionalProperties").asBoolean()).isFalse();
        assertThat(branch.get("properties").get("left").get("anyOf").get(0).get("$ref").asString()).isEqualTo("#/$defs/Branch");
    }

    @Test
    void mutuallyRecursiveRecordsBreakTheCycleWithAReference() {
        JsonNode schema = schema(Person.class);

        JsonNode pet = schema.get("properties").get("pet").get("anyOf").get(0);
        assertThat(pet.get("type").asString()).isEqualTo("object");
        assertThat(pet.get("properties").get("owner").get("anyOf").get(0).get("$ref").asString()).isEqualTo("#");
    }

    @Test
    void descriptionsComeFromJacksonAnnotationsThePropertyOneWinning() {
        JsonNode schema = schema(Described.class);

        assertThat(schema.get("description").asString()).isEqualTo("A postal location");
        assertThat(schema.get("properties").get("street").get("description").asString()).isEqualTo("Street and number");
        assertThat(schema.get("properties").get("plain").has("description")).isFalse();
        assertThat(schema.get("properties").get("delivery").get("description").asString()).isEqualTo("Where parcels go");
        assertThat(JsonSchemas.of(Place.class)).contains("\"description\":\"A place on the map\"");
    }

    @Test
    void propertyNamesComeFromJsonProperty() {
        JsonNode schema = schema(Renamed.class);

        assertThat(schema.get("properties").propertyNames()).containsExactly("full_name", "city");
        assertThat(names(schema.get("required"))).containsExactly("full_name", "city");
    }

    @Test
    void notBlankAndNotEmptyStringsNeedOneCharacter() {
        assertThat(property(StringConstraints.class, "blank").get("minLength").asInt()).isEqualTo(1);
        assertThat(property(StringConstraints.class, "empty").get("minLength").asInt()).isEqualTo(1);
    }

    @Test
    void sizeOnAStringBoundsItsLength() {
        assertThat(property(StringConstraints.class, "sized").toString())
                .isEqualTo("{\"type\":\"string\",\"minLength\":2,\"maxLength\":5}");
    }

    @Test
    void theTightestOfSeveralLengthConstraintsWins() {
        assertThat(property(StringConstraints.class, "tightest").get("minLength").asInt()).isEqualTo(3);
    }

    @Test
    void patternIsAnchoredToMatchTheWholeValueAsJakartaDoes() {
        assertThat(property(StringConstraints.class, "code").get("pattern").asString()).isEqualTo("^(?:[A-Z]{3})$");
        assertThat(property(StringConstraints.class, "anchored").get("pattern").asString()).isEqualTo("^[a-z]+$");
    }

    @Test
    void severalPatternsOrPatternFlagsAreLeftToValidation() {
        assertThat(property(RepeatedPatterns.class, "twice").has("pattern")).isFalse();
        assertThat(property(RepeatedPatterns.class, "withFlags").has("pattern")).isFalse();
    }

    @Test
    void emailIsFormatEmail() {
        assertThat(property(StringConstraints.class, "email").get("format").asString()).isEqualTo("email");
    }

    @Test
    void notEmptyAndSizeOnCollectionsBoundTheirItems() {
        assertThat(property(ListConstraints.class, "notEmpty").get("minItems").asInt()).isEqualTo(1);
        assertThat(property(ListConstraints.class, "sized").get("minItems").asInt()).isEqualTo(1);
        assertThat(property(ListConstraints.class, "sized").get("maxItems").asInt()).isEqualTo(3);
    }

    @Test
    void sizeOnAnArrayComponentBoundsTheArrayNotItsElements() {
        assertThat(property(ListConstraints.class, "array").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":2}");
    }

    @Test
    void constraintsOnTypeArgumentsApplyToTheElements() {
        assertThat(property(ListConstraints.class, "elements").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":10}}");
    }

    @Test
    void constraintOnTheOptionalTypeArgumentAppliesToTheValue() {
        assertThat(property(OptionalElementConstraint.class, "code").toString())
                .isEqualTo("{\"type\":[\"string\",\"null\"],\"maxLength\":3}");
    }

    @Test
    void minAndMaxBoundANumberInclusively() {
        assertThat(property(NumberConstraints.class, "minMax").toString())
                .isEqualTo("{\"type\":\"integer\",\"minimum\":1,\"maximum\":10}");
    }

    @Test
    void decimalMinAndMaxHonourInclusive() {
        assertThat(property(NumberConstraints.class, "decimals").toString())
                .isEqualTo("{\"type\":\"number\",\"minimum\":0.5,\"exclusiveMaximum\":99.9}");
    }

    @Test
    void signConstraintsBoundAtZero() {
        assertThat(property(NumberConstraints.class, "positive").toString()).isEqualTo("{\"type\":\"integer\",\"exclusiveMinimum\":0}");
        assertThat(property(NumberConstraints.class, "positiveOrZero").toString()).isEqualTo("{\"type\":\"integer\",\"minimum\":0}");
        assertThat(property(NumberConstraints.class, "negative").toString()).isEqualTo("{\"type\":\"number\",\"exclusiveMaximum\":0}");
        assertThat(property(NumberConstraints.class, "negativeOrZero").toString()).isEqualTo("{\"type\":\"integer\",\"maximum\":0}");
    }

    @Test
    void theTightestNumericBoundWinsAndExclusiveWinsATie() {
        assertThat(property(NumberConstraints.class, "tightest").toString()).isEqualTo("{\"type\":\"integer\",\"minimum\":5}");
        assertThat(property(NumberConstraints.class, "exclusiveWinsTie").toString()).isEqualTo("{\"type\":\"integer\",\"exclusiveMinimum\":0}");
    }

    @Test
    void constraintsOutsideTheDefaultGroupAreLeftOut() {
        assertThat(property(GroupedConstraint.class, "onlyInDraft").toString()).isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void schemaIsDerivedOncePerClass() {
        assertThat(JsonSchemas.of(Customer.class)).isSameAs(JsonSchemas.of(Customer.class));
    }

    static Stream<Class<?>> records() {
        return Stream.of(Scalars.class, Integrals.class, Floatings.class, Chars.class, Paint.class, Collections.class,
                Customer.class, Optionals.class, Nullables.class, Temporals.class, Node.class, Tree.class, Person.class,
                Described.class, Renamed.class, StringConstraints.class, ListConstraints.class, NumberConstraints.class);
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyObjectFollowsOpenAiStrictRules(Class<?> type) {
        List<String> problems = new ArrayList<>();
        strictProblems(schema(type), "$", problems);

        assertThat(problems).isEmpty();
    }

    /** OpenAI's rules for strict mode, checked over the whole schema. */
    private static void strictProblems(JsonNode node, String path, List<String> problems) {
        if (node.isObject()) {
            if (node.has("properties")) {
                if (!node.path("additionalProperties").isBoolean() || node.get("additionalProperties").asBoolean()) {
                    problems.add(path + ": additionalProperties is not false");
                }
                if (!names(node.get("required")).equals(List.copyOf(node.get("properties").propertyNames()))) {
                    problems.add(path + ": required does not list every property");
                }
            }
            if (node.has("$ref") && node.size() > 1) {
                problems.add(path + ": $ref has sibling keywords");
            }
            for (String keyword : node.propertyNames()) {
                if (!Set.of("type", "description", "properties", "required", "additionalProperties", "items", "enum", "anyOf",
                        "$ref", "$defs", "format", "pattern", "minLength", "maxLength", "minimum", "maximum",
                        "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems").contains(keyword)
                        && !path.endsWith(".properties") && !path.endsWith(".$defs")) {
                    problems.add(path + ": unsupported keyword " + keyword);
                }
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                strictProblems(e.getValue(), path + "." + e.getKey(), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strictProblems(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (Iterator<JsonNode> it = array.values().iterator(); it.hasNext(); ) {
            names.add(it.next().asString());
        }
        return names;
    }
}
