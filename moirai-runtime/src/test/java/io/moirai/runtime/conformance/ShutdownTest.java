package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code shutdown}, {@code shutdownNow}, {@code isShutdown}, {@code isTerminated} and
 * {@code awaitTermination}, as {@code ExecutorService} and {@code ScheduledThreadPoolExecutor}
 * define them.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownTest {

    @Test
    void newRuntimeIsNeitherShutDownNorTerminated() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThat(runtime.isShutdown()).isFalse();
            assertThat(runtime.isTerminated()).isFalse();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.RUNNING);
        }
    }

    @Test
    void idleRuntimeTerminatesPromptlyAfterShutdown() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            runtime.shutdown();

            assertThat(runtime.isShutdown()).isTrue();
            Waits.awaitTermination(runtime);
            assertThat(runtime.isTerminated()).isTrue();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.TERMINATED);
        }
    }

    @Test
    void everySubmissionIsRejectedAfterShutdown() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.shutdown();

            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.submit(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.submit(() -> { }));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.spawn(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.spawnBlocking(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.schedule(() -> 1, 1, TimeUnit.MILLISECONDS));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.SECONDS));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAll(List.of(() -> 1)));
        }
    }

    @Test
    void everySubmissionIsRejectedAfterShutdownNow() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.shutdownNow();

            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.submit(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.schedule(() -> 1, 1, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shutdownLetsRunningAndQueuedTasksFinish() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> running = runtime.spawn(gate.callable("running"));
            gate.awaitEntered();
            TaskHandle<String> queued = runtime.spawn(() -> "queued");
            TaskHandle<String> blocking = runtime.spawnBlocking(() -> "blocking");

            runtime.shutdown();
            assertThat(runtime.isShutdown()).isTrue();
            assertThat(runtime.isTerminated()).isFalse();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.SHUTTING_DOWN);
            gate.open();

            Waits.awaitTermination(runtime);
            assertThat(running.get()).isEqualTo("running");
            assertThat(queued.get()).isEqualTo("queued");
            assertThat(blocking.get()).isEqualTo("blocking");
        }
    }

    @Test
    void awaitTerminationReturnsFalseOnTimeoutAndTrueOnceTasksEnd() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            runtime.shutdown();

            assertThat(runtime.awaitTermination(Waits.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
            assertThat(runtime.awaitTermination(0L, TimeUnit.NANOSECONDS)).isFalse();
            assertThat(runtime.awaitTermination(-1L, TimeUnit.SECONDS)).isFalse();
            assertThat(runtime.isTerminated()).isFalse();
            gate.open();

            Waits.awaitTermination(runtime);
            assertThat(runtime.isTerminated()).isTrue();
            assertThat(runtime.awaitTermination(0L, TimeUnit.NANOSECONDS)).as("already terminated").isTrue();
        }
    }

    @Test
    void awaitTerminationWithoutShutdownTimesOut() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThat(runtime.awaitTermination(Waits.SHORT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    @Test
    void shutdownIsIdempotent() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.shutdown();
            runtime.shutdown();
            Waits.awaitTermination(runtime);
            runtime.shutdown();
            assertThat(runtime.shutdownNow()).isEmpty();
            assertThat(runtime.isTerminated()).isTrue();
        }
    }

    @Test
    void shutdownNowInterruptsRunningTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        Runnable interruptible = () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            runtime.execute(interruptible);
            runtime.spawnBlocking(() -> {
                interruptible.run();
                return null;
            });
            Waits.await(started);

            runtime.shutdownNow();

            Waits.await(interrupted);
            Waits.awaitTermination(runtime);
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.TERMINATED);
        }
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStartedWithoutRunningThem() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Runnable first = ran::incrementAndGet;
        Runnable second = ran::incrementAndGet;
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate();
             Gate blockingGate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            runtime.spawnBlocking(blockingGate.callable("held"));
            blockingGate.awaitEntered();
            runtime.execute(first);
            runtime.execute(second);
            TaskHandle<Integer> queued = runtime.spawn(ran::incrementAndGet);
            TaskHandle<Integer> waitingBlocking = runtime.spawnBlocking(ran::incrementAndGet);

            List<Runnable> neverStarted = runtime.shutdownNow();

            assertThat(List.<Object>copyOf(neverStarted)).hasSize(4).contains(first, second, queued, waitingBlocking);
            assertThat(queued.isDone()).isFalse();
            assertThat(waitingBlocking.isDone()).isFalse();
            Waits.awaitTermination(runtime);
            assertThat(ran).as("tasks handed back never ran").hasValue(0);
            assertThat(runtime.snapshot().neverStarted()).isEqualTo(4);
        }
    }

    @Test
    void tasksHandedBackByShutdownNowCanBeRunByTheCaller() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            runtime.execute(ran::incrementAndGet);
            TaskHandle<String> queued = runtime.spawn(() -> "ran by caller");
            ScheduledTaskHandle<String> delayed = runtime.schedule(() -> "delayed by caller", 1, TimeUnit.HOURS);

            List<Runnable> neverStarted = runtime.shutdownNow();
            Waits.awaitTermination(runtime);
            neverStarted.forEach(Runnable::run);

            assertThat(ran).hasValue(1);
            assertThat(queued.get()).isEqualTo("ran by caller");
            assertThat(delayed.get()).isEqualTo("delayed by caller");
        }
    }

    /**
     * A periodic task handed back and run by the caller runs once, and its handle then ends
     * cancelled: the get() of a fixed-rate or fixed-delay future never returns normally. It
     * used to complete normally with null.
     */
    @Test
    void aHandedBackPeriodicTaskRunByTheCallerEndsCancelledNotNormally() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            ScheduledTaskHandle<?> rate = runtime.scheduleAtFixedRate(ran::incrementAndGet, 1, 1, TimeUnit.HOURS);
            ScheduledTaskHandle<?> delay = runtime.scheduleWithFixedDelay(ran::incrementAndGet, 1, 1, TimeUnit.HOURS);

            List<Runnable> neverStarted = runtime.shutdownNow();
            Waits.awaitTermination(runtime);
            neverStarted.forEach(Runnable::run);

            assertThat(ran).hasValue(2);
            for (ScheduledTaskHandle<?> periodic : List.of(rate, delay)) {
                assertThat(periodic.isDone()).isTrue();
                assertThat(periodic.isCancelled()).isTrue();
                assertThatExceptionOfType(CancellationException.class).isThrownBy(periodic::get);
            }
        }
    }

    /** A handed-back periodic task whose one run throws fails with what it threw. */
    @Test
    void aHandedBackPeriodicTaskWhoseRunThrowsFailsWithIt() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            ScheduledTaskHandle<?> rate = runtime.scheduleAtFixedRate(() -> {
                throw boom;
            }, 1, 1, TimeUnit.HOURS);

            List<Runnable> neverStarted = runtime.shutdownNow();
            Waits.awaitTermination(runtime);
            neverStarted.forEach(Runnable::run);

            assertThat(rate.isCancelled()).isFalse();
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(rate::get).withCause(boom);
        }
    }

    @Test
    void cancelWithInterruptReachesTheCallerRunningAHandedBackTask() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        TaskHandle<String> queued = handedBack(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // until interrupted
                return "not interrupted";
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        });
        AtomicInteger interruptedAfterRun = new AtomicInteger(-1);
        Thread caller = Thread.ofPlatform().start(() -> {
            ((Runnable) queued).run();
            interruptedAfterRun.set(Thread.interrupted() ? 1 : 0);
        });
        assertThat(running.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThat(queued.cancel(true)).isTrue();
        caller.join(Waits.LONG.toMillis());

        assertThat(caller.isAlive()).isFalse();
        assertThat(interrupted).as("the body saw the interrupt").hasValue(1);
        assertThat(queued.isCancelled()).isTrue();
        assertThat(queued.cancel(true)).as("a second cancel").isFalse();
        // delivered inside run(), where the body consumed it: none is left for the caller
        assertThat(interruptedAfterRun).hasValue(0);
    }

    @Test
    void cancelAfterACallerRanAHandedBackTaskInterruptsNobody() throws Exception {
        TaskHandle<String> queued = handedBack(() -> "ran by caller");

        ((Runnable) queued).run();

        assertThat(queued.cancel(true)).as("already completed").isFalse();
        assertThat(Thread.interrupted()).as("the thread that ran it").isFalse();
        assertThat(queued.join()).isEqualTo("ran by caller");
        ((Runnable) queued).run(); // a second run does nothing
        assertThat(queued.join()).isEqualTo("ran by caller");
    }

    @Test
    void racingCallersAndACancelOfAHandedBackTaskRunItAtMostOnceAndInterruptOnlyItsRunner() throws Exception {
        for (int round = 0; round < 50; round++) {
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Thread> runner = new AtomicReference<>();
            TaskHandle<String> task = handedBack(() -> {
                ran.incrementAndGet();
                runner.set(Thread.currentThread());
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                return "ran";
            });
            CountDownLatch start = new CountDownLatch(1);
            Map<Thread, Boolean> interruptedAfterRun = new ConcurrentHashMap<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    awaitStart(start);
                    ((Runnable) task).run();
                    interruptedAfterRun.put(Thread.currentThread(), Thread.interrupted());
                }));
            }
            AtomicBoolean cancelled = new AtomicBoolean();
            Thread canceller = Thread.ofPlatform().start(() -> {
                awaitStart(start);
                cancelled.set(task.cancel(true));
            });
            start.countDown();
            canceller.join(Waits.LONG.toMillis());
            for (Thread caller : callers) {
                caller.join(Waits.LONG.toMillis());
            }

            assertThat(ran).as("round %d: the body ran at most once", round).hasValueLessThanOrEqualTo(1);
            assertThat(task.isDone()).isTrue();
            assertThat(task.isCancelled()).as("round %d", round).isEqualTo(cancelled.get());
            assertThat(interruptedAfterRun).hasSize(3);
            for (Map.Entry<Thread, Boolean> caller : interruptedAfterRun.entrySet()) {
                if (caller.getKey() != runner.get()) {
                    assertThat(caller.getValue()).as("round %d: a caller that did not run the body is left uninterrupted", round).isFalse();
                } else if (!cancelled.get()) {
                    assertThat(caller.getValue()).as("round %d: no cancel, no interrupt", round).isFalse();
                }
            }
        }
    }

    /**
     * Spawns {@code body} behind a task that holds the only worker, then shuts the runtime down
     * with {@code shutdownNow()}: returns the handle of the task it handed back, the runtime
     * terminated.
     */
    private static <T> TaskHandle<T> handedBack(Callable<T> body) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<T> queued = runtime.spawn(body);
            List<Runnable> neverStarted = runtime.shutdownNow();
            assertThat(List.<Object>copyOf(neverStarted)).contains(queued);
            gate.open();
            Waits.awaitTermination(runtime);
            return queued;
        }
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            Waits.await(start);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shutdownNowHandsBackDelayedTasksNeitherDoneNorCancelled() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<String> delayed = runtime.schedule(() -> "later", 1, TimeUnit.HOURS);
            ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);

            List<Runnable> neverStarted = runtime.shutdownNow();

            assertThat(List.<Object>copyOf(neverStarted)).containsExactlyInAnyOrder(delayed, periodic);
            assertThat(delayed.isDone()).isFalse();
            assertThat(delayed.isCancelled()).isFalse();
            assertThat(periodic.isDone()).isFalse();
            assertThat(periodic.isCancelled()).isFalse();
            Waits.awaitTermination(runtime);
            assertThat(runtime.snapshot().timersPending()).isZero();
        }
    }

    @Test
    void shutdownNowMovesTheSnapshotToStopping() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(() -> {
                for (boolean passed = false; !passed; ) {
                    try {
                        gate.pass();
                        passed = true;
                    } catch (InterruptedException e) {
                        // this task outlives the interrupt of shutdownNow, keeping the runtime stopping
                    }
                }
            });
            gate.awaitEntered();
            runtime.shutdownNow();
            assertThat(runtime.isShutdown()).isTrue();
            assertThat(runtime.isTerminated()).isFalse();
            assertThat(runtime.snapshot().state()).isEqualTo(RuntimeState.STOPPING);
            gate.open();
            Waits.awaitTermination(runtime);
        }
    }

    @Test
    void tasksSpawnedByRunningTasksAreStillAcceptedAfterShutdown() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<Integer> parent = runtime.spawn(() -> {
                runtime.shutdown();
                TaskHandle<Integer> child = runtime.spawn(() -> 20);
                return child.join() + 1;
            });

            assertThat(parent.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(21);
            Waits.awaitTermination(runtime);
        }
    }
}
