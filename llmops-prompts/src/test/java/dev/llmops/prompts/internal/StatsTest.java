package dev.llmops.prompts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values from standard tables (and R's pnorm/pt/qt). */
class StatsTest {
    @Test
    void normalCdfMatchesKnownValues() {
        assertThat(Stats.normalCdf(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Stats.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-13));
        assertThat(Stats.normalCdf(1)).isCloseTo(0.8413447460685429, within(1e-13));
        assertThat(Stats.normalCdf(-3)).isCloseTo(0.0013498980316300946, within(1e-15));
        assertThat(Stats.normalCdf(-8)).isCloseTo(6.22096057427178e-16, within(1e-20));
    }

    @Test
    void studentTCdfMatchesKnownValues() {
        assertThat(Stats.studentTCdf(1, 1)).isCloseTo(0.75, within(1e-13));
        assertThat(Stats.studentTCdf(2.228138851986274, 10)).isCloseTo(0.975, within(1e-12));
        assertThat(Stats.studentTCdf(2.015048373333024, 5)).isCloseTo(0.95, within(1e-12));
        // closed forms: df = 3: 1/2 + (t/(sqrt(3)(1 + t^2/3)) + atan(t/sqrt(3)))/pi; df = 2: 1/2 + t/(2 sqrt(2 + t^2))
        double t = -1.5;
        assertThat(Stats.studentTCdf(t, 3)).isCloseTo(0.5 + (t / (Math.sqrt(3) * (1 + t * t / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI,
                within(1e-13));
        assertThat(Stats.studentTCdf(2.5, 2)).isCloseTo(0.5 + 2.5 / (2 * Math.sqrt(2 + 2.5 * 2.5)), within(1e-13));
        assertThat(Stats.studentTCdf(1.96, 1e7)).isCloseTo(Stats.normalCdf(1.96), within(1e-7));
    }

    @Test
    void studentTQuantileInvertsTheCdf() {
        assertThat(Stats.studentTQuantile(0.975, 10)).isCloseTo(2.228138851986274, within(1e-9));
        assertThat(Stats.studentTQuantile(0.975, 29)).isCloseTo(2.045229642132703, within(1e-9));
        assertThat(Stats.studentTQuantile(0.975, 1)).isCloseTo(12.70620473617471, within(1e-8));
    }

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        assertThat(Stats.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(Stats.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-12));
        assertThat(Stats.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-14));
    }
}
