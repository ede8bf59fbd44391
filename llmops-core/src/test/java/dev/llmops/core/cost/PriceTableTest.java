package dev.llmops.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.FinishReason;
import dev.llmops.core.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    private static ChatResponse response(String provider, String model, Usage usage) {
        return new ChatResponse(AssistantMessage.of("ok"), usage, FinishReason.STOP, model, provider, Duration.ZERO, "id");
    }

    @Test
    void bundledTableKnowsGpt4oMini() {
        assertThat(PriceTable.bundled().find("openai", "gpt-4o-mini"))
                .contains(ModelPrice.perMillionTokens("0.15", "0.075", "0.60"));
    }

    @Test
    void bundledProvidersAreNamedAsTheAdaptersReportThemselves() {
        PriceTable prices = PriceTable.bundled();

        assertThat(prices.find("gemini", "gemini-2.5-flash")).contains(ModelPrice.perMillionTokens("0.30", "0.075", "2.50"));
        assertThat(prices.find("anthropic", "claude-haiku-4-5")).isPresent();
        assertThat(prices.find("openai", "gpt-4.1-mini")).isPresent();
    }

    @Test
    void datedSnapshotIsPricedAsItsModel() {
        PriceTable prices = PriceTable.bundled();

        assertThat(prices.find("openai", "gpt-4o-mini-2024-07-18")).isEqualTo(prices.find("openai", "gpt-4o-mini"));
        assertThat(prices.find("anthropic", "claude-sonnet-4-5-20250929")).isEqualTo(prices.find("anthropic", "claude-sonnet-4-5"));
    }

    @Test
    void snapshotOfTheMiniModelIsNotPricedAsTheLargerOne() {
        assertThat(PriceTable.bundled().find("openai", "gpt-4o-2024-08-06").orElseThrow().input())
                .isEqualByComparingTo("2.50");
        assertThat(PriceTable.bundled().find("openai", "gpt-4o-mini-2024-07-18").orElseThrow().input())
                .isEqualByComparingTo("0.15");
    }

    @Test
    void unknownModelHasUnknownCostNotZero() {
        Cost cost = PriceTable.bundled().costOf(response("openai", "gpt-unreleased", Usage.of(1000, 1000)));

        assertThat(cost).isEqualTo(Cost.UNKNOWN);
        assertThat(cost.isKnown()).isFalse();
        assertThat(cost.knownTotal()).isEmpty();
    }

    @Test
    void freeModelHasKnownZeroCost() {
        PriceTable prices = PriceTable.bundled().with("ollama", "llama3.2", ModelPrice.FREE);

        Cost cost = prices.costOf(response("ollama", "llama3.2", Usage.of(1000, 1000)));

        assertThat(cost.isKnown()).isTrue();
        assertThat(cost.knownTotal()).hasValueSatisfying(total -> assertThat(total).isEqualByComparingTo("0"));
    }

    @Test
    void overrideWinsOverTheBundledPrice() {
        ModelPrice negotiated = ModelPrice.perMillionTokens("0.10", "0.05", "0.40");

        PriceTable prices = PriceTable.bundled().with("openai", "gpt-4o-mini", negotiated);

        assertThat(prices.find("openai", "gpt-4o-mini-2024-07-18")).contains(negotiated);
    }

    @Test
    void knownModelUnderAnotherProviderIsPricedAtItsListPrice() {
        assertThat(PriceTable.bundled().find("scripted", "gpt-4o-mini"))
                .isEqualTo(PriceTable.bundled().find("openai", "gpt-4o-mini"));
    }

    @Test
    void providerSpecificPriceWinsOverAnotherProvidersPrice() {
        ModelPrice azure = ModelPrice.perMillionTokens("0.165", "0.083", "0.66");

        PriceTable prices = PriceTable.bundled().with("azure", "gpt-4o-mini", azure);

        assertThat(prices.find("azure", "gpt-4o-mini")).contains(azure);
        assertThat(prices.find("openai", "gpt-4o-mini")).contains(ModelPrice.perMillionTokens("0.15", "0.075", "0.60"));
    }

    @Test
    void cachedInputIsPricedAtTheCachedRateAndNotCountedTwice() {
        Cost cost = PriceTable.bundled().costOf(response("openai", "gpt-4o-mini", new Usage(2_000, 500, 1_000)));

        // 1,000 fresh input x 0.15 + 1,000 cached x 0.075 + 500 output x 0.60, per million
        assertThat(cost.input()).isEqualByComparingTo("0.00015");
        assertThat(cost.cachedInput()).isEqualByComparingTo("0.000075");
        assertThat(cost.output()).isEqualByComparingTo("0.0003");
        assertThat(cost.total()).isEqualByComparingTo("0.000525");
    }

    @Test
    void userFileLaidOverTheBundledTableWins(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"prices": [{"provider": "openai", "model": "gpt-4o", "input": 1, "cachedInput": "0.5", "output": "4"}]}
                """);

        PriceTable prices = PriceTable.bundled().with(PriceTable.load(file));

        assertThat(prices.find("openai", "gpt-4o")).contains(ModelPrice.perMillionTokens("1", "0.5", "4"));
        assertThat(prices.size()).isEqualTo(PriceTable.bundled().size());
    }

    @Test
    void badEntryIsNamedWithItsIndex() {
        assertThatThrownBy(() -> PriceTable.parse("""
                {"prices": [{"provider": "p", "model": "m", "input": "1", "cachedInput": "1", "output": "1"},
                            {"provider": "p", "model": "n", "input": "-1", "cachedInput": "1", "output": "1"}]}
                """, "mine.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine.json, prices[1]")
                .hasMessageContaining("negative");
    }

    @Test
    void negativeRateIsRefusedNamingTheRate() {
        assertThatThrownBy(() -> ModelPrice.perMillionTokens("0.1", "0.05", "-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output rate -2 is negative");
    }

    @Test
    void everyBundledPriceHasCachedInputNoDearerThanInput() {
        for (String model : new String[] {"gpt-5", "gpt-4.1", "gpt-4o", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-flash"}) {
            ModelPrice price = PriceTable.bundled().findModel(model).orElseThrow(() -> new AssertionError(model + " is not bundled"));
            assertThat(price.cachedInput()).as(model).isLessThanOrEqualTo(price.input());
        }
    }

    @Test
    void costsOfEqualAmountsAreEqualWhateverTheScale() {
        assertThat(Cost.of(new BigDecimal("0.10"), BigDecimal.ZERO, new BigDecimal("1.000")))
                .isEqualTo(Cost.of(new BigDecimal("0.1"), new BigDecimal("0.00"), BigDecimal.ONE));
    }
}
