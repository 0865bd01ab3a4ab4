package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handle completed from outside ({@code complete}, {@code completeExceptionally},
 * {@code obtrude*}, {@code orTimeout}, {@code completeAsync}) follows {@code CompletableFuture}'s
 * and {@code Future}'s contracts, and the runtime's counts follow the handle: a task that has
 * not started is claimed (it never runs, frees its queue slot, and is counted by how its handle
 * ended); a running one runs on, and a later {@code cancel} fails, as on any completed future.
 * Also {@code minimalCompletionStage()}, whose asynchronous stages stay on the runtime.
 */
class ExternalCompletionTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build();

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        runtime.shutdown();
        assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Occupies the only worker until {@link #release}, so that the next CPU task stays queued. */
    private void occupyTheWorker() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        runtime.spawn(() -> {
            running.countDown();
            release.await();
            return null;
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private TaskHandle<Integer> queued(AtomicInteger runs) throws InterruptedException {
        occupyTheWorker();
        return runtime.spawn(() -> {
            runs.incrementAndGet();
            return 1;
        });
    }

    private void drain() throws InterruptedException {
        release.countDown();
        runtime.shutdown();
        assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aQueuedTaskCompletedFromOutsideNeverRunsAndCountsAsCompleted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<Integer> handle = queued(runs);
        CompletableFuture<Integer> future = handle.toCompletableFuture();

        assertThat(future.complete(5)).isTrue();
        assertThat(future.complete(6)).isFalse();
        assertThat(handle.cancel(false)).as("a completed task cannot be cancelled").isFalse();
        assertThat(handle.cancel(true)).isFalse();
        assertThat(handle.isCancelled()).isFalse();
        assertThat(handle.state()).isEqualTo(Future.State.SUCCESS);
        assertThat(handle.join()).isEqualTo(5);
        assertThat(handle.get()).isEqualTo(5);

        drain();
        assertThat(runs.get()).isZero();
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.completed()).isEqualTo(2); // the blocker and this one
        assertThat(s.cancelled()).isZero();
        assertThat(s.failed()).isZero();
        Accounting.assertCountsAddUp(s);
    }

    @Test
    void aFailureGivenFromOutsideCountsAsFailedAndACancellationAsCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<Integer> failed = queued(runs);
        TaskHandle<Integer> cancelled = runtime.spawn(() -> {
            runs.incrementAndGet();
            return 2;
        });
        IllegalStateException boom = new IllegalStateException("given");
        assertThat(failed.toCompletableFuture().completeExceptionally(boom)).isTrue();
        assertThat(cancelled.toCompletableFuture().completeExceptionally(new CancellationException("given"))).isTrue();

        assertThat(failed.state()).isEqualTo(Future.State.FAILED);
        assertThat(failed.exceptionNow()).isSameAs(boom);
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(failed.cancel(true)).isFalse();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelled.state()).isEqualTo(Future.State.CANCELLED);
        assertThat(cancelled.cancel(true)).as("cancelled by the completer, not by this call").isFalse();

        drain();
        assertThat(runs.get()).isZero();
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.completed()).isEqualTo(1); // the blocker
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.cancelled()).isEqualTo(1);
        Accounting.assertCountsAddUp(s);
    }

    @Test
    void completionArgumentsAreChecked() throws Exception {
        TaskHandle<Integer> handle = queued(new AtomicInteger());
        CompletableFuture<Integer> future = handle.toCompletableFuture();
        assertThatThrownBy(() -> future.completeExceptionally(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> future.obtrudeException(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> future.completeAsync(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> future.completeAsync(() -> 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(handle.isDone()).as("a refused argument changes nothing").isFalse();
    }

    @Test
    void aTimeoutThatFiresWhileQueuedEndsTheTaskAsFailed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<Integer> handle = queued(runs);
        handle.toCompletableFuture().orTimeout(20, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> handle.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(handle.cancel(true)).isFalse();

        drain();
        assertThat(runs.get()).isZero();
        assertThat(runtime.snapshot().failed()).isEqualTo(1);
        Accounting.assertCountsAddUp(runtime.snapshot());
    }

    @Test
    void obtrudingAQueuedTaskEndsItWithThatOutcome() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<Integer> handle = queued(runs);
        handle.toCompletableFuture().obtrudeValue(7);
        assertThat(handle.join()).isEqualTo(7);
        handle.toCompletableFuture().obtrudeValue(8); // done: replaces the value, as CompletableFuture's does
        assertThat(handle.join()).isEqualTo(8);

        drain();
        assertThat(runs.get()).isZero();
        assertThat(runtime.snapshot().completed()).isEqualTo(2);
        Accounting.assertCountsAddUp(runtime.snapshot());
    }

    @Test
    void completeAsyncClaimsAQueuedTaskThroughComplete() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TaskHandle<Integer> handle = queued(runs);
        AtomicReference<Thread> supplier = new AtomicReference<>();
        handle.toCompletableFuture().completeAsync(() -> {
            supplier.set(Thread.currentThread());
            return 9;
        }, Runnable::run);
        assertThat(handle.join()).isEqualTo(9);
        assertThat(supplier.get()).isSameAs(Thread.currentThread());

        TaskHandle<Integer> failing = runtime.spawn(() -> 1);
        IllegalStateException boom = new IllegalStateException("supplier");
        failing.toCompletableFuture().completeAsync(() -> {
            throw boom;
        }, Runnable::run);
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasCause(boom);
        assertThat(failing.isCancelled()).isFalse();

        drain();
        assertThat(runs.get()).isZero();
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.completed()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        Accounting.assertCountsAddUp(s);
    }

    @Test
    void aScheduledTaskCompletedFromOutsideLeavesTheTimer() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledTaskHandle<Integer> delayed = runtime.schedule(() -> runs.incrementAndGet(), 1, TimeUnit.HOURS);
        ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(runs::incrementAndGet, 1, 1, TimeUnit.HOURS);
        assertThat(runtime.snapshot().timersPending()).isEqualTo(2);
        assertThat(delayed.toCompletableFuture().complete(5)).isTrue();
        assertThat(periodic.toCompletableFuture().completeExceptionally(new CancellationException("enough"))).isTrue();
        assertThat(runtime.snapshot().timersPending()).isZero();
        assertThat(delayed.join()).isEqualTo(5);
        assertThat(periodic.isCancelled()).isTrue();

        drain();
        assertThat(runs.get()).isZero();
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.cancelled()).isEqualTo(1);
        Accounting.assertCountsAddUp(s);
    }

    @Test
    void aQueuedTaskCompletedFromOutsideGivesBackItsQueueSlot() throws Exception {
        try (MoiraiRuntime bounded = MoiraiRuntime.builder().parallelism(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.ABORT).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch hold = new CountDownLatch(1);
            bounded.spawn(() -> {
                running.countDown();
                hold.await();
                return null;
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            TaskHandle<Integer> waiting = bounded.spawn(() -> 1);
            assertThatThrownBy(() -> bounded.spawn(() -> 2)).isInstanceOf(RejectedExecutionException.class);
            waiting.toCompletableFuture().complete(3);
            TaskHandle<Integer> next = bounded.spawn(() -> 4); // the slot is free again
            hold.countDown();
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(waiting.join()).isEqualTo(3);
        }
    }

    @Test
    void aRunningTaskCompletedFromOutsideRunsOnAndCannotBeCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        TaskHandle<Integer> handle = runtime.spawn(() -> {
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return 1;
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.toCompletableFuture().complete(5)).isTrue();
        assertThat(handle.cancel(true)).isFalse();
        assertThat(handle.isCancelled()).isFalse();
        assertThat(handle.join()).isEqualTo(5);
        finish.countDown();

        drain();
        assertThat(interrupted.get()).as("a failed cancel interrupts nobody").isFalse();
        assertThat(handle.join()).isEqualTo(5);
        assertThat(runtime.snapshot().completed()).isEqualTo(1);
        assertThat(runtime.snapshot().cancelled()).isZero();
        Accounting.assertCountsAddUp(runtime.snapshot());
    }

    @Test
    void aPeriodicTaskCompletedWhileItRunsRunsNoMoreAndCountsItsRun() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> {
            runs.incrementAndGet();
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(periodic.toCompletableFuture().complete(null)).isTrue();
        assertThat(periodic.cancel(true)).isFalse();
        finish.countDown();

        drain();
        assertThat(runs.get()).isEqualTo(1);
        assertThat(periodic.state()).isEqualTo(Future.State.SUCCESS);
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.completed()).as("counted by how its run ended").isEqualTo(1);
        assertThat(s.cancelled()).isZero();
        Accounting.assertCountsAddUp(s);
    }

    /**
     * A completion from outside and a cancel racing on a running task: exactly one wins. A cancel
     * that returned true left the handle cancelled and was the only one to count the task; one
     * that returned false interrupted nobody, and the run was counted by how it ended.
     */
    @Test
    void aCompletionFromOutsideAndACancelOfARunningTaskHaveOneWinner() throws Exception {
        try (MoiraiRuntime racing = MoiraiRuntime.builder().parallelism(2).build()) {
            int rounds = 2_000;
            int cancelWon = 0;
            for (int i = 0; i < rounds; i++) {
                CountDownLatch running = new CountDownLatch(1);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicBoolean interrupted = new AtomicBoolean();
                TaskHandle<Integer> handle = racing.spawn(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        if (Thread.currentThread().isInterrupted()) {
                            interrupted.set(true);
                            return -1;
                        }
                        Thread.onSpinWait();
                    }
                    return 1;
                });
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                AtomicBoolean go = new AtomicBoolean();
                AtomicBoolean completedByOther = new AtomicBoolean();
                Thread completer = Thread.ofPlatform().start(() -> {
                    while (!go.get()) {
                        Thread.onSpinWait();
                    }
                    completedByOther.set(handle.toCompletableFuture().complete(5));
                });
                go.set(true);
                boolean cancelled = handle.cancel(true);
                completer.join();
                boolean completed = completedByOther.get();
                stop.set(true);
                assertThat(cancelled ^ completed).as("round %d: exactly one of cancel and complete wins", i).isTrue();
                if (cancelled) {
                    cancelWon++;
                    assertThat(handle.isCancelled()).isTrue();
                } else {
                    assertThat(handle.join()).isEqualTo(5);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!interrupted.get() && racing.snapshot().active() > 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertThat(interrupted.get()).as("round %d: a cancel that failed interrupted the task", i).isFalse();
                }
            }
            racing.shutdown();
            assertThat(racing.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            RuntimeSnapshot s = racing.snapshot();
            assertThat(s.cancelled()).isEqualTo(cancelWon);
            assertThat(s.completed()).isEqualTo(rounds - cancelWon);
            Accounting.assertCountsAddUp(s);
        }
    }

    /**
     * Completions racing the start of tasks, on one worker: a task completed before its body
     * began is counted by its handle (failed here), one whose body ran by its run (completed), and
     * the worker never stalls on a handle completed between its claim and its body (it once spun
     * for ever waiting for an outcome of its own to be published).
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stalled worker fails the test instead of the build
    void completionsRacingTheStartOfTasksAreCountedAndNeverStallTheWorker() throws Exception {
        try (MoiraiRuntime one = MoiraiRuntime.builder().parallelism(1).build()) {
            int rounds = 20_000;
            AtomicInteger bodies = new AtomicInteger();
            IllegalStateException given = new IllegalStateException("given");
            java.util.List<TaskHandle<Integer>> handles = new java.util.ArrayList<>(rounds);
            int won = 0;
            for (int i = 0; i < rounds; i++) {
                TaskHandle<Integer> handle = one.spawn(() -> {
                    bodies.incrementAndGet();
                    return 1;
                });
                for (int k = i % 64; k > 0; k--) {
                    Thread.onSpinWait();
                }
                if (handle.toCompletableFuture().completeExceptionally(given)) {
                    won++;
                }
                handles.add(handle);
                if (i % 1_000 == 0) {
                    assertThat(one.submit(() -> "probe").get(10, TimeUnit.SECONDS)).as("the worker still runs tasks").isEqualTo("probe");
                }
            }
            one.shutdown();
            assertThat(one.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            int failedHandles = 0;
            for (TaskHandle<Integer> handle : handles) {
                assertThat(handle.isDone()).isTrue();
                if (handle.state() == Future.State.FAILED) {
                    failedHandles++;
                }
            }
            assertThat(failedHandles).isEqualTo(won);
            RuntimeSnapshot s = one.snapshot();
            assertThat(s.completed()).as("runs that happened, and the probes").isEqualTo(bodies.get() + rounds / 1_000);
            assertThat(s.failed()).as("tasks whose body never ran").isEqualTo(rounds - bodies.get());
            Accounting.assertCountsAddUp(s);
        }
    }

    @Test
    void theMinimalStageKeepsItsAsynchronousStagesOnTheRuntime() throws Exception {
        TaskHandle<Integer> handle = runtime.spawn(() -> 1);
        CompletionStage<Integer> minimal = handle.toCompletableFuture().minimalCompletionStage();
        AtomicReference<String> ranOn = new AtomicReference<>();
        CompletableFuture<Integer> mapped = minimal.thenApplyAsync(v -> {
            ranOn.set(Thread.currentThread().getName());
            return v + 1;
        }).toCompletableFuture();
        assertThat(mapped.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(ranOn.get()).startsWith("moirai-");

        CompletableFuture<Integer> asFuture = minimal.toCompletableFuture();
        assertThat(asFuture.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(asFuture.complete(3)).isFalse();
        AtomicReference<String> derivedOn = new AtomicReference<>();
        asFuture.thenRunAsync(() -> derivedOn.set(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
        assertThat(derivedOn.get()).startsWith("moirai-");
    }

    @Test
    void theMinimalStageOffersOnlyTheStageMethodsAndRelaysFailuresWrapped() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskHandle<Integer> failed = runtime.spawn(() -> {
            throw boom;
        });
        CompletionStage<Integer> minimal = failed.toCompletableFuture().minimalCompletionStage();
        CompletableFuture<Integer> asFuture = (CompletableFuture<Integer>) minimal;
        assertThatThrownBy(asFuture::join).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(asFuture::get).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> asFuture.complete(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> asFuture.cancel(true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(asFuture::isDone).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> asFuture.orTimeout(1, TimeUnit.SECONDS)).isInstanceOf(UnsupportedOperationException.class);

        AtomicReference<Throwable> seen = new AtomicReference<>();
        minimal.exceptionally(t -> {
            seen.set(t);
            return 0;
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(seen.get()).isInstanceOf(CompletionException.class).hasCause(boom);
        assertThatThrownBy(() -> minimal.toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(boom);
    }
}
