package dev.llmops.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
    static final Experiment HALF = Experiment.of("support-tone", "support-answer", Variant.of("2", 50), Variant.of("3", 50));

    /** Expected points computed independently (Python's hashlib) from the documented algorithm. */
    @Test
    void assignmentIsTheDocumentedHashOfExperimentAndSubject() {
        assertThat(HALF.point("user-1")).isEqualTo(0.45850865206718405);
        assertThat(HALF.point("user-2")).isEqualTo(0.9916633269266362);
        assertThat(HALF.point("Zoë")).isEqualTo(0.48550175903213433);
        assertThat(HALF.assign("user-1").version()).isEqualTo("2");
        assertThat(HALF.assign("user-2").version()).isEqualTo("3");
        assertThat(HALF.assign("user-42").version()).isEqualTo("2");
        assertThat(HALF.assign("alice").version()).isEqualTo("3");
        assertThat(HALF.assign("Zoë").version()).isEqualTo("2");
    }

    @Test
    void weightsSplitTheUnitIntervalInOrder() {
        Experiment three = Experiment.of("support-tone", "support-answer", Variant.of("1", 20), Variant.of("2", 30), Variant.of("3", 50));
        assertThat(three.assign("user-1").version()).isEqualTo("2");   // 0.4585 in [0.2, 0.5)
        assertThat(three.assign("bob").version()).isEqualTo("3");      // 0.8060 in [0.5, 1)
        Map<String, Long> counts = IntStream.range(0, 20_000).mapToObj(i -> three.assign("s" + i).version())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.get("1")).isBetween(3_700L, 4_300L);
        assertThat(counts.get("2")).isBetween(5_600L, 6_400L);
        assertThat(counts.get("3")).isBetween(9_500L, 10_500L);
    }

    @Test
    void invalidExperimentsAreRefused() {
        assertThatThrownBy(() -> Experiment.of("x", "p", Variant.of("1", 1))).hasMessageContaining("at least two");
        assertThatThrownBy(() -> Experiment.of("x", "p", Variant.of("1", 1), Variant.of("1", 2))).hasMessageContaining("twice");
        assertThatThrownBy(() -> Variant.of("1", 0)).hasMessageContaining("positive");
    }

    @Test
    void welchTestMatchesAnIndependentComputation() {
        ExperimentSummary.Comparison c = ExperimentSummary.compare("a", List.of(1.0, 2.0, 3.0, 4.0, 5.0), "b",
                List.of(2.0, 4.0, 6.0, 8.0, 10.0));
        assertThat(c.test()).isEqualTo("welch t");
        assertThat(c.difference()).isEqualTo(3.0);
        assertThat(c.statistic()).isCloseTo(1.8973665961010275, within(1e-12));
        assertThat(c.degreesOfFreedom()).isCloseTo(5.882352941176471, within(1e-12));
        assertThat(c.pValue()).isCloseTo(0.10753119493072329, within(1e-8));
        assertThat(c.significant()).isFalse();
    }

    @Test
    void binaryOutcomesUseTheTwoProportionZTest() {
        List<Double> a = outcomes(40, 100);
        List<Double> b = outcomes(60, 100);
        ExperimentSummary.Comparison c = ExperimentSummary.compare("a", a, "b", b);
        assertThat(c.test()).isEqualTo("two-proportion z");
        assertThat(c.statistic()).isCloseTo(2.8284271247461903, within(1e-12));
        assertThat(c.pValue()).isCloseTo(0.004677734981047265, within(1e-14));
        assertThat(c.significant()).isTrue();
    }

    private static List<Double> outcomes(int ones, int n) {
        List<Double> values = new ArrayList<>(Collections.nCopies(ones, 1.0));
        values.addAll(Collections.nCopies(n - ones, 0.0));
        return values;
    }

    @Test
    void tooFewOutcomesGiveNoVerdict() {
        ExperimentSummary.Comparison c = ExperimentSummary.compare("a", List.of(1.0), "b", List.of(0.0, 1.0));
        assertThat(c.pValue()).isNaN();
        assertThat(c.significant()).isFalse();
    }

    @Test
    void experimentsServeStickyVariantsAndSummarizeFromTheJsonLinesLog(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("experiments.jsonl");
        try (PromptRegistry registry = PromptRegistry.builder().classpath("prompts").build()) {
            Experiments experiments = Experiments.builder().registry(registry).log(ExperimentLog.jsonLines(logFile))
                    .clock(PromptRegistryTest.CLOCK).build();
            assertThat(experiments.expose(HALF, "user-1").id()).isEqualTo("support-answer@2");
            assertThat(experiments.expose(HALF, "user-1").id()).isEqualTo("support-answer@2");
            assertThat(experiments.expose(HALF, "user-2").id()).isEqualTo("support-answer@3");
            experiments.expose(HALF, "user-42");
            experiments.expose(HALF, "alice");
            experiments.recordOutcome(HALF, "user-1", 4);
            experiments.recordOutcome(HALF, "user-42", 2);
            experiments.recordOutcome(HALF, "user-2", 5);
            experiments.recordOutcome(HALF, "alice", 4);

            ExperimentSummary summary = experiments.summary(HALF);
            ExperimentSummary.VariantStats v2 = summary.variants().get(0);
            assertThat(v2.version()).isEqualTo("2");
            assertThat(v2.exposures()).isEqualTo(2);
            assertThat(v2.outcomes()).isEqualTo(2);
            assertThat(v2.mean()).isEqualTo(3.0);
            // mean ± t(0.975, 1) · s/√n with s = √2: 3 ± 12.7062 · 1
            assertThat(v2.ciHigh()).isCloseTo(3 + 12.70620473617471, within(1e-7));
            assertThat(summary.variants().get(1).mean()).isEqualTo(4.5);
            assertThat(summary.comparisons()).singleElement().satisfies(c -> {
                assertThat(c.variant()).isEqualTo("3");
                assertThat(c.difference()).isEqualTo(1.5);
                assertThat(c.test()).isEqualTo("welch t");
            });
        }
        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("{\"type\":\"exposure\",\"time\":\"2026-11-23T10:00:00Z\",\"experiment\":\"support-tone\","
                + "\"subject\":\"user-1\",\"variant\":\"2\"}");
        assertThat(ExperimentLog.jsonLines(logFile).events("support-tone")).hasSize(9)
                .last().isEqualTo(new ExperimentEvent.Outcome(Instant.parse("2026-11-23T10:00:00Z"), "support-tone", "alice", "3", 4));
    }

    @Test
    void aMalformedLogLineNamesItsLine(@TempDir Path dir) throws Exception {
        Path logFile = dir.resolve("e.jsonl");
        Files.writeString(logFile, "{\"type\":\"exposure\",\"time\":\"2026-11-23T10:00:00Z\",\"experiment\":\"x\",\"subject\":\"s\",\"variant\":\"1\"}\n{oops\n");
        assertThatThrownBy(() -> ExperimentLog.jsonLines(logFile).events("x"))
                .isInstanceOfSatisfying(PromptFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
