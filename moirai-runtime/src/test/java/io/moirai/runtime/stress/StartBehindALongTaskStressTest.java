package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * No task waits behind a running one while a worker sleeps: two tasks submitted together to a
 * fresh two-worker runtime both start, although each runs until both have started. One worker
 * takes both from the injection queue, runs the first and keeps the second in its deque; the
 * other must be woken to steal it. It slept through that, about once in two thousand runs, when
 * it parked without having searched at the moment the first one stopped searching: neither
 * looked at the other. {@code items / 1000} fresh runtimes (1000 by default, 10^4 with
 * {@code -Plong}).
 */
class StartBehindALongTaskStressTest {

    @Test
    void bothTasksStartWhileEachRunsUntilBothHaveStarted() throws InterruptedException {
        int rounds = (int) Math.max(100L, StressSizes.items() / 1_000L);
        for (int round = 0; round < rounds; round++) {
            AtomicBoolean release = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(2);
            MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build();
            try {
                for (int i = 0; i < 2; i++) {
                    runtime.execute(() -> {
                        started.countDown();
                        while (!release.get()) {
                            Thread.onSpinWait();
                        }
                    });
                }
                assertThat(started.await(10, TimeUnit.SECONDS))
                        .as("round %d: both started; %s", round, runtime.snapshot()).isTrue();
            } finally {
                release.set(true);
                runtime.close();
            }
        }
    }
}
