package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread's interrupt status never leaks from one task to the next: neither a task's own
 * interrupt nor one from {@code cancel(true)} that lands as the task ends.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptIsolationTest {

    @Test
    void selfInterruptDoesNotReachTheNextTaskOnTheSameWorker() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<Thread> first = runtime.spawn(() -> {
                Thread.currentThread().interrupt();
                return Thread.currentThread();
            });
            Thread worker = first.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            TaskHandle<Boolean> nextSeesInterrupt = runtime.spawn(() -> {
                assertThat(Thread.currentThread()).isSameAs(worker);
                return Thread.currentThread().isInterrupted();
            });

            assertThat(nextSeesInterrupt.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    @Test
    void selfInterruptDoesNotReachTheNextExecuteTask() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        boolean[] sawInterrupt = {true};
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            runtime.execute(() -> Thread.currentThread().interrupt());
            runtime.execute(() -> {
                sawInterrupt[0] = Thread.currentThread().isInterrupted();
                done.countDown();
            });
            Waits.await(done);
        }
        assertThat(sawInterrupt[0]).isFalse();
    }

    @Test
    void selfInterruptDoesNotReachTheNextBlockingTask() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawnBlocking(() -> {
                gate.pass();
                Thread.currentThread().interrupt();
                return null;
            });
            gate.awaitEntered();
            TaskHandle<Boolean> next = runtime.spawnBlocking(() -> Thread.currentThread().isInterrupted());
            gate.open();

            assertThat(next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    @Test
    void cancelWithInterruptRacingTheEndOfATaskNeverReachesTheNextTask() throws Exception {
        int rounds = 300;
        int leaks = 0;
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            for (int i = 0; i < rounds; i++) {
                CountDownLatch started = new CountDownLatch(1);
                TaskHandle<Integer> victim = runtime.spawn(() -> {
                    started.countDown();
                    int spin = 0;
                    for (int k = 0; k < 2_000 && !Thread.currentThread().isInterrupted(); k++) {
                        spin += k;
                    }
                    return spin;
                });
                TaskHandle<Boolean> next = runtime.spawn(() -> Thread.currentThread().isInterrupted());
                Waits.await(started);
                victim.cancel(true);
                if (next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    leaks++;
                }
            }
        }
        assertThat(leaks).as("tasks that started with a stale interrupt").isZero();
    }

    @Test
    void cancelWithInterruptOfABlockingTaskNeverReachesTheNextOne() throws Exception {
        int rounds = 200;
        int leaks = 0;
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            for (int i = 0; i < rounds; i++) {
                CountDownLatch started = new CountDownLatch(1);
                TaskHandle<Integer> victim = runtime.spawnBlocking(() -> {
                    started.countDown();
                    int spin = 0;
                    for (int k = 0; k < 2_000 && !Thread.currentThread().isInterrupted(); k++) {
                        spin += k;
                    }
                    return spin;
                });
                TaskHandle<Boolean> next = runtime.spawnBlocking(() -> Thread.currentThread().isInterrupted());
                Waits.await(started);
                victim.cancel(true);
                if (next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    leaks++;
                }
            }
        }
        assertThat(leaks).as("blocking tasks that started with a stale interrupt").isZero();
    }

    /**
     * A task that restored its own interrupt ({@code catch (InterruptedException e)} then
     * {@code interrupt()}) and joins the child it spawned last: the worker runs the child at once
     * on its stack, as fork/join does; the child must not see the interrupt, and the task must
     * still have it when {@code join} returns, as {@code join} promises.
     */
    @Test
    void joinOfTheTaskSpawnedLastKeepsTheWaitersInterrupt() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> outer = runtime.spawn(() -> {
                TaskHandle<Boolean> child = runtime.spawn(() -> Thread.currentThread().isInterrupted());
                Thread.currentThread().interrupt();
                boolean childSawInterrupt = child.join();
                return "child interrupted " + childSawInterrupt + ", waiter interrupted " + Thread.interrupted();
            });
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("child interrupted false, waiter interrupted true");
        }
    }

    /**
     * The same for {@code get}: as {@code Future.get} of {@code FutureTask},
     * {@code CompletableFuture} and {@code ForkJoinTask}, a pending interrupt ends it with
     * {@code InterruptedException} before it runs anything.
     */
    @Test
    void getOfTheTaskSpawnedLastThrowsThePendingInterrupt() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> outer = runtime.spawn(() -> {
                TaskHandle<Integer> child = runtime.spawn(() -> 1);
                Thread.currentThread().interrupt();
                try {
                    return "returned " + child.get();
                } catch (InterruptedException e) {
                    return "interrupted, child " + child.join();
                }
            });
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("interrupted, child 1");
        }
    }

    /**
     * A task that runs a submission itself ({@code CALLER_RUNS} on a full lane) and is then
     * cancelled with an interrupt: the interrupt is the outer task's, never the inner one's.
     */
    @Test
    void cancellingATaskDoesNotInterruptTheTaskItRunsInlineOnAWorker() throws Exception {
        assertInlineRunIsolated(Lane.CPU);
    }

    @Test
    void cancellingATaskDoesNotInterruptTheTaskItRunsInlineOnABlockingThread() throws Exception {
        assertInlineRunIsolated(Lane.BLOCKING);
    }

    /**
     * A task that runs a submission itself ({@code CALLER_RUNS} on a full lane) with its own
     * interrupt pending: the interrupt is held back from the inline task, as one from
     * {@code cancel(true)} is, and the task has it again once the submission returns; an
     * interrupt the inline task leaves behind does not reach it.
     */
    @Test
    void aTaskThatRunsASubmissionItselfOnAWorkerKeepsItsInterruptToItself() throws Exception {
        assertInlineRunKeepsInterruptsApart(Lane.CPU);
    }

    @Test
    void aTaskThatRunsASubmissionItselfOnABlockingThreadKeepsItsInterruptToItself() throws Exception {
        assertInlineRunKeepsInterruptsApart(Lane.BLOCKING);
    }

    private static void assertInlineRunKeepsInterruptsApart(Lane lane) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build()) {
            TaskOptions options = TaskOptions.defaults().withLane(lane);
            TaskHandle<String> outer = runtime.spawn(() -> {
                Thread outerThread = Thread.currentThread();
                Thread.currentThread().interrupt();
                runtime.spawn(() -> null, options); // fills the queue: the next submissions run here
                TaskHandle<String> inline = runtime.spawn(() -> "inline " + (Thread.currentThread() == outerThread)
                        + ", interrupted " + Thread.currentThread().isInterrupted(), options);
                String kept = "outer interrupted " + Thread.interrupted();
                runtime.spawn(() -> {
                    Thread.currentThread().interrupt();
                    return null;
                }, options);
                return inline.resultNow() + "; " + kept + "; after a leftover " + Thread.interrupted();
            }, options);
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("inline true, interrupted false; outer interrupted true; after a leftover false");
        }
    }

    private static void assertInlineRunIsolated(Lane lane) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.CALLER_RUNS).build()) {
            TaskOptions options = TaskOptions.defaults().withLane(lane);
            CountDownLatch innerStarted = new CountDownLatch(1);
            CountDownLatch releaseInner = new CountDownLatch(1);
            AtomicBoolean innerInterrupted = new AtomicBoolean();
            AtomicBoolean outerSawInterrupt = new AtomicBoolean();
            CountDownLatch outerDone = new CountDownLatch(1);
            TaskHandle<Void> outer = runtime.spawn(() -> {
                try {
                    // the only permit or worker is this task's: the first submission fills the queue,
                    // the second finds it full and runs here
                    runtime.spawn(() -> null, options);
                    runtime.spawn(() -> {
                        innerStarted.countDown();
                        try {
                            releaseInner.await();
                        } catch (InterruptedException e) {
                            innerInterrupted.set(true);
                        }
                        return null;
                    }, options);
                    outerSawInterrupt.set(Thread.currentThread().isInterrupted());
                    return null;
                } finally {
                    outerDone.countDown();
                }
            }, options);
            Waits.await(innerStarted);
            assertThat(outer.cancel(true)).isTrue();
            releaseInner.countDown();
            Waits.await(outerDone);
            assertThat(innerInterrupted).as("the inline task was interrupted").isFalse();
            assertThat(outerSawInterrupt).as("the cancelled task got its interrupt back").isTrue();
        }
    }
}
