package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task admitted just before {@code shutdownNow} that reaches its queue only after the drain
 * was accepted and is not among the tasks returned: it runs, with its thread interrupted as
 * every running task is, and the runtime terminates. (It was once cancelled unstarted, which
 * for {@code execute} lost the command without a trace.) A listener holds the submitter between
 * admission and queueing to make the race deterministic.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowRaceTest {

    @ParameterizedTest
    @EnumSource(Lane.class)
    void aTaskQueuedAfterTheDrainRunsInterruptedAndTheRuntimeTerminates(Lane lane) throws Exception {
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
            runtime.spawn(() -> {
                holding.countDown();
                awaitUninterruptibly(release);
                return null;
            }, TaskOptions.defaults().withLane(lane));
            Waits.await(holding);
            AtomicReference<TaskHandle<String>> late = new AtomicReference<>();
            Thread submitter = Thread.ofPlatform().start(() -> late.set(runtime.spawn(
                    () -> Thread.currentThread().isInterrupted() ? "ran interrupted" : "ran",
                    TaskOptions.named("late").withLane(lane))));
            Waits.await(admitted);
            runtime.shutdownNow();
            stopped.countDown();
            submitter.join();
            release.countDown();

            assertThat(runtime.awaitTermination(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(late.get().resultNow()).isEqualTo("ran interrupted");
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.blockingWaiting()).isZero();
            assertThat(snapshot.completed()).isEqualTo(2);
            assertThat(snapshot.cancelled() + snapshot.neverStarted()).isZero();
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
