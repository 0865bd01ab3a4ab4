package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.DeadlineExceededException;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deadlines end tasks off the timer thread, release their task as soon as it starts, and never
 * overflow, however far away they are.
 */
class DeadlineLifecycleTest {

    @Test
    void aMissedDeadlineCompletesTheHandleOffTheTimerThread() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).threadNamePrefix("dl-").build();
             Gate gate = new Gate()) {
            runtime.spawn(gate.callable("holds the only worker"));
            gate.awaitEntered();
            TaskHandle<String> late = runtime.spawn(() -> "never",
                    TaskOptions.defaults().withDeadline(Instant.now().plusMillis(20)));
            AtomicReference<String> callbackThread = new AtomicReference<>();
            CountDownLatch called = new CountDownLatch(1);
            late.whenComplete((value, failure) -> {
                callbackThread.set(Thread.currentThread().getName());
                called.countDown();
            });
            Waits.await(called);
            assertThat(callbackThread.get()).startsWith("dl-").isNotEqualTo("dl-timer");
            assertThatThrownBy(late::join).isInstanceOf(DeadlineExceededException.class);
        }
    }

    /** Every method that rethrows the handle's cancellation keeps its type, getNow as join and get do. */
    @Test
    void aMissedDeadlineReadsAsDeadlineExceededFromEveryRethrowingMethod() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.spawn(gate.callable("holds the only worker"));
            gate.awaitEntered();
            TaskHandle<String> late = runtime.spawn(() -> "never",
                    TaskOptions.defaults().withDeadline(Instant.now().plusMillis(10)));
            assertThatThrownBy(() -> late.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(DeadlineExceededException.class);
            assertThatThrownBy(late::join).isInstanceOf(DeadlineExceededException.class);
            assertThatThrownBy(late::get).isInstanceOf(DeadlineExceededException.class);
            assertThatThrownBy(() -> late.toCompletableFuture().getNow("absent"))
                    .isInstanceOf(DeadlineExceededException.class);
        }
    }

    @Test
    void aSlowDeadlineCallbackDelaysNoOtherDeadline() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate();
             Gate slowCallback = new Gate()) {
            runtime.spawn(gate.callable("holds the only worker"));
            gate.awaitEntered();
            // Far enough that the callback is registered before the deadline passes: registered
            // on a handle already completed, it would run (and block) on this thread instead.
            TaskHandle<String> first = runtime.spawn(() -> "never",
                    TaskOptions.defaults().withDeadline(Instant.now().plusMillis(300)));
            first.whenComplete((value, failure) -> {
                try {
                    slowCallback.pass(); // holds its thread until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            slowCallback.awaitEntered();
            long submitted = System.nanoTime();
            TaskHandle<String> second = runtime.spawn(() -> "never",
                    TaskOptions.defaults().withDeadline(Instant.now().plusMillis(100)));
            CountDownLatch secondMissed = new CountDownLatch(1);
            second.whenComplete((value, failure) -> secondMissed.countDown());
            Waits.await(secondMissed);
            // would be the slow callback's whole wait if both ran on one thread
            assertThat(Duration.ofNanos(System.nanoTime() - submitted)).isLessThan(Waits.LONG.dividedBy(2));
            assertThat(second.toCompletableFuture().isCompletedExceptionally()).isTrue();
        }
    }

    @Test
    void closeFromADeadlineCallbackShutsTheRuntimeDownAndItTerminates() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        try (Gate gate = new Gate()) {
            runtime.spawn(gate.callable("holds the only worker"));
            gate.awaitEntered();
            TaskHandle<String> late = runtime.spawn(() -> "never",
                    TaskOptions.defaults().withDeadline(Instant.now().plusMillis(10)));
            CountDownLatch closed = new CountDownLatch(1);
            late.whenComplete((value, failure) -> {
                runtime.close();
                closed.countDown();
            });
            Waits.await(closed);
            assertThat(runtime.isShutdown()).isTrue();
            gate.open();
            Waits.awaitTermination(runtime);
        } finally {
            runtime.shutdownNow();
        }
    }

    @Test
    void tasksWithFarDeadlinesAreReleasedOnceTheyEnd() throws Exception {
        int tasks = 1_000_000;
        List<WeakReference<Object>> samples = new ArrayList<>();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            TaskOptions inAnHour = TaskOptions.defaults().withDeadline(Instant.now().plus(1, ChronoUnit.HOURS));
            List<TaskHandle<byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                TaskHandle<byte[]> handle = runtime.spawn(() -> new byte[1024], inAnHour);
                if (i % 10_000 == 0) {
                    samples.add(new WeakReference<>(handle));
                }
                batch.add(handle);
                if (batch.size() == 10_000) {
                    for (TaskHandle<byte[]> h : batch) {
                        h.join();
                    }
                    batch.clear();
                }
            }
            for (TaskHandle<byte[]> h : batch) {
                h.join();
            }
            batch.clear();
            await().atMost(Waits.LONG).untilAsserted(() -> {
                System.gc();
                assertThat(samples).allMatch(ref -> ref.get() == null);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Instant.MAX", "300 years"})
    void aDeadlineTooFarAwaySaturatesAndTheTaskRuns(String which) throws Exception {
        Instant deadline = which.equals("Instant.MAX") ? Instant.MAX : Instant.now().plus(Duration.ofDays(300L * 366));
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try {
            TaskHandle<String> handle = runtime.spawn(() -> "ran", TaskOptions.defaults().withDeadline(deadline));
            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ran");
            runtime.shutdown();
            Waits.awaitTermination(runtime);
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.submitted()).isEqualTo(1);
            assertThat(snapshot.completed()).isEqualTo(1);
        } finally {
            runtime.shutdownNow();
        }
    }

    @Test
    void aDeadlineLongPastIsMissedAtOnce() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.spawn(() -> "never", TaskOptions.defaults().withDeadline(Instant.MIN));
            assertThatThrownBy(() -> handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(CancellationException.class);
            assertThatThrownBy(handle::join).isInstanceOf(DeadlineExceededException.class);
        }
    }

    @Test
    void aBlockingTaskWithAFarDeadlineRunsAndTheRuntimeTerminates() throws ExecutionException, InterruptedException {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try {
            TaskHandle<String> handle = runtime.spawn(() -> "ran",
                    TaskOptions.defaults().withLane(io.moirai.runtime.Lane.BLOCKING).withDeadline(Instant.MAX));
            assertThat(handle.get()).isEqualTo("ran");
            runtime.shutdown();
            Waits.awaitTermination(runtime);
        } finally {
            runtime.shutdownNow();
        }
    }
}
