package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking-lane tasks that wait for blocking-lane tasks (an {@code @Async} method calling another
 * and waiting for its future, a request fanned out to blocking calls). Every permit can end up
 * held by a task waiting for a task queued behind the permits; such a waiter runs the awaited
 * task itself, on its own permit, so the lane neither deadlocks nor exceeds its bound.
 */
class BlockingLaneWaitsTest {

    /** Counts bodies that run, not wait: at most the permits at any moment. */
    private static final class Occupancy {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        void enter() {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void leave() {
            now.decrementAndGet();
        }
    }

    @ParameterizedTest(name = "waiting with {0}")
    @ValueSource(strings = {"join", "get"})
    void tasksHoldingEveryPermitWhileWaitingForQueuedTasksComplete(String how) throws Exception {
        int permits = 2;
        int outers = 8;
        Occupancy occupancy = new Occupancy();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(permits).build()) {
            CountDownLatch allQueued = new CountDownLatch(permits);
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < outers; i++) {
                handles.add(runtime.spawnBlocking(() -> {
                    occupancy.enter();
                    TaskHandle<Integer> inner = runtime.spawnBlocking(() -> {
                        occupancy.enter();
                        occupancy.leave();
                        return 1;
                    });
                    allQueued.countDown();
                    Waits.await(allQueued); // every permit is now held by a task about to wait
                    occupancy.leave();
                    int value = how.equals("join") ? inner.join() : inner.get();
                    occupancy.enter();
                    occupancy.leave();
                    return value + 1;
                }));
            }
            int sum = 0;
            for (TaskHandle<Integer> handle : handles) {
                sum += handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(sum).isEqualTo(2 * outers);
            assertThat(occupancy.peak.get()).as("bodies running at once").isLessThanOrEqualTo(permits);
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.completed()).isEqualTo(2L * outers);
            assertThat(snapshot.blockingWaiting()).isZero();
            assertThat(snapshot.failed() + snapshot.cancelled() + snapshot.rejected()).isZero();
        }
    }

    @Test
    void aChainOfWaitsDeeperThanThePermitsCompletesOnOnePermit() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            TaskHandle<Integer> root = runtime.spawnBlocking(() -> chain(runtime, 20));
            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(20);
            assertThat(runtime.snapshot().completed()).isEqualTo(21);
        }
    }

    private static int chain(MoiraiRuntime runtime, int depth) {
        if (depth == 0) {
            return 0;
        }
        return runtime.spawnBlocking(() -> chain(runtime, depth - 1)).join() + 1;
    }

    @Test
    void aTimedGetDoesNotRunTheAwaitedTaskAndKeepsItsTimeout() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            AtomicReference<Thread> innerThread = new AtomicReference<>();
            AtomicReference<Thread> outerThread = new AtomicReference<>();
            AtomicReference<TaskHandle<String>> inner = new AtomicReference<>();
            TaskHandle<String> outer = runtime.spawnBlocking(() -> {
                outerThread.set(Thread.currentThread());
                inner.set(runtime.spawnBlocking(() -> {
                    innerThread.set(Thread.currentThread());
                    return "inner";
                }));
                assertThatThrownBy(() -> inner.get().get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                return "outer";
            });
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("outer");
            assertThat(inner.get().get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("inner");
            assertThat(runtime.snapshot().completed()).isEqualTo(2);
        }
    }

    @Test
    void cancellingTheWaitingTaskDoesNotInterruptTheTaskItRunsMeanwhile() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch innerStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean innerSawInterrupt = new AtomicBoolean();
            AtomicBoolean outerSawInterrupt = new AtomicBoolean();
            AtomicReference<TaskHandle<String>> inner = new AtomicReference<>();
            TaskHandle<String> outer = runtime.spawnBlocking(() -> {
                inner.set(runtime.spawnBlocking(() -> {
                    innerStarted.countDown();
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            innerSawInterrupt.set(true);
                        }
                    }
                    return "inner";
                }));
                inner.get().join();
                outerSawInterrupt.set(Thread.currentThread().isInterrupted());
                return "outer";
            });
            Waits.await(innerStarted);
            assertThat(outer.cancel(true)).isTrue();
            release.countDown();
            assertThat(inner.get().get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("inner");
            assertThatThrownBy(outer::join).isInstanceOf(CancellationException.class);
            await().atMost(Waits.LONG).until(() -> runtime.snapshot().completed() + runtime.snapshot().cancelled() == 2);
            assertThat(innerSawInterrupt).as("the inner task was interrupted").isFalse();
            assertThat(outerSawInterrupt).as("the cancelled task got its interrupt back").isTrue();
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.completed()).isEqualTo(1);
            assertThat(snapshot.cancelled()).isEqualTo(1);
        }
    }

    @Test
    void aWaiterDoesNotRunTheAwaitedTaskWhileTheRuntimeIsPaused() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch paused = new CountDownLatch(1);
            AtomicBoolean innerRan = new AtomicBoolean();
            AtomicReference<TaskHandle<String>> inner = new AtomicReference<>();
            CountDownLatch innerSpawned = new CountDownLatch(1);
            TaskHandle<String> outer = runtime.spawnBlocking(() -> {
                Waits.await(paused);
                inner.set(runtime.spawnBlocking(() -> {
                    innerRan.set(true);
                    return "inner";
                }));
                innerSpawned.countDown();
                return inner.get().join() + " after outer";
            });
            runtime.pause();
            paused.countDown();
            Waits.await(innerSpawned);
            await().during(Waits.SHORT).atMost(Waits.LONG).untilFalse(innerRan);
            runtime.resume();
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("inner after outer");
        }
    }

    @Test
    void anAwaitedTaskWhoseDeadlinePassedInTheQueueIsCancelledNotRun() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            AtomicBoolean innerRan = new AtomicBoolean();
            TaskHandle<String> outer = runtime.spawnBlocking(() -> {
                TaskHandle<String> inner = runtime.spawn(() -> {
                    innerRan.set(true);
                    return "inner";
                }, TaskOptions.defaults().withLane(Lane.BLOCKING).withDeadlineIn(Duration.ofMillis(1)));
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait(); // past the deadline, still holding the only permit
                }
                try {
                    return inner.join();
                } catch (CancellationException expected) {
                    return "cancelled";
                }
            });
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("cancelled");
            assertThat(innerRan).isFalse();
        }
    }
}
