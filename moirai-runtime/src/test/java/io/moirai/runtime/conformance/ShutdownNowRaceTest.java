package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task admitted just before {@code shutdownNow} that reaches its queue only after the drain
 * still ends (cancelled: the runtime refuses to start it), so the runtime terminates. A listener
 * holds the submitter between admission and queueing to make the race deterministic.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowRaceTest {

    @Test
    void blockingTaskQueuedAfterTheDrainIsCancelledAndTheRuntimeTerminates() throws Exception {
        CountDownLatch admitted = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        MoiraiRuntime runtime = Waits.quietRuntime().blockingConcurrency(1).listener(new RuntimeListener() {
            @Override
            public void taskQueued(String name, Lane lane) {
                if (name.equals("late")) {
                    admitted.countDown();
                    awaitUninterruptibly(stopped);
                }
            }
        }).build();
        try (runtime) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            runtime.spawnBlocking(() -> {
                holding.countDown();
                awaitUninterruptibly(release);
                return null;
            });
            Waits.await(holding);
            AtomicReference<TaskHandle<String>> late = new AtomicReference<>();
            Thread submitter = Thread.ofPlatform().start(() ->
                    late.set(runtime.spawn(() -> "late", TaskOptions.named("late").withLane(Lane.BLOCKING))));
            Waits.await(admitted);
            runtime.shutdownNow();
            stopped.countDown();
            submitter.join();
            release.countDown();

            assertThat(runtime.awaitTermination(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(late.get().isCancelled()).isTrue();
            assertThat(runtime.snapshot().blockingWaiting()).isZero();
        }
    }

    /** shutdownNow interrupts the running task; it keeps waiting, as a task that ignores interrupts would. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
