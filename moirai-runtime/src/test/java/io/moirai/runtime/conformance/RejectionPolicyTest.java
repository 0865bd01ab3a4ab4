package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.Priority;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskWrapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each {@link RejectionPolicy} does when a bounded lane already holds
 * {@code queueCapacity} waiting tasks. A gated task holds the only worker (or permit), so the
 * queue fills deterministically; blocking detection is off so no compensation worker drains it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RejectionPolicyTest {

    private static final int CAPACITY = 2;

    @Test
    void abortThrowsRejectedExecutionExceptionAndCountsTheRejection() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.ABORT).build(); Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);

            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.spawn(() -> 99));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));

            assertThat(runtime.snapshot().rejected()).isEqualTo(2);
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void abortAppliesPerLane() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.ABORT).blockingConcurrency(1).build();
             Gate gate = new Gate(2)) {
            runtime.spawn(gate.callable(0));
            runtime.spawnBlocking(gate.callable(0));
            gate.awaitEntered();
            List<TaskHandle<Integer>> accepted = new ArrayList<>();
            for (int i = 0; i < CAPACITY; i++) {
                accepted.add(runtime.spawn(() -> 1));
                accepted.add(runtime.spawnBlocking(() -> 1));
            }

            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.spawn(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.spawnBlocking(() -> 1));
            assertThat(runtime.snapshot().rejected()).isEqualTo(2);
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void cancelledWaitingTasksGiveBackTheirPlaceInTheQueue() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.ABORT).build(); Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);
            accepted.forEach(handle -> handle.cancel(false));

            TaskHandle<Integer> next = runtime.spawn(() -> 7);

            gate.open();
            assertThat(next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(7);
            assertThat(runtime.snapshot().rejected()).isZero();
        }
    }

    @Test
    void tasksThatMissedTheirDeadlineGiveBackTheirPlaceInTheQueue() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.ABORT).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            List<TaskHandle<Integer>> expired = new ArrayList<>();
            for (int i = 0; i < CAPACITY; i++) {
                expired.add(runtime.spawn(() -> 1, TaskOptions.named("expired").withDeadlineIn(Duration.ofMillis(20))));
            }
            await().atMost(Waits.LONG).until(() -> expired.stream().allMatch(TaskHandle::isDone));

            TaskHandle<Integer> next = runtime.spawn(() -> 7);

            gate.open();
            assertThat(next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(7);
        }
    }

    @Test
    void unboundedRuntimeNeverRejectsForCapacity() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 20_000; i++) {
                runtime.execute(ran::incrementAndGet);
            }
            assertThat(runtime.snapshot().queued()).isEqualTo(20_000);
            gate.open();
            runtime.shutdown();
            Waits.awaitTermination(runtime);
            assertThat(ran).hasValue(20_000);
            assertThat(runtime.snapshot().rejected()).isZero();
        }
    }

    @Test
    void callerRunsRunsTheTaskOnTheSubmittingThread() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.CALLER_RUNS).build(); Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);

            TaskHandle<Thread> overflow = runtime.spawn(Thread::currentThread);

            assertThat(overflow.isDone()).as("ran before spawn returned").isTrue();
            assertThat(overflow.get()).isSameAs(Thread.currentThread());
            assertThat(runtime.snapshot().rejected()).isZero();
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void aTaskRunOnTheSubmittingThreadCountsAsActiveNotQueuedWhileItRuns() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.CALLER_RUNS).build(); Gate gate = new Gate();
             Gate callerGate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);

            CompletableFuture<TaskHandle<String>> overflow = CompletableFuture.supplyAsync(
                    () -> runtime.spawn(callerGate.callable("ran on the caller")));
            callerGate.awaitEntered();

            RuntimeSnapshot during = runtime.snapshot();
            assertThat(during.active()).as("the worker's task and the caller's").isEqualTo(2);
            assertThat(during.queued()).isEqualTo(CAPACITY);
            callerGate.open();
            assertThat(overflow.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS).get()).isEqualTo("ran on the caller");
            assertThat(runtime.snapshot().active()).as("the worker's task alone").isEqualTo(1);
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void callerRunsReportsAFailureThroughTheHandle() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.CALLER_RUNS).build(); Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);
            IllegalStateException boom = new IllegalStateException("caller-run failure");

            TaskHandle<Integer> overflow = runtime.spawn(() -> {
                throw boom;
            });

            assertThatExceptionOfType(ExecutionException.class).isThrownBy(overflow::get).withCause(boom);
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void blockWaitsForTheTimeoutThenRejects() throws Exception {
        Duration blockTimeout = Duration.ofMillis(200);
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.BLOCK).blockTimeout(blockTimeout).build();
             Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);

            long start = System.nanoTime();
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.spawn(() -> 99));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(waited).as("waited for blockTimeout first").isGreaterThanOrEqualTo(blockTimeout.toMillis() - 20);
            assertThat(runtime.snapshot().rejected()).isEqualTo(1);
            gate.open();
            assertAllComplete(accepted);
        }
    }

    @Test
    void blockWaitsUntilSpaceFreesUpAndThenAccepts() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.BLOCK).blockTimeout(Waits.LONG).build();
             Gate gate = new Gate()) {
            List<TaskHandle<Integer>> accepted = fillCpuLane(runtime, gate);
            CompletableFuture<TaskHandle<Integer>> submission = new CompletableFuture<>();
            Thread submitter = Thread.ofPlatform().start(() -> {
                try {
                    submission.complete(runtime.spawn(() -> 42));
                } catch (Throwable failure) {
                    submission.completeExceptionally(failure);
                }
            });
            await().atMost(Waits.LONG).until(() -> submitter.getState() == Thread.State.TIMED_WAITING);
            assertThat(submission).isNotDone();

            gate.open();

            TaskHandle<Integer> late = submission.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(late.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(42);
            assertAllComplete(accepted);
            assertThat(runtime.snapshot().rejected()).isZero();
        }
    }

    @Test
    void aSubmitterWaitingForSpaceIsRefusedAsSoonAsTheRuntimeShutsDown() throws Exception {
        for (Lane lane : Lane.values()) {
            try (MoiraiRuntime runtime = bounded(RejectionPolicy.BLOCK).blockingConcurrency(1)
                    .blockTimeout(Duration.ofHours(1)).build()) {
                // holds the lane until the end of the test (a Gate would let go after Waits.LONG
                // and so free a slot for the submitter, which is what the test must not need)
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                runtime.spawn(() -> {
                    entered.countDown();
                    release.await();
                    return 0;
                }, TaskOptions.defaults().withLane(lane));
                Waits.await(entered);
                for (int i = 0; i < CAPACITY; i++) {
                    runtime.spawn(() -> 1, TaskOptions.defaults().withLane(lane));
                }
                CompletableFuture<TaskHandle<Integer>> submission = new CompletableFuture<>();
                Thread submitter = Thread.ofPlatform().start(() -> {
                    try {
                        submission.complete(runtime.spawn(() -> 42, TaskOptions.defaults().withLane(lane)));
                    } catch (Throwable failure) {
                        submission.completeExceptionally(failure);
                    }
                });
                try {
                    await().atMost(Waits.LONG).until(() -> submitter.getState() == Thread.State.TIMED_WAITING);

                    runtime.shutdown(); // the lane stays full: only the shutdown can end the wait

                    assertThatExceptionOfType(ExecutionException.class).as(lane.name())
                            .isThrownBy(() -> submission.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                            .withCauseInstanceOf(RejectedExecutionException.class);
                    assertThat(runtime.snapshot().rejected()).isEqualTo(1);
                } finally {
                    submitter.interrupt(); // lets a broken runtime's submitter go
                    release.countDown();
                }
                Waits.awaitTermination(runtime);
                Accounting.assertCountsAddUp(runtime);
            }
        }
    }

    @Test
    void blockOnARuntimeThreadRunsTheTaskInsteadOfWaiting() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.BLOCK).blockTimeout(Waits.LONG).build()) {
            TaskHandle<Boolean> parent = runtime.spawn(() -> {
                List<TaskHandle<Integer>> queued = new ArrayList<>();
                for (int i = 0; i < CAPACITY; i++) {
                    queued.add(runtime.spawn(() -> 1));
                }
                Thread me = Thread.currentThread();
                TaskHandle<Boolean> overflow = runtime.spawn(() -> Thread.currentThread() == me);
                boolean ranInline = overflow.isDone() && overflow.join();
                queued.forEach(TaskHandle::join);
                return ranInline;
            });

            assertThat(parent.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void discardOldestEvictsTheOldestWaitingTaskAndFailsItsHandle() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.DISCARD_OLDEST).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            AtomicInteger oldestRan = new AtomicInteger();
            TaskHandle<Integer> oldest = runtime.spawn(oldestRan::incrementAndGet);
            TaskHandle<String> second = runtime.spawn(() -> "second");

            TaskHandle<String> newest = runtime.spawn(() -> "newest");

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> oldest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .withCauseInstanceOf(RejectedExecutionException.class);
            assertThat(oldest.isCancelled()).isFalse();
            assertThat(runtime.snapshot().rejected()).isEqualTo(1);
            gate.open();
            assertThat(second.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("second");
            assertThat(newest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("newest");
            assertThat(oldestRan).hasValue(0);
        }
    }

    /**
     * The action of an async stage (the runtime is the default executor of its handles' stages)
     * waits in the lane as an {@code execute} command. Discarded, it left its stage incomplete for
     * ever, and a join on it hung: nothing can complete a {@code CompletableFuture}'s stage from
     * its completion task. It was accepted, so the submitter that needs the room runs it.
     */
    @Test
    void discardOldestRunsAnAsyncStagesActionInsteadOfLosingTheStage() throws Exception {
        assertAStageQueuedOldestSurvivesAnEviction(runtime -> {
            TaskHandle<Integer> source = runtime.spawn(() -> 0);
            source.toCompletableFuture().complete(1); // leaves its slot at once
            return source.thenApplyAsync(x -> x + 1).toCompletableFuture();
        });
    }

    @Test
    void discardOldestRunsAWrappedAsyncStageActionInsteadOfLosingTheStage() throws Exception {
        // an executor that hands the runtime each command inside a wrapper, as one that
        // propagates context does
        assertAStageQueuedOldestSurvivesAnEviction(runtime -> CompletableFuture.completedFuture(1)
                .thenApplyAsync(x -> x + 1, command -> runtime.execute(new Wrapped(command))));
    }

    /**
     * With the only worker held, queues the stage {@code queueStage} makes (as the oldest waiting
     * task, computing 2), then two tasks, the second of which evicts the oldest: the stage must be
     * complete, nothing rejected, and both tasks must run once the worker is free.
     */
    private static void assertAStageQueuedOldestSurvivesAnEviction(
            Function<MoiraiRuntime, CompletableFuture<Integer>> queueStage) throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.DISCARD_OLDEST).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            CompletableFuture<Integer> stage = queueStage.apply(runtime); // the oldest
            TaskHandle<String> second = runtime.spawn(() -> "second");

            TaskHandle<String> newest = runtime.spawn(() -> "newest");

            assertThat(stage).isCompletedWithValue(2);
            assertThat(runtime.snapshot().rejected()).isZero();
            gate.open();
            assertThat(second.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("second");
            assertThat(newest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("newest");
        }
    }

    /** A command inside a wrapper that shows it to the runtime. */
    private record Wrapped(Runnable command) implements Runnable, TaskWrapper {
        @Override
        public void run() {
            command.run();
        }

        @Override
        public Object wrappedTask() {
            return command;
        }
    }

    @Test
    void discardOldestEvictsFromTheLowestWaitingPriorityFirst() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.DISCARD_OLDEST).build(); Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<String> oldestHigh = runtime.spawn(() -> "high",
                    TaskOptions.named("high").withPriority(Priority.HIGH));
            TaskHandle<String> youngerLow = runtime.spawn(() -> "low",
                    TaskOptions.named("low").withPriority(Priority.LOW));

            TaskHandle<String> newest = runtime.spawn(() -> "newest");

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> youngerLow.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .withCauseInstanceOf(RejectedExecutionException.class);
            gate.open();
            assertThat(oldestHigh.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("high");
            assertThat(newest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("newest");
        }
    }

    @Test
    void discardOldestOnTheBlockingLaneEvictsTheOldestWaitingTask() throws Exception {
        try (MoiraiRuntime runtime = bounded(RejectionPolicy.DISCARD_OLDEST).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();
            TaskHandle<String> oldest = runtime.spawnBlocking(() -> "oldest");
            TaskHandle<String> second = runtime.spawnBlocking(() -> "second");

            TaskHandle<String> newest = runtime.spawnBlocking(() -> "newest");

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> oldest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .withCauseInstanceOf(RejectedExecutionException.class);
            assertThat(runtime.snapshot().rejected()).isEqualTo(1);
            gate.open();
            assertThat(second.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("second");
            assertThat(newest.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("newest");
        }
    }

    @Test
    void rejectionAfterShutdownIgnoresThePolicy() {
        for (RejectionPolicy policy : RejectionPolicy.values()) {
            try (MoiraiRuntime runtime = bounded(policy).build()) {
                runtime.shutdown();
                assertThatExceptionOfType(RejectedExecutionException.class)
                        .as(policy.name()).isThrownBy(() -> runtime.spawn(() -> 1));
                assertThat(runtime.snapshot().rejected()).isEqualTo(1);
            }
        }
    }

    private static MoiraiRuntime.Builder bounded(RejectionPolicy policy) {
        return Waits.quietRuntime().parallelism(1).queueCapacity(CAPACITY).rejectionPolicy(policy);
    }

    /** Holds the only worker with a gated task, then queues {@link #CAPACITY} tasks behind it. */
    private static List<TaskHandle<Integer>> fillCpuLane(MoiraiRuntime runtime, Gate gate) throws Exception {
        runtime.execute(gate.runnable());
        gate.awaitEntered();
        List<TaskHandle<Integer>> accepted = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            int n = i;
            accepted.add(runtime.spawn(() -> n, TaskOptions.named("queued-" + i).withLane(Lane.CPU)));
        }
        return accepted;
    }

    private static void assertAllComplete(List<TaskHandle<Integer>> handles) throws Exception {
        for (TaskHandle<Integer> handle : handles) {
            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        }
    }

    @Test
    void closeFromATaskRunOnTheCallersThreadShutsDownWithoutWaitingForItself() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build();
        try (Gate gate = new Gate()) {
            runtime.spawn(gate.callable("holds the worker"));
            gate.awaitEntered();
            runtime.spawn(() -> "fills the queue");
            CompletableFuture<String> callerRan = CompletableFuture.supplyAsync(() -> runtime.spawn(() -> {
                runtime.close(); // on the submitter's own thread: must not wait for this very task
                return Thread.currentThread().getName();
            }).join());
            assertThat(callerRan.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).doesNotStartWith("moirai-");
            assertThat(runtime.isShutdown()).isTrue();
            gate.open();
            Waits.awaitTermination(runtime);
        } finally {
            runtime.shutdownNow();
        }
    }
}
