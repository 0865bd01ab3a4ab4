package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial checks of {@link MoiraiRuntime} against the letter of the
 * {@code java.util.concurrent} contracts and its own Javadoc: argument checks, invokeAll and
 * invokeAny in corner cases and from inside tasks, waits inside tasks, cancellation races,
 * shutdown races and their accounting.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AdversarialAuditTest {

    private static final long LONG_MS = 20_000;

    private static MoiraiRuntime runtime(int parallelism) {
        return MoiraiRuntime.builder().parallelism(parallelism).build();
    }

    private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(LONG_MS, TimeUnit.MILLISECONDS)).as("latch reached zero").isTrue();
    }

    private static void awaitTerminated(MoiraiRuntime runtime) throws InterruptedException {
        assertThat(runtime.awaitTermination(LONG_MS, TimeUnit.MILLISECONDS)).as("terminated").isTrue();
        assertThat(runtime.isTerminated()).isTrue();
    }

    private static void assertBalanced(RuntimeSnapshot s) {
        assertThat(s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted())
                .as("every submission ended exactly once: %s", s).isEqualTo(s.submitted());
    }

    /** A task body that waits until the latch opens or it is interrupted; counts interrupts. */
    private static Callable<String> waitFor(CountDownLatch started, CountDownLatch open, AtomicInteger interrupted) {
        return () -> {
            started.countDown();
            try {
                if (!open.await(LONG_MS, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("never opened");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return "opened";
        };
    }

    // ---- bad input -------------------------------------------------------------------------

    @Test
    void nullsAreRefusedBeforeAnythingRuns() {
        try (MoiraiRuntime runtime = runtime(1)) {
            AtomicInteger ran = new AtomicInteger();
            Runnable r = ran::incrementAndGet;
            assertThatNullPointerException().isThrownBy(() -> runtime.execute(null, TaskOptions.defaults()));
            assertThatNullPointerException().isThrownBy(() -> runtime.execute(r, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.spawnBlocking(null));
            assertThatNullPointerException().isThrownBy(() -> runtime.scheduleAtFixedRate(null, 1, 1, TimeUnit.SECONDS));
            assertThatNullPointerException().isThrownBy(() -> runtime.scheduleAtFixedRate(r, 1, 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.scheduleWithFixedDelay(null, 1, 1, TimeUnit.SECONDS));
            assertThatNullPointerException().isThrownBy(() -> runtime.scheduleWithFixedDelay(r, 1, 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.schedule((Callable<String>) null, 1, TimeUnit.SECONDS));
            assertThatNullPointerException().isThrownBy(() -> runtime.schedule(() -> "x", 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.schedule(r, 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(null, 1, TimeUnit.SECONDS));
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(null, 1, TimeUnit.SECONDS));
            assertThatNullPointerException().isThrownBy(() -> runtime.awaitTermination(1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(List.of(() -> 1), 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(List.of(() -> 1), 1, null));
            // a null unit with an empty collection: the unit is checked first, as the JDK does
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(List.<Callable<Integer>>of(), 1, null));
            assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(List.<Callable<Integer>>of(), 1, null));
            TaskHandle<Integer> h = runtime.spawn(() -> 1);
            assertThatNullPointerException().isThrownBy(() -> h.get(1, null));
            assertThatNullPointerException().isThrownBy(() -> h.thenApply(null));
            assertThat(runtime.snapshot().submitted()).as("only the one valid spawn was counted").isEqualTo(1);
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void invokeAllAndInvokeAnyWithANullElementLeaveNothingRunning() throws Exception {
        for (boolean any : new boolean[] {false, true}) {
            try (MoiraiRuntime runtime = runtime(2)) {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch never = new CountDownLatch(1);
                AtomicInteger interrupted = new AtomicInteger();
                List<Callable<String>> tasks = Arrays.asList(waitFor(started, never, interrupted), null);
                assertThatNullPointerException().isThrownBy(() -> {
                    if (any) {
                        runtime.invokeAny(tasks);
                    } else {
                        runtime.invokeAll(tasks);
                    }
                });
                runtime.shutdown();
                awaitTerminated(runtime);
                assertBalanced(runtime.snapshot());
                assertThat(runtime.snapshot().completed()).as("the task before the null never completed").isZero();
            }
        }
    }

    @Test
    void hugeTimeoutsInEveryUnitNeitherOverflowNorFireEarly() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            for (TimeUnit unit : TimeUnit.values()) {
                ScheduledTaskHandle<?> later = runtime.schedule(() -> { }, Long.MAX_VALUE, unit);
                ScheduledTaskHandle<?> rate = runtime.scheduleAtFixedRate(() -> { }, Long.MAX_VALUE, Long.MAX_VALUE, unit);
                ScheduledTaskHandle<?> delay = runtime.scheduleWithFixedDelay(() -> { }, Long.MAX_VALUE, Long.MAX_VALUE, unit);
                ScheduledTaskHandle<?> past = runtime.schedule(() -> "now", Long.MIN_VALUE, unit);
                assertThat(past.get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo("now");
                for (ScheduledTaskHandle<?> h : List.of(later, rate, delay)) {
                    assertThat(h.getDelay(TimeUnit.NANOSECONDS)).as("delay in %s", unit).isPositive();
                    assertThat(h.isDone()).isFalse();
                    assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> h.get(0, TimeUnit.NANOSECONDS));
                    assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> h.get(Long.MIN_VALUE, unit));
                }
                assertThat(past.getDelay(TimeUnit.NANOSECONDS)).isNotPositive();
                assertThat(later.compareTo(past)).isPositive();
                assertThat(runtime.spawn(() -> 7).get(Long.MAX_VALUE, unit)).isEqualTo(7);
                for (ScheduledTaskHandle<?> h : List.of(later, rate, delay)) {
                    assertThat(h.cancel(false)).isTrue();
                }
            }
            assertThat(runtime.awaitTermination(Long.MIN_VALUE, TimeUnit.DAYS)).isFalse();
            runtime.shutdown();
            assertThat(runtime.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
            assertBalanced(runtime.snapshot());
        }
    }

    @Test
    void deadlinesAtTheEndsOfTimeNeitherOverflowNorMisfire() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            assertThat(runtime.spawn(() -> 1, TaskOptions.defaults().withDeadline(Instant.MAX)).get(LONG_MS, TimeUnit.MILLISECONDS))
                    .isEqualTo(1);
            assertThat(runtime.spawn(() -> 2, TaskOptions.defaults().withDeadlineIn(Duration.ofSeconds(Long.MAX_VALUE)))
                    .get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(2);
            for (Lane lane : Lane.values()) {
                AtomicInteger ran = new AtomicInteger();
                TaskHandle<Integer> past = runtime.spawn(ran::incrementAndGet,
                        TaskOptions.defaults().withLane(lane).withDeadline(Instant.MIN));
                assertThatThrownBy(() -> past.get(LONG_MS, TimeUnit.MILLISECONDS))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(past.isCancelled()).isTrue();
                CountDownLatch none = new CountDownLatch(1);
                runtime.execute(none::countDown, TaskOptions.defaults().withLane(lane).withDeadline(Instant.EPOCH));
                assertThat(none.await(100, TimeUnit.MILLISECONDS)).as("an execute past its deadline never runs").isFalse();
                assertThat(ran).hasValue(0);
            }
            await().atMost(Duration.ofMillis(LONG_MS)).untilAsserted(() -> {
                RuntimeSnapshot s = runtime.snapshot();
                assertThat(s.cancelled()).isEqualTo(2L * Lane.values().length);
                assertBalanced(s);
            });
        }
    }

    @Test
    void theBuilderNamesTheSettingOfAnyCpuItCannotUse() {
        assertThatThrownBy(() -> MoiraiRuntime.builder().cpus(java.util.Set.of(1 << 20)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> MoiraiRuntime.builder().blockTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blockTimeout");
        assertThatThrownBy(() -> TaskOptions.defaults().withDeadlineIn(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }

    // ---- invokeAll / invokeAny ---------------------------------------------------------------

    @Test
    void invokeAnyWhoseTasksAllFailReportsOneOfTheirFailuresAndFinishesThemAll() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(() -> {
                    throw new IllegalStateException("task " + n);
                });
            }
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> runtime.invokeAny(tasks))
                    .withCauseInstanceOf(IllegalStateException.class);
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAny(tasks, 10, TimeUnit.SECONDS))
                    .withCauseInstanceOf(IllegalStateException.class);
            // an Error, and a task that throws CancellationException itself, are failures too
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> runtime.invokeAny(List.<Callable<String>>of(
                    () -> {
                        throw new CancellationException("mine");
                    },
                    () -> {
                        throw new AssertionError("err");
                    })));
            runtime.shutdown();
            awaitTerminated(runtime);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.failed()).isEqualTo(102);
            assertBalanced(s);
        }
    }

    @Test
    void invokeAnyReturnsTheSuccessAndInterruptsTheLosers() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger interrupted = new AtomicInteger();
            CountDownLatch loserStarted = new CountDownLatch(1);
            Callable<String> winner = () -> {
                awaitLatch(loserStarted);
                return "win";
            };
            assertThat(runtime.invokeAny(List.of(waitFor(loserStarted, never, interrupted), winner))).isEqualTo("win");
            await().atMost(Duration.ofMillis(LONG_MS)).untilAsserted(() -> assertThat(interrupted).hasValue(1));
            runtime.shutdown();
            awaitTerminated(runtime);
            assertBalanced(runtime.snapshot());
            assertThat(started.getCount()).isOne();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallerInterruptedWhileInvokingGetsInterruptedExceptionAndItsTasksAreCancelled(boolean any) throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger interrupted = new AtomicInteger();
            List<Callable<String>> tasks = List.of(waitFor(started, never, interrupted), waitFor(started, never, interrupted));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    if (any) {
                        runtime.invokeAny(tasks, 1, TimeUnit.DAYS);
                    } else {
                        runtime.invokeAll(tasks);
                    }
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            awaitLatch(started);
            caller.interrupt();
            caller.join(LONG_MS);
            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            await().atMost(Duration.ofMillis(LONG_MS)).untilAsserted(() -> assertThat(interrupted).hasValue(2));
            runtime.shutdown();
            awaitTerminated(runtime);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.cancelled()).isEqualTo(2);
            assertBalanced(s);
        }
    }

    @Test
    void timedInvokeAllThatExpiresReturnsOnlyDoneFuturesAndCancelsTheRest() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            AtomicInteger interrupted = new AtomicInteger();
            List<Callable<String>> tasks = new ArrayList<>();
            tasks.add(() -> "quick");
            tasks.add(waitFor(started, never, interrupted));
            for (int i = 0; i < 20; i++) {
                tasks.add(() -> "queued behind");
            }
            List<Future<String>> futures = runtime.invokeAll(tasks, 200, TimeUnit.MILLISECONDS);
            assertThat(futures).hasSize(tasks.size()).allMatch(Future::isDone);
            assertThat(futures.get(0).get()).isEqualTo("quick");
            assertThat(futures.get(1).isCancelled()).isTrue();
            await().atMost(Duration.ofMillis(LONG_MS)).untilAsserted(() -> assertThat(interrupted).hasValue(1));
            runtime.shutdown();
            awaitTerminated(runtime);
            assertBalanced(runtime.snapshot());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void invokeAnyFromEveryWorkerAtOnceDoesNotDeadlock(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            CountDownLatch allIn = new CountDownLatch(parallelism);
            List<TaskHandle<String>> outer = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                outer.add(runtime.spawn(() -> {
                    allIn.countDown();
                    awaitLatch(allIn); // every worker is inside invokeAny before any candidate can run
                    return runtime.invokeAny(List.of(() -> {
                        LockSupport.parkNanos(1_000_000);
                        return "a";
                    }, () -> "b"));
                }));
                outer.add(runtime.spawn(() -> runtime.invokeAny(List.of(() -> "c"), 10, TimeUnit.SECONDS)));
            }
            for (TaskHandle<String> h : outer) {
                assertThat(h.get(LONG_MS, TimeUnit.MILLISECONDS)).isIn("a", "b", "c");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void invokeAllNestedSeveralLevelsDeepCompletes(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            assertThat(runtime.spawn(() -> leaves(runtime, 5)).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(243);
            assertThat(runtime.spawn(() -> timedLeaves(runtime, 4)).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(81);
        }
    }

    private static int leaves(MoiraiRuntime runtime, int depth) throws Exception {
        if (depth == 0) {
            return 1;
        }
        Callable<Integer> child = () -> leaves(runtime, depth - 1);
        int sum = 0;
        for (Future<Integer> f : runtime.invokeAll(List.of(child, child, child))) {
            sum += f.get();
        }
        return sum;
    }

    private static int timedLeaves(MoiraiRuntime runtime, int depth) throws Exception {
        if (depth == 0) {
            return 1;
        }
        Callable<Integer> child = () -> timedLeaves(runtime, depth - 1);
        int sum = 0;
        for (Future<Integer> f : runtime.invokeAll(List.of(child, child, child), LONG_MS, TimeUnit.MILLISECONDS)) {
            sum += f.get();
        }
        return sum;
    }

    // ---- waiting inside tasks --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyWorkerWaitingOnALaterExternalSubmissionStillCompletes(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            CountDownLatch allIn = new CountDownLatch(parallelism);
            AtomicReference<TaskHandle<Integer>> later = new AtomicReference<>();
            CountDownLatch published = new CountDownLatch(1);
            List<TaskHandle<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                waiters.add(runtime.spawn(() -> {
                    allIn.countDown();
                    awaitLatch(published);
                    return later.get().get() + 1; // an unrelated task: no help, a spare must run it
                }));
            }
            awaitLatch(allIn);
            later.set(runtime.spawn(() -> 41));
            published.countDown();
            for (TaskHandle<Integer> w : waiters) {
                assertThat(w.get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(42);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void completionStageChainsJoinedInsideTasksComplete(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            List<TaskHandle<Integer>> outer = new ArrayList<>();
            for (int i = 0; i < parallelism * 2; i++) {
                outer.add(runtime.spawn(() -> runtime.spawn(() -> 1)
                        .thenApplyAsync(x -> x + 1)
                        .thenCompose(x -> runtime.spawnBlocking(() -> x * 10))
                        .thenCombineAsync(runtime.spawn(() -> 2), Integer::sum)
                        .toCompletableFuture().join()));
            }
            for (TaskHandle<Integer> h : outer) {
                assertThat(h.get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(22);
            }
        }
    }

    /**
     * A plain {@code CompletableFuture} or latch is not a handle: nothing promises help. With the
     * default blocking detection the stuck worker is compensated; this pins that it completes.
     */
    @Test
    void aWorkerParkedOnALatchThatALaterTaskCountsDownIsCompensatedByDefault() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            CountDownLatch latch = new CountDownLatch(1);
            TaskHandle<String> waiter = runtime.spawn(() -> {
                awaitLatch(latch);
                return CompletableFuture.supplyAsync(() -> "done", runtime).join();
            });
            runtime.execute(latch::countDown);
            assertThat(waiter.get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo("done");
        }
    }


    // ---- the Future view of a handle ------------------------------------------------------

    @Test
    void stateResultNowAndExceptionNowAgreeWithGetForEveryOutcome() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            TaskHandle<String> ok = runtime.spawn(() -> "v");
            TaskHandle<String> failed = runtime.spawn(() -> {
                throw new IllegalStateException("x");
            });
            TaskHandle<String> selfCancel = runtime.spawn(() -> {
                throw new CancellationException("thrown by the task itself");
            });
            TaskHandle<String> missed = runtime.spawn(() -> "never", TaskOptions.defaults().withDeadline(Instant.EPOCH));
            for (TaskHandle<String> h : List.of(ok, failed, selfCancel, missed)) {
                try {
                    h.get(LONG_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | CancellationException expected) {
                    // looked at below
                }
            }
            assertThat(ok.state()).isEqualTo(Future.State.SUCCESS);
            assertThat(ok.resultNow()).isEqualTo("v");
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(ok::exceptionNow);

            assertThat(failed.state()).isEqualTo(Future.State.FAILED);
            assertThat(failed.exceptionNow()).isInstanceOf(IllegalStateException.class).hasMessage("x");
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(failed::resultNow);

            // a task that throws CancellationException failed; it was not cancelled (as FutureTask)
            assertThat(selfCancel.isCancelled()).isFalse();
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(selfCancel::get)
                    .withCauseInstanceOf(CancellationException.class);
            assertThat(selfCancel.state()).isEqualTo(Future.State.FAILED);
            assertThat(selfCancel.exceptionNow()).isInstanceOf(CancellationException.class);

            assertThat(missed.isCancelled()).isTrue();
            assertThat(missed.state()).isEqualTo(Future.State.CANCELLED);
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(missed::exceptionNow);
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(missed::resultNow);
        }
    }

    @Test
    void aDoneHandleAnswersGetEvenWhenTheCallerIsInterrupted() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            TaskHandle<String> ok = runtime.spawn(() -> "v");
            assertThat(ok.get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo("v");
            CountDownLatch never = new CountDownLatch(1);
            TaskHandle<Boolean> pending = runtime.spawn(() -> never.await(LONG_MS, TimeUnit.MILLISECONDS));
            Thread.currentThread().interrupt();
            try {
                assertThat(ok.get()).isEqualTo("v");
                assertThat(ok.get(1, TimeUnit.SECONDS)).isEqualTo("v");
                assertThat(Thread.currentThread().isInterrupted()).as("status kept").isTrue();
                assertThatExceptionOfType(InterruptedException.class).isThrownBy(pending::get);
                assertThat(Thread.currentThread().isInterrupted()).as("status cleared by the throw").isFalse();
                Thread.currentThread().interrupt();
                assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> pending.get(1, TimeUnit.DAYS));
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            } finally {
                Thread.interrupted();
                never.countDown();
            }
        }
    }

    // ---- deadlines and timers do not hold termination back ---------------------------------

    @Test
    void farDeadlinesAndCancelledDelaysNeverHoldBackTermination() throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingDetectionThreshold(Duration.ZERO).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(1);
        runtime.spawn(waitFor(started, open, new AtomicInteger()));
        awaitLatch(started);
        TaskOptions far = TaskOptions.defaults().withDeadlineIn(Duration.ofHours(1));
        List<TaskHandle<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(runtime.spawn(() -> 1, far));
            queued.add(runtime.spawn(() -> 2, far.withLane(Lane.BLOCKING)));
        }
        TaskHandle<Integer> cancelledWhileQueued = runtime.spawn(() -> 3, far);
        assertThat(cancelledWhileQueued.cancel(false)).isTrue();
        ScheduledTaskHandle<?> delayed = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);
        runtime.shutdown();
        assertThat(delayed.cancel(false)).isTrue();
        open.countDown();
        awaitTerminated(runtime);
        for (TaskHandle<Integer> h : queued) {
            assertThat(h.state()).isEqualTo(Future.State.SUCCESS);
        }
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.timersPending()).isZero();
        assertThat(s.cancelled()).isEqualTo(2);
        assertBalanced(s);
    }

    // ---- shutdownNow -------------------------------------------------------------------------

    /**
     * A handle handed back by {@code shutdownNow} is a {@code RunnableFuture} the caller may run:
     * as with {@code FutureTask}, its body runs at most once however many threads run it.
     */
    @Test
    void aHandedBackTaskRunsOnceHoweverOftenItIsRun() throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingDetectionThreshold(Duration.ZERO).build();
        CountDownLatch started = new CountDownLatch(1);
        runtime.spawn(waitFor(started, new CountDownLatch(1), new AtomicInteger()));
        awaitLatch(started);
        AtomicInteger runs = new AtomicInteger();
        List<TaskHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(runtime.spawn(() -> {
                LockSupport.parkNanos(200_000);
                return runs.incrementAndGet();
            }));
        }
        List<Runnable> back = runtime.shutdownNow();
        assertThat(back).containsExactlyElementsOf(handles.stream().map(Runnable.class::cast).toList());
        awaitTerminated(runtime);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> runners = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            runners.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                back.forEach(Runnable::run);
            }));
        }
        go.countDown();
        back.forEach(Runnable::run);
        for (Thread t : runners) {
            t.join(LONG_MS);
        }
        back.forEach(Runnable::run);
        assertThat(runs).as("each body ran once").hasValue(20);
        for (TaskHandle<Integer> h : handles) {
            assertThat(h.state()).isEqualTo(Future.State.SUCCESS);
            assertThat(h.cancel(true)).isFalse();
        }
        assertBalanced(runtime.snapshot());
    }

    @Test
    void shutdownNowFromInsideATaskHandsBackTheQueueAndInterruptsItsCaller() throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingDetectionThreshold(Duration.ZERO).build();
        CountDownLatch queuedUp = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        TaskHandle<List<Runnable>> caller = runtime.spawn(() -> {
            awaitLatch(queuedUp);
            List<Runnable> back = runtime.shutdownNow();
            assertThat(Thread.currentThread().isInterrupted()).as("the caller is a running task too").isTrue();
            return back;
        });
        for (int i = 0; i < 5; i++) {
            runtime.execute(ran::incrementAndGet);
        }
        queuedUp.countDown();
        assertThat(caller.get(LONG_MS, TimeUnit.MILLISECONDS)).hasSize(5);
        awaitTerminated(runtime);
        assertThat(ran).hasValue(0);
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.neverStarted()).isEqualTo(5);
        assertBalanced(s);
    }

    @Test
    void nullsAreRefusedWithNullPointerExceptionEvenAfterShutdown() {
        MoiraiRuntime runtime = runtime(1);
        runtime.shutdown();
        assertThatNullPointerException().isThrownBy(() -> runtime.execute(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.submit((Runnable) null));
        assertThatNullPointerException().isThrownBy(() -> runtime.submit((Callable<String>) null));
        assertThatNullPointerException().isThrownBy(() -> runtime.schedule((Runnable) null, 1, TimeUnit.SECONDS));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(Arrays.asList((Callable<String>) null)));
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));
        runtime.close();
        assertThat(runtime.snapshot().rejected()).isEqualTo(1);
    }

    // ---- the blocking lane --------------------------------------------------------------------

    @Test
    void blockingTasksHoldingEveryPermitWhileWaitingOnUnrelatedQueuedBlockingTasksComplete() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(2).build()) {
            CountDownLatch allIn = new CountDownLatch(2);
            CountDownLatch published = new CountDownLatch(1);
            List<TaskHandle<Integer>> targets = Collections.synchronizedList(new ArrayList<>());
            List<TaskHandle<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = i;
                waiters.add(runtime.spawnBlocking(() -> {
                    allIn.countDown();
                    awaitLatch(published);
                    return targets.get(n).join() + 1;
                }));
            }
            awaitLatch(allIn);
            // a chain: the first target waits for the second, both queued behind the waiters
            TaskHandle<Integer> last = runtime.spawnBlocking(() -> 10);
            TaskHandle<Integer> first = runtime.spawnBlocking(() -> last.get() + 10);
            targets.add(first);
            targets.add(last);
            published.countDown();
            assertThat(waiters.get(0).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(21);
            assertThat(waiters.get(1).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(11);
        }
    }

    // ---- cancellation races ----------------------------------------------------------------

    @Test
    void cancelRacingCompletionIsAlwaysConsistent() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            AtomicInteger leakedInterrupts = new AtomicInteger();
            int iterations = 5_000;
            int cancelledByUs = 0;
            for (int i = 0; i < iterations; i++) {
                TaskHandle<Integer> h = runtime.spawn(() -> {
                    int spin = 0;
                    for (int k = 0; k < 200; k++) {
                        spin += k;
                    }
                    return spin;
                });
                // an innocent task: never cancelled, so it must never start interrupted
                TaskHandle<Boolean> innocent = runtime.spawn(() -> Thread.currentThread().isInterrupted());
                boolean cancelled = h.cancel(true);
                assertThat(h.isDone()).isTrue();
                if (cancelled) {
                    cancelledByUs++;
                    assertThat(h.isCancelled()).isTrue();
                    assertThatExceptionOfType(CancellationException.class).isThrownBy(h::get);
                    assertThatExceptionOfType(CancellationException.class).isThrownBy(h::join);
                    assertThat(h.state()).isEqualTo(Future.State.CANCELLED);
                } else {
                    assertThat(h.isCancelled()).isFalse();
                    assertThat(h.get()).isEqualTo(19900);
                    assertThat(h.state()).isEqualTo(Future.State.SUCCESS);
                }
                assertThat(h.cancel(true)).isFalse();
                if (innocent.get(LONG_MS, TimeUnit.MILLISECONDS)) {
                    leakedInterrupts.incrementAndGet();
                }
            }
            runtime.shutdown();
            awaitTerminated(runtime);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(leakedInterrupts).hasValue(0);
            assertThat(s.cancelled()).isEqualTo(cancelledByUs);
            assertThat(s.completed()).isEqualTo(2L * iterations - cancelledByUs);
            assertBalanced(s);
        }
    }


    @Test
    void cancelRacingTheFiringOfScheduledTasksIsAlwaysConsistent() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            AtomicInteger bodies = new AtomicInteger();
            int iterations = 3_000;
            int cancelledByUs = 0;
            for (int i = 0; i < iterations; i++) {
                ScheduledTaskHandle<Integer> h = runtime.schedule(bodies::incrementAndGet, i % 3 == 0 ? 0 : 20_000,
                        TimeUnit.NANOSECONDS);
                if (i % 2 == 0) {
                    LockSupport.parkNanos(i % 7 * 3_000L);
                }
                boolean cancelled = h.cancel(i % 4 < 2);
                assertThat(h.isDone()).isTrue();
                assertThat(h.isCancelled()).isEqualTo(cancelled);
                if (cancelled) {
                    cancelledByUs++;
                    assertThatExceptionOfType(CancellationException.class).isThrownBy(h::get);
                } else {
                    assertThat(h.get()).isPositive();
                }
            }
            runtime.shutdown();
            awaitTerminated(runtime);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.cancelled()).isEqualTo(cancelledByUs);
            assertThat(s.completed()).isEqualTo(iterations - cancelledByUs);
            assertThat(bodies.get()).isBetween(iterations - cancelledByUs, iterations);
            assertThat(s.timersPending()).isZero();
            assertBalanced(s);
        }
    }

    @Test
    void aDeadlineRacingTheStartOfItsTaskHasOneOutcome() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            AtomicInteger bodies = new AtomicInteger();
            int iterations = 3_000;
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                Lane lane = i % 3 == 0 ? Lane.BLOCKING : Lane.CPU;
                handles.add(runtime.spawn(bodies::incrementAndGet,
                        TaskOptions.defaults().withLane(lane).withDeadlineIn(Duration.ofNanos(i % 50 * 2_000L))));
            }
            int ran = 0;
            int missed = 0;
            for (TaskHandle<Integer> h : handles) {
                try {
                    h.get(LONG_MS, TimeUnit.MILLISECONDS);
                    ran++;
                } catch (DeadlineExceededException e) {
                    missed++;
                    assertThat(h.isCancelled()).isTrue();
                }
            }
            assertThat(ran + missed).isEqualTo(iterations);
            assertThat(bodies).as("a body ran exactly for each task that completed").hasValue(ran);
            runtime.shutdown();
            awaitTerminated(runtime);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.completed()).isEqualTo(ran);
            assertThat(s.cancelled()).isEqualTo(missed);
            assertThat(s.timersPending()).isZero();
            assertBalanced(s);
        }
    }

    @ParameterizedTest
    @EnumSource(Lane.class)
    void aTaskThatCancelsItselfIsCountedOnceAndLeaksNoInterrupt(Lane lane) throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            TaskOptions options = TaskOptions.defaults().withLane(lane);
            for (int i = 0; i < 200; i++) {
                AtomicReference<TaskHandle<String>> self = new AtomicReference<>();
                CountDownLatch published = new CountDownLatch(1);
                TaskHandle<String> h = runtime.spawn(() -> {
                    awaitLatch(published);
                    boolean cancelled = self.get().cancel(true);
                    return cancelled && Thread.currentThread().isInterrupted() ? "interrupted" : "not";
                }, options);
                self.set(h);
                published.countDown();
                TaskHandle<Boolean> next = runtime.spawn(() -> Thread.currentThread().isInterrupted(), options);
                assertThat(next.get(LONG_MS, TimeUnit.MILLISECONDS)).as("interrupt leaked to the next task").isFalse();
                assertThat(h.isCancelled()).isTrue();
            }
            // a periodic task cancelling itself from inside stops
            AtomicInteger runs = new AtomicInteger();
            AtomicReference<ScheduledTaskHandle<?>> periodic = new AtomicReference<>();
            CountDownLatch published = new CountDownLatch(1);
            periodic.set(runtime.scheduleAtFixedRate(() -> {
                try {
                    awaitLatch(published);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (runs.incrementAndGet() == 3) {
                    periodic.get().cancel(false);
                }
            }, 0, 1, TimeUnit.MILLISECONDS));
            published.countDown();
            await().atMost(Duration.ofMillis(LONG_MS)).until(() -> periodic.get().isDone());
            runtime.shutdown();
            awaitTerminated(runtime);
            assertThat(runs).hasValue(3);
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.cancelled()).isEqualTo(201);
            assertBalanced(s);
        }
    }

    @Test
    void concurrentClosesAndAwaitsAllSeeTermination() throws Exception {
        MoiraiRuntime runtime = runtime(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch open = new CountDownLatch(1);
        runtime.spawnBlocking(waitFor(started, open, new AtomicInteger()));
        awaitLatch(started);
        ConcurrentLinkedQueue<Boolean> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> {
                if (n % 2 == 0) {
                    runtime.close();
                    answers.add(runtime.isTerminated());
                } else {
                    try {
                        answers.add(runtime.awaitTermination(LONG_MS, TimeUnit.MILLISECONDS) && runtime.isTerminated());
                    } catch (InterruptedException e) {
                        answers.add(false);
                    }
                }
            }));
        }
        await().atMost(Duration.ofMillis(LONG_MS)).until(runtime::isShutdown);
        open.countDown();
        for (Thread t : threads) {
            t.join(LONG_MS);
        }
        assertThat(answers).hasSize(4).containsOnly(true);
    }


    @Test
    void shrinkingWhileEveryWorkerWaitsInsideATaskStillCompletesEverything() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(3)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            CountDownLatch allIn = new CountDownLatch(3);
            CountDownLatch published = new CountDownLatch(1);
            List<TaskHandle<Integer>> targets = Collections.synchronizedList(new ArrayList<>());
            List<TaskHandle<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                waiters.add(runtime.spawn(() -> {
                    allIn.countDown();
                    awaitLatch(published);
                    return targets.get(n).get() + 1;
                }));
            }
            awaitLatch(allIn);
            runtime.reconfigure(1, 1);
            for (int i = 0; i < 3; i++) {
                int n = i;
                targets.add(runtime.spawn(() -> n * 10));
            }
            published.countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(waiters.get(i).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(i * 10 + 1);
            }
            assertThat(runtime.spawn(() -> runtime.snapshot().parallelism()).get(LONG_MS, TimeUnit.MILLISECONDS)).isEqualTo(1);
        }
    }

    @Test
    void aSubmitterBlockedForSpaceWhenShutdownNowComesIsRejectedOrHandedBackNeverLost() throws Exception {
        for (int round = 0; round < 5; round++) {
            MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).queueCapacity(1)
                    .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ofSeconds(10))
                    .blockingDetectionThreshold(Duration.ZERO).build();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            runtime.spawn(waitFor(started, never, new AtomicInteger()));
            awaitLatch(started);
            AtomicInteger ran = new AtomicInteger();
            Runnable queued = ran::incrementAndGet;
            runtime.execute(queued);
            Runnable blocked = ran::incrementAndGet;
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch returned = new CountDownLatch(1);
            Thread submitter = Thread.ofPlatform().start(() -> {
                try {
                    runtime.execute(blocked);
                } catch (Throwable t) {
                    outcome.set(t);
                }
                returned.countDown();
            });
            await().atMost(Duration.ofMillis(LONG_MS)).until(() -> submitter.getState() == Thread.State.TIMED_WAITING
                    || submitter.getState() == Thread.State.WAITING);
            List<Runnable> back = runtime.shutdownNow();
            awaitLatch(returned);
            awaitTerminated(runtime);
            boolean rejected = outcome.get() instanceof RejectedExecutionException;
            assertThat(outcome.get() == null || rejected).as("outcome %s", outcome.get()).isTrue();
            assertThat(back).contains(queued);
            if (!rejected) {
                assertThat(back.contains(blocked) || ran.get() == 1).as("an accepted task runs or is handed back").isTrue();
            }
            assertBalanced(runtime.snapshot());
        }
    }

    // ---- shutdown ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"shutdown", "shutdownNow", "shutdown+listener", "shutdownNow+listener"})
    void shutdownRacingManySubmittersLosesNothing(String how) throws Exception {
        boolean now = how.startsWith("shutdownNow");
        for (int round = 0; round < 10; round++) {
            MoiraiRuntime.Builder builder = MoiraiRuntime.builder().parallelism(2);
            if (how.endsWith("listener")) {
                builder.listener(new RuntimeListener() {
                    @Override
                    public void taskQueued(String name, Lane lane) {
                        Thread.onSpinWait();
                    }
                });
            }
            MoiraiRuntime runtime = builder.build();
            int submitters = 4;
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> odd = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int kind = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 500; i++) {
                            try {
                                switch ((kind + i) % 4) {
                                    case 0 -> runtime.execute(ran::incrementAndGet);
                                    case 1 -> runtime.submit(ran::incrementAndGet);
                                    case 2 -> runtime.spawnBlocking(ran::incrementAndGet);
                                    default -> runtime.schedule(ran::incrementAndGet, 0, TimeUnit.NANOSECONDS);
                                }
                                accepted.incrementAndGet();
                            } catch (RejectedExecutionException e) {
                                refused.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        odd.add(e);
                    }
                }));
            }
            go.countDown();
            LockSupport.parkNanos(round * 20_000L);
            List<Runnable> back = now ? runtime.shutdownNow() : List.of();
            if (!now) {
                runtime.shutdown();
            }
            for (Thread t : threads) {
                t.join(LONG_MS);
            }
            awaitTerminated(runtime);
            assertThat(odd).isEmpty();
            assertThat(accepted.get() + refused.get()).isEqualTo(submitters * 500);
            int ranInside = ran.get();
            back.forEach(Runnable::run);
            assertThat(ran).as("every accepted task ran or was handed back (%d ran inside, %d back)", ranInside, back.size())
                    .hasValue(accepted.get());
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.rejected()).isEqualTo(refused.get());
            assertThat(s.neverStarted()).isEqualTo(back.size());
            assertBalanced(s);
        }
    }

    @Test
    void shutdownNowHandsBackExactlyTheTasksThatNeverStarted() throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1)
                .blockingDetectionThreshold(Duration.ZERO).build();
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        TaskHandle<String> runningCpu = runtime.spawn(waitFor(started, never, interrupted));
        TaskHandle<String> runningBlocking = runtime.spawnBlocking(waitFor(started, never, interrupted));
        awaitLatch(started);
        AtomicInteger ran = new AtomicInteger();
        List<Runnable> executed = new ArrayList<>();
        List<Object> handles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Runnable r = ran::incrementAndGet;
            executed.add(r);
            runtime.execute(r);
            handles.add(runtime.submit(ran::incrementAndGet));
            handles.add(runtime.spawnBlocking(ran::incrementAndGet));
            handles.add(runtime.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS));
        }
        List<Runnable> back = runtime.shutdownNow();
        assertThat(back).hasSize(40);
        assertThat(back).containsAll(executed);
        assertThat(back.stream().filter(r -> !executed.contains(r)).map(Object.class::cast).toList())
                .containsExactlyInAnyOrderElementsOf(handles);
        for (Object h : handles) {
            assertThat(((Future<?>) h).isDone()).isFalse();
        }
        awaitTerminated(runtime);
        assertThat(interrupted).hasValue(2);
        assertThat(runningCpu.isDone()).isTrue();
        assertThat(runningBlocking.isDone()).isTrue();
        assertThat(ran).hasValue(0);
        back.forEach(Runnable::run);
        assertThat(ran).hasValue(40);
        for (Object h : handles) {
            assertThat(((Future<?>) h).isDone()).isTrue();
        }
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.neverStarted()).isEqualTo(40);
        assertBalanced(s);
        assertThat(runtime.shutdownNow()).isEmpty();
    }

    @Test
    void shutdownAndAwaitTerminationFromInsideATaskDoNotHang() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        TaskHandle<Boolean> inside = runtime.spawn(() -> {
            runtime.shutdown();
            TaskHandle<Integer> child = runtime.spawn(() -> 5); // accepted: spawned by the runtime's own thread
            boolean terminated = runtime.awaitTermination(50, TimeUnit.MILLISECONDS); // cannot: this task runs
            runtime.close(); // only shuts down from inside
            return !terminated && child.join() == 5;
        });
        assertThat(inside.get(LONG_MS, TimeUnit.MILLISECONDS)).isTrue();
        assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));
        awaitTerminated(runtime);
        assertThat(runtime.isShutdown()).isTrue();
        assertBalanced(runtime.snapshot());
    }

    @Test
    void awaitTerminationOfATerminatedRuntimeReturnsTrueEvenWhenInterrupted() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        runtime.shutdown();
        awaitTerminated(runtime);
        Thread.currentThread().interrupt();
        try {
            // ThreadPoolExecutor and ForkJoinPool both answer true without looking at the interrupt
            assertThat(runtime.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
            assertThat(runtime.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("status kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        runtime.close();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    // ---- failures of execute ---------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Lane.class)
    void executeFailuresReachTheHandlerSpareTheWorkersAndAreCounted(Lane lane) throws Exception {
        ConcurrentLinkedQueue<Throwable> seen = new ConcurrentLinkedQueue<>();
        CountDownLatch handled = new CountDownLatch(20);
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).uncaughtExceptionHandler((t, e) -> {
            seen.add(e);
            handled.countDown();
            throw new IllegalStateException("a handler that fails too");
        }).build();
        for (int i = 0; i < 10; i++) {
            runtime.execute(() -> {
                throw new IllegalArgumentException("boom");
            }, TaskOptions.defaults().withLane(lane));
            runtime.execute(() -> {
                throw new StackOverflowError("deep");
            }, TaskOptions.defaults().withLane(lane));
        }
        awaitLatch(handled);
        assertThat(runtime.spawn(() -> "alive", TaskOptions.defaults().withLane(lane)).get(LONG_MS, TimeUnit.MILLISECONDS))
                .isEqualTo("alive");
        runtime.shutdown();
        awaitTerminated(runtime);
        assertThat(seen).hasSize(20);
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.failed()).isEqualTo(20);
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.parallelism()).isEqualTo(1);
        assertBalanced(s);
    }
}
