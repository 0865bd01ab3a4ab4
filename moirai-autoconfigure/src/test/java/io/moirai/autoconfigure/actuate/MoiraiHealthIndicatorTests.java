package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** UP while running, OUT_OF_SERVICE while paused, DOWN once shut down; saturation in the details. */
class MoiraiHealthIndicatorTests {

    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(4).build();

    private final MoiraiHealthIndicator indicator = new MoiraiHealthIndicator(this.runtime);

    @AfterEach
    void closeRuntime() {
        this.runtime.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunningRuntimeIsUpWithItsSaturation() {
        Health health = this.indicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("parallelism", 2).containsEntry("blockingConcurrency", 4)
                .containsKey("saturation").doesNotContainKey("queueCapacity");
        assertThat((Map<String, Object>) health.getDetails().get("saturation")).containsKeys("cpu", "blocking");
    }

    @Test
    void aPausedRuntimeIsOutOfService() {
        this.runtime.pause();
        assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        this.runtime.resume();
        assertThat(this.indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aShutDownRuntimeIsDown() {
        this.runtime.close();
        Health health = this.indicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", io.moirai.runtime.RuntimeState.TERMINATED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBoundedRuntimeReportsItsQueueSaturation() {
        try (MoiraiRuntime bounded = MoiraiRuntime.builder().parallelism(1).queueCapacity(10).build()) {
            Health health = new MoiraiHealthIndicator(bounded).health(true);
            assertThat(health.getDetails()).containsEntry("queueCapacity", 10);
            assertThat((Map<String, Object>) health.getDetails().get("saturation")).containsEntry("queue", 0.0);
        }
    }
}
