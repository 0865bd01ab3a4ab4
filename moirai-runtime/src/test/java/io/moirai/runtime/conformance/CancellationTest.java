package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Future.cancel} on the runtime's handles, with and without interruption. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest {

    @Test
    void cancelWithInterruptInterruptsARunningCpuTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.spawn(() -> interruptibleWait(started, interrupted));
            Waits.await(started);

            assertThat(handle.cancel(true)).isTrue();

            Waits.await(interrupted);
            assertCancelled(handle);
        }
    }

    @Test
    void cancelWithInterruptInterruptsARunningBlockingTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.spawnBlocking(() -> interruptibleWait(started, interrupted));
            Waits.await(started);

            assertThat(handle.cancel(true)).isTrue();

            Waits.await(interrupted);
            assertCancelled(handle);
        }
    }

    @Test
    void cancelWithoutInterruptLetsTheRunningTaskGoOnUndisturbed() throws Exception {
        AtomicBoolean sawInterrupt = new AtomicBoolean(true);
        CountDownLatch finished = new CountDownLatch(1);
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> handle = runtime.spawn(() -> {
                gate.pass();
                sawInterrupt.set(Thread.currentThread().isInterrupted());
                finished.countDown();
                return "finished";
            });
            gate.awaitEntered();

            assertThat(handle.cancel(false)).isTrue();
            assertCancelled(handle);
            gate.open();

            Waits.await(finished);
            assertThat(sawInterrupt).isFalse();
            assertCancelled(handle);
        }
    }

    @Test
    void cancelOfAQueuedTaskMeansItNeverRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<Integer> queued = runtime.spawn(ran::incrementAndGet);
            TaskHandle<Integer> blocking = runtime.spawnBlocking(ran::incrementAndGet);
            blocking.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(queued.cancel(false)).isTrue();
            assertCancelled(queued);
            gate.open();

            TaskHandle<Integer> after = runtime.spawn(() -> 0);
            after.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(ran).as("only the blocking task ran").hasValue(1);
        }
    }

    @Test
    void cancelReturnsTrueOnlyForTheFirstCall() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<Integer> queued = runtime.spawn(() -> 1);

            assertThat(queued.cancel(true)).isTrue();
            assertThat(queued.cancel(true)).isFalse();
            assertThat(queued.cancel(false)).isFalse();
            assertCancelled(queued);
            gate.open();
        }
    }

    @Test
    void cancelOfACompletedTaskReturnsFalseAndKeepsItsResult() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> done = runtime.spawn(() -> "done");
            assertThat(done.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done");

            assertThat(done.cancel(true)).isFalse();
            assertThat(done.cancel(false)).isFalse();
            assertThat(done.isCancelled()).isFalse();
            assertThat(done.isDone()).isTrue();
            assertThat(done.get()).isEqualTo("done");
        }
    }

    @Test
    void cancelOfAFailedTaskReturnsFalse() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> failed = runtime.spawn(() -> {
                throw new IllegalStateException("failed");
            });
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> failed.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));

            assertThat(failed.cancel(true)).isFalse();
            assertThat(failed.isCancelled()).isFalse();
        }
    }

    @Test
    void cancelOfADelayedTaskMeansItNeverRunsAndLeavesNoTimer() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<Integer> delayed = runtime.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
            assertThat(runtime.snapshot().timersPending()).isEqualTo(1);

            assertThat(delayed.cancel(false)).isTrue();

            assertCancelled(delayed);
            assertThat(runtime.snapshot().timersPending()).isZero();
            assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
        }
        assertThat(ran).hasValue(0);
    }

    private static String interruptibleWait(CountDownLatch started, CountDownLatch interrupted) throws Exception {
        started.countDown();
        try {
            new CountDownLatch(1).await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            return "not interrupted";
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
    }

    private static void assertCancelled(TaskHandle<?> handle) {
        assertThat(handle.isCancelled()).isTrue();
        assertThat(handle.isDone()).isTrue();
        assertThatExceptionOfType(CancellationException.class).isThrownBy(handle::get);
        assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> handle.get(1, TimeUnit.SECONDS));
        assertThatExceptionOfType(CancellationException.class).isThrownBy(handle::join);
    }
}
