package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking-lane helping under races: lane threads polling the awaited task, cancels of either
 * task, failing tasks, shutdownNow()/close() while waiters help, resizing, chains past the bound.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingLaneHelpingRacesTest {

    static final class Counting implements RuntimeListener {
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finishedAfterStart = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        @Override
        public void taskQueued(String name, Lane lane) {
            queued.incrementAndGet();
        }

        @Override
        public void taskStarted(String name, Lane lane, long queueWaitNanos) {
            started.incrementAndGet();
        }

        @Override
        public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
            finished.incrementAndGet();
        }
    }

    @Test
    void helpingRacingLaneThreadsAndCancelsKeepsTheBooks() throws Exception {
        Counting listener = new Counting();
        int permits = 2;
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(permits).listener(listener).build()) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            List<TaskHandle<Integer>> outers = new ArrayList<>();
            List<TaskHandle<Integer>> inners = new ArrayList<>(); // guarded by itself
            for (int round = 0; System.nanoTime() < end; round++) {
                for (int i = 0; i < 20; i++) {
                    int mode = i % 5;
                    outers.add(runtime.spawnBlocking(() -> {
                        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                        try {
                            TaskHandle<Integer> inner = runtime.spawnBlocking(() -> {
                                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                                try {
                                    if (mode == 3) {
                                        throw new IllegalStateException("inner fails");
                                    }
                                    if (mode == 4) {
                                        throw new AssertionError("inner error");
                                    }
                                    return 1;
                                } finally {
                                    now.decrementAndGet();
                                }
                            });
                            synchronized (inners) {
                                inners.add(inner);
                            }
                            if (mode == 1) {
                                inner.cancel(false);
                            } else if (mode == 2) {
                                inner.cancel(true);
                            }
                            now.decrementAndGet();
                            try {
                                return ThreadLocalRandom.current().nextBoolean() ? inner.join() : inner.get();
                            } finally {
                                now.incrementAndGet();
                            }
                        } finally {
                            now.decrementAndGet();
                        }
                    }));
                }
                // cancel some outers at random moments
                for (int k = 0; k < 3; k++) {
                    outers.get(ThreadLocalRandom.current().nextInt(outers.size())).cancel(ThreadLocalRandom.current().nextBoolean());
                }
                for (TaskHandle<Integer> h : outers) {
                    try {
                        h.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception expected) {
                        // failed or cancelled
                    }
                }
                outers.clear();
            }
            synchronized (inners) {
                for (TaskHandle<Integer> h : inners) {
                    try {
                        h.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception expected) {
                        // failed or cancelled
                    }
                }
            }
            await().atMost(Waits.LONG).untilAsserted(() -> {
                RuntimeSnapshot s = runtime.snapshot();
                assertThat(s.blockingInUse()).as(s.toString()).isZero();
                assertThat(s.blockingWaiting()).as(s.toString()).isZero();
                assertThat(s.active()).as(s.toString()).isZero();
                assertThat(s.queued()).as(s.toString()).isZero();
                assertThat(listener.finished.get()).isEqualTo(listener.queued.get());
                Accounting.assertCountsAddUp(runtime);
            });
            assertThat(peak.get()).as("bodies at once").isLessThanOrEqualTo(permits);
        }
    }

    @Test
    void aChainDeeperThanTheHelpBoundOnOnePermitStillTerminatesOnShutdownNow() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
        AtomicInteger deepest = new AtomicInteger();
        TaskHandle<Integer> root = runtime.spawnBlocking(() -> chain(runtime, 40, deepest));
        await().atMost(Waits.LONG).until(() -> deepest.get() >= 33);
        // documented: past 32 levels the waiter just waits; with one permit nothing else runs it
        await().during(Waits.SHORT).atMost(Waits.LONG).until(() -> !root.isDone());
        List<Runnable> returned = runtime.shutdownNow();
        assertThat(returned).hasSize(1);
        Waits.awaitTermination(runtime);
        assertThat(root.isDone()).isTrue();
        Accounting.assertCountsAddUp(runtime);
    }

    private static int chain(MoiraiRuntime runtime, int depth, AtomicInteger deepest) {
        deepest.accumulateAndGet(41 - depth, Math::max);
        if (depth == 0) {
            return 0;
        }
        return runtime.spawnBlocking(() -> chain(runtime, depth - 1, deepest)).join() + 1;
    }

    @Test
    void shutdownNowWhileAPausedWaiterWaitsReturnsTheTaskAndTheWaiterEnds() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch spawned = new CountDownLatch(1);
        AtomicBoolean innerRan = new AtomicBoolean();
        AtomicReference<Throwable> outerSaw = new AtomicReference<>();
        TaskHandle<Integer> outer = runtime.spawnBlocking(() -> {
            Waits.await(paused);
            TaskHandle<Integer> inner = runtime.spawnBlocking(() -> {
                innerRan.set(true);
                return 1;
            });
            spawned.countDown();
            try {
                return inner.join();
            } catch (Throwable t) {
                outerSaw.set(t);
                throw t;
            }
        });
        runtime.pause();
        paused.countDown();
        Waits.await(spawned);
        List<Runnable> returned = runtime.shutdownNow();
        Waits.awaitTermination(runtime);
        assertThat(innerRan.get() ? 1 : 0).isEqualTo(1 - returned.size());
        assertThat(outer.isDone()).isTrue();
        Accounting.assertCountsAddUp(runtime);
    }

    @Test
    void closeInterruptedWhileWaitersHelpTerminates() throws Exception {
        for (int round = 0; round < 10; round++) {
            MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
            CountDownLatch started = new CountDownLatch(1);
            List<TaskHandle<Integer>> hs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                hs.add(runtime.spawnBlocking(() -> {
                    started.countDown();
                    TaskHandle<Integer> inner = runtime.spawnBlocking(() -> {
                        new CountDownLatch(1).await(20, TimeUnit.SECONDS); // ends by interrupt
                        return 1;
                    });
                    return inner.join();
                }));
            }
            Waits.await(started);
            Thread closer = Thread.ofPlatform().start(runtime::close);
            while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            closer.interrupt();
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(runtime.isTerminated()).isTrue();
            Accounting.assertCountsAddUp(runtime);
        }
    }

    @Test
    void resizeWhileWaitersHelp() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(3).build()) {
            List<TaskHandle<Integer>> hs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                hs.add(runtime.spawnBlocking(() -> runtime.spawnBlocking(() -> runtime.spawnBlocking(() -> 1).join() + 1).join()));
                if (i % 10 == 0) {
                    runtime.reconfigure(1, 1 + (i / 10) % 3);
                }
            }
            for (TaskHandle<Integer> h : hs) {
                assertThat(h.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
            }
            awaitSettled(runtime);
        }
    }

    private static void awaitSettled(MoiraiRuntime runtime) {
        org.awaitility.Awaitility.await().atMost(Waits.LONG).untilAsserted(() -> {
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.blockingInUse()).isZero();
            assertThat(s.blockingWaiting()).isZero();
            assertThat(s.completed()).isEqualTo(600);
        });
    }
}
