package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import io.moirai.test.AutoConfigureMoiraiTest;
import io.moirai.test.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard's rate sampler, a {@code @Scheduled(fixedRate = 1000)} job, on virtual time: a
 * simulated second takes one sample, and a sample counts the tasks completed since the last, so
 * the test needs no sleep and no polling.
 */
@SpringBootTest(properties = "moirai.parallelism=2")
@AutoConfigureMoiraiTest
class RateSamplerTests {

    @Autowired
    private VirtualClock moiraiVirtualClock;

    @Autowired
    private RateSampler sampler;

    @Autowired
    private MoiraiRuntime runtime;

    @Test
    void eachSimulatedSecondTakesOneSampleAndTheLastMinuteIsKept() {
        moiraiVirtualClock.advance(Duration.ZERO); // the sample due now has been taken
        int before = sampler.rates().completedPerSecond().size();

        moiraiVirtualClock.advance(Duration.ofSeconds(5));
        assertThat(sampler.rates().completedPerSecond()).hasSize(Math.min(60, before + 5));

        moiraiVirtualClock.advance(Duration.ofMinutes(2));
        assertThat(sampler.rates().completedPerSecond()).hasSize(60);
    }

    @Test
    void aSampleCountsTheTasksCompletedInItsSecond() {
        moiraiVirtualClock.advance(Duration.ZERO); // the sample due now has been taken
        List<TaskHandle<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            int n = i;
            tasks.add(runtime.spawn(() -> n));
        }
        tasks.forEach(TaskHandle::join);

        moiraiVirtualClock.advance(Duration.ofSeconds(1));

        List<Long> rates = sampler.rates().completedPerSecond();
        assertThat(rates.getLast()).isGreaterThanOrEqualTo(25L);
    }
}
