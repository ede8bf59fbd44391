package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonSchemasUnsupportedTypesTest {

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @interface Nullable {
    }

    static final class Product {
        String name;
    }

    record Order(List<Item> items) {
    }

    record Item(Map<String, Object> product, int quantity) {
    }

    record WithObject(Object payload) {
    }

    record WithRawList(@SuppressWarnings("rawtypes") List values) {
    }

    record WithWildcard(List<? extends CharSequence> values) {
    }

    record WithInterface(CharSequence text) {
    }

    record WithClass(Product product) {
    }

    record WithUnsupportedJdkClass(Duration timeout) {
    }

    record Page<T>(List<T> items) {
    }

    record WithGenericRecord(Page<String> page) {
    }

    record WithNullablePrimitive(@Nullable int count) {
    }

    record WithConstraintOnOptional(@Size(max = 3) Optional<String> code) {
    }

    record WithClashingNames(@JsonProperty("name") String first, String name) {
    }

    record WithRawOptional(@SuppressWarnings("rawtypes") Optional value) {
    }

    @Test
    void mapDeepInsideNamesThePathAndSuggestsARecord() {
        assertThatThrownBy(() -> JsonSchemas.of(Order.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Order.items[].product")
                .hasMessageContaining("java.util.Map<java.lang.String, java.lang.Object>")
                .hasMessageContaining("Fix: use a record with one component per key");
    }

    @Test
    void objectIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(WithObject.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithObject.payload")
                .hasMessageContaining("java.lang.Object says nothing about the value's shape")
                .hasMessageContaining("Fix: use a record");
    }

    @Test
    void rawCollectionIsRejectedAskingForTheTypeArgument() {
        assertThatThrownBy(() -> JsonSchemas.of(WithRawList.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithRawList.values")
                .hasMessageContaining("java.util.List is a raw type")
                .hasMessageContaining("Fix: give its type argument, e.g. List<String>");
    }

    @Test
    void rawOptionalIsRejectedAskingForTheTypeArgument() {
        assertThatThrownBy(() -> JsonSchemas.of(WithRawOptional.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithRawOptional.value")
                .hasMessageContaining("java.util.Optional is a raw type");
    }

    @Test
    void wildcardIsRejectedAskingForTheTypeItself() {
        assertThatThrownBy(() -> JsonSchemas.of(WithWildcard.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithWildcard.values[]")
                .hasMessageContaining("? extends java.lang.CharSequence is a wildcard type")
                .hasMessageContaining("Fix: name the type itself");
    }

    @Test
    void interfaceIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(WithInterface.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithInterface.text")
                .hasMessageContaining("java.lang.CharSequence is an interface")
                .hasMessageContaining("Fix: use a record");
    }

    @Test
    void classThatIsNotARecordIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(WithClass.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithClass.product")
                .hasMessageContaining("JsonSchemasUnsupportedTypesTest.Product is a class, not a record")
                .hasMessageContaining("Fix: make it a record");
    }

    @Test
    void jdkClassWithoutAMappingIsRejectedListingWhatIsSupported() {
        assertThatThrownBy(() -> JsonSchemas.of(WithUnsupportedJdkClass.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithUnsupportedJdkClass.timeout")
                .hasMessageContaining("java.time.Duration is a class, not a record")
                .hasMessageContaining("LocalDate");
    }

    @Test
    void rootThatIsNotARecordOrEnumIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("not a record or an enum")
                .hasMessageContaining("record Answer(String value)");
    }

    @Test
    void genericRecordAtTheRootIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(Page.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Page")
                .hasMessageContaining("is a generic record")
                .hasMessageContaining("Fix: declare a record with concrete component types");
    }

    @Test
    void genericRecordAsAComponentIsRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(WithGenericRecord.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithGenericRecord.page")
                .hasMessageContaining("JsonSchemasUnsupportedTypesTest.Page<java.lang.String> is a generic record");
    }

    @Test
    void nullablePrimitiveIsRejectedSuggestingTheBoxedType() {
        assertThatThrownBy(() -> JsonSchemas.of(WithNullablePrimitive.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithNullablePrimitive.count")
                .hasMessageContaining("int is marked @Nullable")
                .hasMessageContaining("Fix: use the boxed type (Integer)");
    }

    @Test
    void constraintOnTheOptionalItselfIsRejectedSuggestingTheTypeArgument() {
        assertThatThrownBy(() -> JsonSchemas.of(WithConstraintOnOptional.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithConstraintOnOptional.code")
                .hasMessageContaining("carries @Size")
                .hasMessageContaining("Fix: put the constraint on the type argument: Optional<@Size(...) java.lang.String>");
    }

    @Test
    void twoComponentsWithTheSameJsonNameAreRejected() {
        assertThatThrownBy(() -> JsonSchemas.of(WithClashingNames.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithClashingNames")
                .hasMessageContaining("'first' and 'name' both map to the JSON property 'name'");
    }
}
