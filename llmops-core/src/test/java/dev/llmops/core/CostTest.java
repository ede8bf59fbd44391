package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CostTest {

    @Test
    void unknownCostIsNotKnownAndHasNoKnownTotal() {
        assertThat(Cost.UNKNOWN.isKnown()).isFalse();
        assertThat(Cost.UNKNOWN.knownTotal()).isEmpty();
        assertThat(Cost.UNKNOWN).hasToString("Cost[unknown]");
    }

    @Test
    void zeroCostIsKnown() {
        assertThat(Cost.ZERO.isKnown()).isTrue();
        assertThat(Cost.ZERO.knownTotal()).contains(BigDecimal.ZERO);
        assertThat(Cost.ZERO).isNotEqualTo(Cost.UNKNOWN);
    }

    @Test
    void totalAddsTheComponents() {
        Cost cost = Cost.of(new BigDecimal("0.00015"), new BigDecimal("0.000075"), new BigDecimal("0.0003"));

        assertThat(cost.total()).isEqualByComparingTo("0.000525");
        assertThat(cost.toString()).contains("$0.000525");
    }

    @Test
    void pricedPlusUnknownIsThePricedPart() {
        Cost priced = Cost.of(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE);

        assertThat(priced.plus(Cost.UNKNOWN)).isEqualTo(priced);
        assertThat(Cost.UNKNOWN.plus(Cost.UNKNOWN)).isEqualTo(Cost.UNKNOWN);
        assertThat(Cost.CACHED.plus(Cost.CACHED)).isEqualTo(Cost.CACHED);
    }

    @Test
    void negativeAmountIsRefused() {
        assertThatThrownBy(() -> Cost.of(new BigDecimal("-0.1"), BigDecimal.ZERO, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input cost -0.1 is negative");
    }

    @Test
    void unknownCostWithAnAmountIsRefused() {
        assertThatThrownBy(() -> new Cost(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, Cost.Kind.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use Cost.of(..)");
    }

    @Test
    void responseBuiltWithoutACostHasUnknownCostAndKeepsItsCostThroughWithers() {
        ChatResponse response = new ChatResponse(AssistantMessage.of("hi"), Usage.of(1, 1), FinishReason.STOP, "m", "p",
                Duration.ZERO, "id");
        Cost cost = Cost.of(BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO);

        assertThat(response.cost()).isEqualTo(Cost.UNKNOWN);
        assertThat(response.withCost(cost).withLatency(Duration.ofSeconds(1)).cost()).isEqualTo(cost);
    }
}
