package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.ScheduledTaskHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delayed and periodic tasks, after OpenJDK's jtreg tests {@code ScheduledThreadPoolExecutor/
 * DelayOverflow}, {@code BasicCancelTest}, {@code GCRetention} and {@code ZeroCoreThreads}
 * (a one-worker runtime instead of zero core threads), run against the runtime.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregScheduledTest {

    private static MoiraiRuntime runtime(int parallelism) {
        return Waits.quietRuntime().parallelism(parallelism).build();
    }

    /** DelayOverflow: a task due at once runs although a task with a delay of Long.MAX_VALUE is ahead of it. */
    @Test
    void hugeDelaysDoNotHideDueTasks() throws Exception {
        for (TimeUnit unit : new TimeUnit[] {TimeUnit.NANOSECONDS, TimeUnit.DAYS}) {
            for (int kind = 0; kind < 3; kind++) {
                try (MoiraiRuntime runtime = runtime(1)) {
                    AtomicInteger farRuns = new AtomicInteger();
                    Runnable far = farRuns::incrementAndGet;
                    ScheduledFuture<?> farFuture = switch (kind) {
                        case 0 -> runtime.schedule(far, Long.MAX_VALUE, unit);
                        case 1 -> runtime.scheduleAtFixedRate(far, Long.MAX_VALUE, Long.MAX_VALUE, unit);
                        default -> runtime.scheduleWithFixedDelay(far, Long.MAX_VALUE, Long.MAX_VALUE, unit);
                    };
                    CountDownLatch ran = new CountDownLatch(3);
                    runtime.schedule(ran::countDown, 1L, TimeUnit.NANOSECONDS);
                    runtime.schedule(ran::countDown, 0L, TimeUnit.NANOSECONDS);
                    runtime.schedule(ran::countDown, Long.MIN_VALUE, unit);
                    Waits.await(ran);
                    assertThat(farFuture.getDelay(TimeUnit.NANOSECONDS)).isPositive();
                    assertThat(farFuture.getDelay(TimeUnit.DAYS)).isGreaterThan(365L * 70);
                    assertThat(farRuns).hasValue(0);
                    assertThat(farFuture.cancel(false)).isTrue();
                }
            }
        }
    }

    /** DelayOverflow, periodic: a period of Long.MAX_VALUE runs once now and then never again soon. */
    @Test
    void hugePeriodRunsTheFirstTimeOnly() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            CountDownLatch first = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            ScheduledFuture<?> rate = runtime.scheduleAtFixedRate(() -> {
                runs.incrementAndGet();
                first.countDown();
            }, 0L, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            Waits.await(first);
            CountDownLatch probe = new CountDownLatch(1);
            runtime.schedule(probe::countDown, 1L, TimeUnit.MILLISECONDS);
            Waits.await(probe);
            assertThat(runs).hasValue(1);
            assertThat(rate.isDone()).isFalse();
            assertThat(rate.getDelay(TimeUnit.DAYS)).isGreaterThan(365L * 70);
            rate.cancel(false);
        }
    }

    /** BasicCancelTest: tasks scheduled far away and cancelled leave no timer behind, and shutdown then terminates at once. */
    @Test
    void cancelledFarTasksLeaveNothingBehind() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        try (runtime) {
            for (int i = 0; i < 20_000; i++) {
                ScheduledFuture<?> f = switch (i % 3) {
                    case 0 -> runtime.schedule(() -> { }, 1, TimeUnit.HOURS);
                    case 1 -> runtime.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
                    default -> runtime.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS);
                };
                assertThat(f.cancel(i % 2 == 0)).isTrue();
            }
            assertThat(runtime.snapshot().timersPending()).isZero();
            runtime.shutdown();
            Waits.awaitTermination(runtime);
        }
        assertThat(runtime.snapshot().cancelled()).isEqualTo(20_000);
    }

    /** STPE's shutdown leaves delayed one-shot tasks to run; cancelling the last of them lets the runtime terminate. */
    @Test
    void cancellingTheLastDelayedTaskAfterShutdownTerminates() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        try (runtime) {
            ScheduledFuture<?> far = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);
            runtime.shutdown();
            assertThat(runtime.isTerminated()).isFalse();
            assertThat(runtime.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(far.cancel(false)).isTrue();
            Waits.awaitTermination(runtime);
        }
    }

    /** shutdown(): a delayed one-shot runs when due, and the runtime terminates after it. */
    @Test
    void delayedTaskRunsAfterShutdown() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        try (runtime) {
            ScheduledTaskHandle<String> later = runtime.schedule(() -> "ran", 200, TimeUnit.MILLISECONDS);
            ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> { }, 200, 200, TimeUnit.MILLISECONDS);
            runtime.shutdown();
            assertThat(periodic.isCancelled()).isTrue();
            assertThatThrownBy(() -> runtime.schedule(() -> { }, 0, TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
            Waits.awaitTermination(runtime);
            assertThat(later.resultNow()).isEqualTo("ran");
        }
    }

    /** GCRetention: a cancelled delayed task is not kept reachable by the runtime. */
    @Test
    void cancelledTasksAreNotRetained() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            int n = 100;
            List<WeakReference<Object>> refs = new ArrayList<>();
            List<ScheduledFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Runnable task = new Runnable() {
                    final byte[] payload = new byte[1024];

                    @Override
                    public void run() {
                        payload[0]++;
                    }
                };
                refs.add(new WeakReference<>(task));
                futures.add(switch (i % 3) {
                    case 0 -> runtime.schedule(task, 1, TimeUnit.HOURS);
                    case 1 -> runtime.scheduleAtFixedRate(task, 1, 1, TimeUnit.HOURS);
                    default -> runtime.scheduleWithFixedDelay(task, 1, 1, TimeUnit.HOURS);
                });
            }
            for (ScheduledFuture<?> f : futures) {
                f.cancel(false);
            }
            futures.clear();
            assertCollected(refs);
        }
    }

    /** GCRetention for the handles of tasks that completed and periodic tasks that ran and were cancelled. */
    @Test
    void finishedPeriodicTasksAreNotRetained() throws Exception {
        try (MoiraiRuntime runtime = runtime(2)) {
            List<WeakReference<Object>> refs = new ArrayList<>();
            CountDownLatch ran = new CountDownLatch(20);
            List<ScheduledFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CountDownLatch once = new CountDownLatch(1);
                Runnable task = () -> {
                    if (once.getCount() == 1) {
                        once.countDown();
                        ran.countDown();
                    }
                };
                refs.add(new WeakReference<>(task));
                futures.add(i % 2 == 0
                        ? runtime.scheduleAtFixedRate(task, 0, 1, TimeUnit.MILLISECONDS)
                        : runtime.scheduleWithFixedDelay(task, 0, 1, TimeUnit.MILLISECONDS));
            }
            Waits.await(ran);
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).cancel(i % 2 == 0);
            }
            futures.clear();
            CountDownLatch drained = new CountDownLatch(1);
            runtime.execute(drained::countDown);
            Waits.await(drained);
            assertCollected(refs);
        }
    }

    /** Fails unless every referent becomes unreachable within a few collections. */
    static void assertCollected(List<WeakReference<Object>> refs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // a full GC clears a weak reference at once
        while (true) {
            System.gc();
            long alive = refs.stream().filter(r -> r.get() != null).count();
            if (alive == 0) {
                return;
            }
            if (System.nanoTime() > end) {
                List<Integer> which = new ArrayList<>();
                for (int i = 0; i < refs.size(); i++) {
                    if (refs.get(i).get() != null) {
                        which.add(i);
                    }
                }
                throw new AssertionError(alive + " of " + refs.size() + " cancelled tasks are still reachable: " + which);
            }
            Thread.onSpinWait();
        }
    }

    /** A periodic task that fails stops, and its handle reports the failure and is done. */
    @Test
    void periodicFailureSuppressesLaterRuns() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            AtomicInteger runs = new AtomicInteger();
            IllegalStateException boom = new IllegalStateException("boom");
            ScheduledFuture<?> f = runtime.scheduleAtFixedRate(() -> {
                if (runs.incrementAndGet() == 3) {
                    throw boom;
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            Throwable thrown = catchThrowable(() -> f.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(thrown).isInstanceOf(ExecutionException.class).hasCause(boom);
            assertThat(f.isDone()).isTrue();
            assertThat(f.isCancelled()).isFalse();
            assertThat(f.state()).isEqualTo(Future.State.FAILED);
            assertThat(f.exceptionNow()).isSameAs(boom);
            CountDownLatch probe = new CountDownLatch(1);
            runtime.schedule(probe::countDown, 5, TimeUnit.MILLISECONDS);
            Waits.await(probe);
            assertThat(runs).hasValue(3);
        }
    }

    /** A periodic task cancelling itself from its own run is not run again, and get() reports the cancellation. */
    @Test
    void periodicTaskCancelledFromItsOwnRun() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            for (boolean fixedRate : new boolean[] {true, false}) {
                AtomicInteger runs = new AtomicInteger();
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                CountDownLatch assigned = new CountDownLatch(1);
                Runnable body = () -> {
                    try {
                        assigned.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    if (runs.incrementAndGet() == 2) {
                        self[0].cancel(false);
                    }
                };
                self[0] = fixedRate
                        ? runtime.scheduleAtFixedRate(body, 0, 1, TimeUnit.MILLISECONDS)
                        : runtime.scheduleWithFixedDelay(body, 0, 1, TimeUnit.MILLISECONDS);
                assigned.countDown();
                assertThatThrownBy(() -> self[0].get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(CancellationException.class);
                CountDownLatch probe = new CountDownLatch(1);
                runtime.schedule(probe::countDown, 10, TimeUnit.MILLISECONDS);
                Waits.await(probe);
                assertThat(runs).hasValue(2);
                assertThat(self[0].state()).isEqualTo(Future.State.CANCELLED);
            }
            assertThat(runtime.snapshot().timersPending()).isZero();
        }
    }

    /** shutdownNow() hands back every pending delayed task, none of them done, and the runtime terminates. */
    @Test
    void shutdownNowReturnsPendingTimers() throws Exception {
        MoiraiRuntime runtime = runtime(1);
        List<ScheduledFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(runtime.schedule(() -> { }, 1, TimeUnit.HOURS));
            futures.add(runtime.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS));
        }
        List<Runnable> left = runtime.shutdownNow();
        assertThat(left).hasSize(20);
        assertThat(left).containsExactlyInAnyOrderElementsOf(futures.stream().map(f -> (Runnable) f).toList());
        Waits.awaitTermination(runtime);
        assertThat(runtime.snapshot().neverStarted()).isEqualTo(20);
    }

    /** ZeroCoreThreads, adapted: a one-worker runtime runs a delayed task while nothing else is queued. */
    @Test
    void oneWorkerRunsDelayedTaskOnIdleRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime(1)) {
            ScheduledTaskHandle<Integer> f = runtime.schedule(() -> 42, 10, TimeUnit.MILLISECONDS);
            assertThat(f.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(42);
            assertThat(f.getDelay(TimeUnit.NANOSECONDS)).isNotPositive();
        }
    }
}
