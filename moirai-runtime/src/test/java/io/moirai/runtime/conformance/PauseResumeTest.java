package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pause()} stops tasks from starting on both lanes while submissions are still accepted;
 * {@code resume()} starts them all. (That nothing starts is checked over a short window: a broken
 * pause shows up there, a loaded machine only makes the check easier to pass.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PauseResumeTest {

    @Test
    void nothingStartsWhilePausedAndEverythingRunsAfterResume() throws Exception {
        AtomicInteger started = new AtomicInteger();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            runtime.pause();
            assertThat(runtime.isPaused()).isTrue();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.PAUSED);

            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                handles.add(runtime.spawn(started::incrementAndGet));
                handles.add(runtime.spawnBlocking(started::incrementAndGet));
            }
            runtime.execute(started::incrementAndGet);
            runtime.schedule(started::incrementAndGet, 1, TimeUnit.MILLISECONDS);

            await().during(Waits.SHORT).atMost(Waits.LONG).until(() -> started.get() == 0);
            assertThat(handles).noneMatch(TaskHandle::isDone);
            assertThat(runtime.snapshot().queued()).isGreaterThanOrEqualTo(13);

            runtime.resume();

            assertThat(runtime.isPaused()).isFalse();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.RUNNING);
            for (TaskHandle<Integer> handle : handles) {
                handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            await().atMost(Waits.LONG).until(() -> started.get() == 14);
        }
    }

    @Test
    void runningTasksFinishWhilePaused() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> running = runtime.spawn(gate.callable("finished while paused"));
            gate.awaitEntered();

            runtime.pause();
            gate.open();

            assertThat(running.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("finished while paused");
            assertThat(runtime.isPaused()).isTrue();
            runtime.resume();
        }
    }

    @Test
    void pauseAndResumeAreIdempotent() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.resume();
            runtime.pause();
            runtime.pause();
            assertThat(runtime.isPaused()).isTrue();
            runtime.resume();
            runtime.resume();
            assertThat(runtime.isPaused()).isFalse();
            assertThat(runtime.spawn(() -> "runs").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("runs");
        }
    }

    @Test
    void shutdownLiftsThePauseSoAcceptedTasksFinish() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.pause();
            TaskHandle<String> cpu = runtime.spawn(() -> "cpu");
            TaskHandle<String> blocking = runtime.spawnBlocking(() -> "blocking");

            runtime.shutdown();

            assertThat(runtime.isPaused()).isFalse();
            Waits.awaitTermination(runtime);
            assertThat(cpu.get()).isEqualTo("cpu");
            assertThat(blocking.get()).isEqualTo("blocking");
        }
    }

    /**
     * {@code shutdownNow()} lifts the pause, and the lifting must start nothing: before the fix
     * the blocking lane started as many waiting tasks as it had permits (interrupted, counted as
     * completed) instead of returning them (found by an adversarial audit).
     */
    @Test
    void shutdownNowOfAPausedRuntimeReturnsEveryWaitingTaskAndRunsNone() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(4).build();
        try (runtime) {
            runtime.pause();
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                handles.add(runtime.spawnBlocking(ran::incrementAndGet));
                handles.add(runtime.spawn(ran::incrementAndGet));
            }
            assertThat(runtime.shutdownNow()).hasSize(20);
            Waits.awaitTermination(runtime);
        }
        assertThat(ran).hasValue(0);
        assertThat(runtime.snapshot().neverStarted()).isEqualTo(20);
        assertThat(runtime.snapshot().completed()).isZero();
    }

    @Test
    void pauseAfterShutdownHasNoEffect() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.shutdown();
            runtime.pause();
            assertThat(runtime.isPaused()).isFalse();
        }
    }

    @Test
    void pausedRuntimeClosesAfterRunningWhatItAccepted() {
        AtomicInteger ran = new AtomicInteger();
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try (runtime) {
            runtime.pause();
            for (int i = 0; i < 5; i++) {
                runtime.execute(ran::incrementAndGet);
            }
        }
        assertThat(ran).hasValue(5);
        assertThat(runtime.isTerminated()).isTrue();
    }
}
