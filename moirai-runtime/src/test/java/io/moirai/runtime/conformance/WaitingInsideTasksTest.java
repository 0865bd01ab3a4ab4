package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks that wait inside tasks meet unrelated work, and must neither run it on their stack nor
 * idle the lane: a waiting worker runs only the awaited task or its subtree, and otherwise
 * blocks while a spare worker keeps the lane's parallelism. Each test reproduces a program that
 * broke the earlier "run anything while you wait" design.
 */
class WaitingInsideTasksTest {

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void thousandsOfTasksJoiningSleepingBlockingTasksAllCompleteWithoutOverflowingTheStack(int parallelism)
            throws Exception {
        int tasks = 20_000;
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).build()) {
            List<TaskHandle<Integer>> handles = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                handles.add(runtime.spawn(() -> runtime.spawnBlocking(() -> {
                    Thread.sleep(20);
                    return 1;
                }).join()));
            }
            int sum = 0;
            for (TaskHandle<Integer> handle : handles) {
                sum += handle.get(Waits.LONG.toSeconds() * 3, TimeUnit.SECONDS);
            }
            assertThat(sum).isEqualTo(tasks);

            assertThat(runtime.spawn(() -> "still live").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("still live");
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.failed()).isZero();
            assertThat(snapshot.completed()).isEqualTo(2L * tasks + 1);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void aWaitingTaskNeverRunsAnUnrelatedTaskThatWaitsForIt(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            CountDownLatch openedByA = new CountDownLatch(1);
            CountDownLatch bQueued = new CountDownLatch(1);
            TaskHandle<String> a = runtime.spawn(() -> {
                TaskHandle<String> slow = runtime.spawnBlocking(() -> {
                    bQueued.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    Thread.sleep(100);
                    return "slow";
                });
                String value = slow.join();
                openedByA.countDown();
                return value;
            });
            // B arrives while A waits; if A's worker ran it on A's stack, A could never return
            TaskHandle<String> b = runtime.spawn(() -> {
                openedByA.await();
                return "b";
            });
            bQueued.countDown();

            assertThat(a.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("slow");
            assertThat(b.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("b");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void aTimedGetInsideATaskKeepsItsTimeoutWhileTheWorkerHasOtherLongWork(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build();
             Gate busy = new Gate(parallelism)) {
            CountDownLatch never = new CountDownLatch(1);
            TaskHandle<Long> waiter = runtime.spawn(() -> {
                for (int i = 0; i < parallelism; i++) {
                    runtime.spawn(busy.callable("busy for up to 5 s")); // unrelated, on this worker's deque
                }
                TaskHandle<Void> pending = runtime.spawnBlocking(() -> {
                    never.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    return null;
                });
                long start = System.nanoTime();
                try {
                    pending.get(20, TimeUnit.MILLISECONDS);
                    throw new AssertionError("completed unexpectedly");
                } catch (TimeoutException expected) {
                    return System.nanoTime() - start;
                }
            });
            long waited = waiter.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(Duration.ofNanos(waited)).isLessThan(Duration.ofSeconds(1))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(20));
            never.countDown();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void aTimedInvokeAnyInsideATaskKeepsItsTimeout(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build();
             Gate busy = new Gate(parallelism)) {
            TaskHandle<Long> waiter = runtime.spawn(() -> {
                for (int i = 0; i < parallelism; i++) {
                    runtime.spawn(busy.callable("busy"));
                }
                long start = System.nanoTime();
                Callable<String> slow = () -> {
                    Thread.sleep(Waits.LONG.toMillis());
                    return "slow";
                };
                assertThatThrownBy(() -> runtime.invokeAny(List.of(slow, slow), 20, TimeUnit.MILLISECONDS))
                        .isInstanceOf(TimeoutException.class);
                return System.nanoTime() - start;
            });
            assertThat(Duration.ofNanos(waiter.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)))
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void cancelWithInterruptReachesOnlyTheCancelledTaskNeverATaskItsWorkerRunsMeanwhile(int parallelism)
            throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            CountDownLatch childRunning = new CountDownLatch(1);
            CountDownLatch finishChild = new CountDownLatch(1);
            AtomicBoolean childInterrupted = new AtomicBoolean();
            AtomicBoolean outerSawInterrupt = new AtomicBoolean();
            CountDownLatch outerDone = new CountDownLatch(1);
            TaskHandle<String> outer = runtime.spawn(() -> {
                try {
                    TaskHandle<String> child = runtime.spawn(() -> {
                        childRunning.countDown();
                        try {
                            finishChild.await();
                        } catch (InterruptedException e) {
                            childInterrupted.set(true);
                        }
                        return "child";
                    });
                    String value = child.get(); // helps: runs the child on this worker, nested
                    // the child finished first, so get() returns its value, as FutureTask's does;
                    // the interrupt meant for this task is on its thread now
                    outerSawInterrupt.set(Thread.currentThread().isInterrupted());
                    return value;
                } catch (InterruptedException e) {
                    outerSawInterrupt.set(true);
                    throw e;
                } finally {
                    outerDone.countDown();
                }
            });
            Waits.await(childRunning);

            assertThat(outer.cancel(true)).isTrue();
            finishChild.countDown();
            Waits.await(outerDone);

            assertThat(childInterrupted).as("the nested task was not interrupted").isFalse();
            assertThat(outerSawInterrupt).as("the cancelled task got its interrupt").isTrue();
            assertThat(outer.isCancelled()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inside a task", "outside the runtime"})
    void pollingGetWithShortTimeoutsLeavesAtMostOneCallbackOnTheHandle(String where) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            CountDownLatch release = new CountDownLatch(1);
            TaskHandle<String> pending = runtime.spawnBlocking(() -> {
                release.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                return "done";
            });
            // 10^4 polls of 1 ms each inside a task (as the program that found the leak did); the
            // outside variant polls 1 µs each to keep the suite short: the count is what matters
            TimeUnit pollUnit = where.equals("inside a task") ? TimeUnit.MILLISECONDS : TimeUnit.MICROSECONDS;
            Callable<Integer> poller = () -> {
                int timeouts = 0;
                for (int i = 0; i < 10_000; i++) {
                    try {
                        pending.get(1, pollUnit);
                    } catch (TimeoutException expected) {
                        timeouts++;
                    }
                }
                return timeouts;
            };
            int timeouts = where.equals("inside a task")
                    ? runtime.spawn(poller).get(Waits.LONG.toSeconds() * 3, TimeUnit.SECONDS)
                    : poller.call();
            assertThat(timeouts).isEqualTo(10_000);
            CompletableFuture<String> stage = pending.toCompletableFuture();
            assertThat(stage.getNumberOfDependents()).isLessThanOrEqualTo(1);
            release.countDown();
            assertThat(pending.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done");
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void afterShutdownNowATaskWaitingOnADrainedTaskEndsAndTheRuntimeTerminates(int parallelism) throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).blockingConcurrency(1).build();
        try (Gate permitHolder = new Gate()) {
            runtime.spawnBlocking(permitHolder.callable("holds the only permit"));
            permitHolder.awaitEntered();
            AtomicReference<TaskHandle<String>> drained = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(2);
            List<AtomicReference<Throwable>> outcomes = List.of(new AtomicReference<>(), new AtomicReference<>());
            TaskHandle<String> queued = runtime.spawnBlocking(() -> "ran later");
            drained.set(queued);
            for (int i = 0; i < 2; i++) {
                AtomicReference<Throwable> outcome = outcomes.get(i);
                boolean useJoin = i == 0;
                runtime.spawn(() -> {
                    waiting.countDown();
                    try {
                        return useJoin ? queued.join() : queued.get();
                    } catch (Throwable t) {
                        outcome.set(t);
                        throw t;
                    }
                });
            }
            Waits.await(waiting);
            await().atMost(Waits.LONG).until(() -> runtime.snapshot().blockingWaiting() == 1);

            List<Runnable> neverStarted = runtime.shutdownNow();

            Waits.awaitTermination(runtime);
            assertThat(outcomes.get(0).get()).as("join").isInstanceOf(CancellationException.class);
            assertThat(outcomes.get(1).get()).as("get").isInstanceOf(CancellationException.class);
            assertThat(neverStarted).contains((Runnable) queued);
            // the drained task keeps its contract: whoever runs it later completes it
            neverStarted.forEach(Runnable::run);
            assertThat(queued.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ran later");
        } finally {
            runtime.shutdownNow();
        }
    }

    @Test
    void afterShutdownNowATaskRunByItsSubmitterThatWaitsOnADrainedTaskEnds() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build();
        try (Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<Integer> filler = runtime.spawn(() -> 0);
            AtomicReference<TaskHandle<Integer>> child = new AtomicReference<>();
            CountDownLatch waiting = new CountDownLatch(1);
            // the lane is full, so the submitting thread runs the task itself; the task makes
            // room and queues the child it waits for, which shutdownNow() then hands back
            CompletableFuture<Integer> callerRan = CompletableFuture.supplyAsync(() -> runtime.spawn(() -> {
                filler.cancel(false);
                child.set(runtime.spawn(() -> 1));
                waiting.countDown();
                return child.get().join();
            }).join());
            Waits.await(waiting);

            List<Runnable> neverStarted = runtime.shutdownNow();

            assertThat(neverStarted).contains((Runnable) child.get());
            assertThatThrownBy(() -> callerRan.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(CancellationException.class);
            gate.open();
            Waits.awaitTermination(runtime);
        } finally {
            runtime.shutdownNow();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void recursiveForkJoinStillHelpsAndCompletes(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).build()) {
            assertThat(runtime.spawn(() -> fib(runtime, 20)).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo(6765L);
            assertThat(runtime.snapshot().failed()).isZero();
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void deepRecursionBeyondTheHelpingDepthCompletesByBlockingWithSpares(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).build()) {
            assertThat(runtime.spawn(() -> chain(runtime, 200)).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void joiningAnotherRuntimesTaskBlocksWithASpareInsteadOfIdlingTheLane(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build();
             MoiraiRuntime other = MoiraiRuntime.builder().parallelism(1).build();
             Gate gate = new Gate()) {
            TaskHandle<String> foreign = other.spawn(gate.callable("foreign"));
            List<TaskHandle<String>> joiners = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                joiners.add(runtime.spawn(foreign::join));
            }
            gate.awaitEntered();
            assertThat(runtime.spawn(() -> "ran beside the joiners").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("ran beside the joiners");
            gate.open();
            for (TaskHandle<String> joiner : joiners) {
                assertThat(joiner.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("foreign");
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void aGetInsideATaskThatIsInterruptedThrowsInterruptedExceptionAndKeepsNoStatus(int parallelism)
            throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build(); Gate gate = new Gate()) {
            TaskHandle<String> pending = runtime.spawnBlocking(gate.callable("x"));
            AtomicReference<Thread> waiterThread = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            TaskHandle<String> waiter = runtime.spawn(() -> {
                waiterThread.set(Thread.currentThread());
                started.countDown();
                try {
                    return pending.get();
                } catch (InterruptedException e) {
                    return "interrupted, status " + Thread.currentThread().isInterrupted();
                }
            });
            Waits.await(started);
            await().atMost(Waits.LONG).until(() -> waiterThread.get().getState() == Thread.State.WAITING);
            waiterThread.get().interrupt();
            assertThat(waiter.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("interrupted, status false");
        }
    }

    private static long fib(MoiraiRuntime runtime, int n) {
        if (n < 2) {
            return n;
        }
        TaskHandle<Long> left = runtime.spawn(() -> fib(runtime, n - 1));
        long right = fib(runtime, n - 2);
        return left.join() + right;
    }

    /** Each level spawns the next and joins it: far deeper than the helping bound. */
    private static int chain(MoiraiRuntime runtime, int n) throws ExecutionException, InterruptedException {
        if (n == 0) {
            return 0;
        }
        return runtime.spawn(() -> chain(runtime, n - 1)).get() + 1;
    }
}
