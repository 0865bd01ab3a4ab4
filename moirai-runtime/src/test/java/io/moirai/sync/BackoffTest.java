package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Backoff}: its schedule of steps and its validation. */
class BackoffTest {

    @Test
    void spinsThenYieldsThenParks() {
        Backoff backoff = new Backoff(1_000L);
        for (int i = 0; i < Backoff.SPIN_STEPS + Backoff.YIELD_STEPS; i++) {
            assertThat(backoff.isParking()).isFalse();
            backoff.pause();
        }
        assertThat(backoff.isParking()).isTrue();
        for (int i = 0; i < 5; i++) {
            backoff.pause();
        }
        assertThat(backoff.step()).isEqualTo(Backoff.SPIN_STEPS + Backoff.YIELD_STEPS + 5);
        backoff.reset();
        assertThat(backoff.step()).isZero();
        assertThat(backoff.isParking()).isFalse();
    }

    @Test
    void pauseReturnsWhenInterruptedAndKeepsTheFlag() {
        Backoff backoff = new Backoff();
        Thread.currentThread().interrupt();
        for (int i = 0; i < Backoff.SPIN_STEPS + Backoff.YIELD_STEPS + 20; i++) {
            backoff.pause();
        }
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void nonPositiveMaxParkIsRefused() {
        assertThatThrownBy(() -> new Backoff(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
