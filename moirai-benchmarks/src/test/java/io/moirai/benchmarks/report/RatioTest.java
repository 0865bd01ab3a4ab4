package io.moirai.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void relativeErrorsAddInQuadrature() {
        Ratio ratio = Ratio.of(100.0, 10.0, 50.0, 5.0);

        assertThat(ratio.value()).isEqualTo(2.0);
        assertThat(ratio.error()).isCloseTo(2.0 * Math.sqrt(0.01 + 0.01), within(1e-12));
    }

    @Test
    void inverseKeepsTheRelativeError() {
        Ratio inverse = Ratio.of(100.0, 10.0, 50.0, 5.0).inverse();

        assertThat(inverse.value()).isEqualTo(0.5);
        assertThat(inverse.error()).isCloseTo(0.5 * Math.sqrt(0.02), within(1e-12));
    }

    @Test
    void ratioOfAScoreWithoutErrorHasNoError() {
        Ratio ratio = Ratio.of(100.0, Double.NaN, 50.0, 5.0);

        assertThat(ratio.value()).isEqualTo(2.0);
        assertThat(ratio.hasError()).isFalse();
    }
}
