package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Short stress scenarios after OpenJDK's jtreg tests {@code ScheduledThreadPoolExecutor/BasicCancelTest}
 * (periodic churn) and
 * {@code ThreadPoolExecutor/ConfigChanges} (limits under cancellation and resizing).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregStressTest {

    /** Periodic tasks cancelled while they run, with and without interrupts: nothing is left and the counts add up. */
    @Test
    void periodicChurnWithCancellation() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
        try (runtime) {
            Random random = new Random(42);
            for (int round = 0; round < 50; round++) {
                List<ScheduledFuture<?>> futures = new ArrayList<>();
                AtomicInteger runs = new AtomicInteger();
                CountDownLatch ranOnce = new CountDownLatch(20);
                for (int i = 0; i < 20; i++) {
                    CountDownLatch mine = new CountDownLatch(1);
                    Runnable body = () -> {
                        runs.incrementAndGet();
                        if (mine.getCount() > 0) {
                            mine.countDown();
                            ranOnce.countDown();
                        }
                    };
                    futures.add(i % 2 == 0
                            ? runtime.scheduleAtFixedRate(body, 0, 1, TimeUnit.NANOSECONDS)
                            : runtime.scheduleWithFixedDelay(body, 0, 1, TimeUnit.NANOSECONDS));
                }
                Waits.await(ranOnce);
                Collections.shuffle(futures, random);
                for (ScheduledFuture<?> f : futures) {
                    assertThat(f.cancel(random.nextBoolean())).isTrue();
                    assertThat(f.isCancelled()).isTrue();
                }
                // a run in progress at the cancel goes on (cancel(false) does not stop it): wait
                // until no task runs, so that it has ended
                await().atMost(Waits.LONG).until(() -> runtime.snapshot().active() == 0);
                int after = runs.get();
                CountDownLatch probe = new CountDownLatch(1);
                runtime.schedule(probe::countDown, 2, TimeUnit.MILLISECONDS);
                Waits.await(probe);
                runtime.invokeAll(List.of(() -> null, () -> null));
                assertThat(runs.get()).as("runs after cancellation").isEqualTo(after);
            }
            assertThat(runtime.snapshot().timersPending()).isZero();
        }
        Accounting.assertCountsAddUp(runtime);
    }

    /** Periodic tasks running flat out while shutdown() comes: every one ends cancelled and the runtime terminates. */
    @Test
    void shutdownStopsBusyPeriodicTasks() throws Exception {
        for (int round = 0; round < 30; round++) {
            MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
            List<ScheduledFuture<?>> futures = new ArrayList<>();
            CountDownLatch ranOnce = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                CountDownLatch mine = new CountDownLatch(1);
                Runnable body = () -> {
                    if (mine.getCount() > 0) {
                        mine.countDown();
                        ranOnce.countDown();
                    }
                };
                futures.add(i % 2 == 0
                        ? runtime.scheduleAtFixedRate(body, 0, 1, TimeUnit.NANOSECONDS)
                        : runtime.scheduleWithFixedDelay(body, 0, 1, TimeUnit.NANOSECONDS));
            }
            Waits.await(ranOnce);
            runtime.shutdown();
            Waits.awaitTermination(runtime);
            for (ScheduledFuture<?> f : futures) {
                assertThat(f.isCancelled()).as("periodic task after shutdown").isTrue();
            }
            Accounting.assertCountsAddUp(runtime);
        }
    }

    /** Blocking tasks cancelled while queued or running give back their permits: the lane still runs two at once and never more. */
    @Test
    void cancelledBlockingTasksReleaseTheirPermits() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(2).build()) {
            Random random = new Random(7);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            for (int round = 0; round < 20; round++) {
                List<TaskHandle<Object>> handles = new ArrayList<>();
                CountDownLatch twoStarted = new CountDownLatch(2);
                for (int i = 0; i < 30; i++) {
                    handles.add(runtime.spawnBlocking(() -> {
                        int now = inFlight.incrementAndGet();
                        maxInFlight.accumulateAndGet(now, Math::max);
                        try {
                            twoStarted.countDown();
                            new CountDownLatch(1).await();
                            return null;
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }));
                }
                Waits.await(twoStarted);
                Collections.shuffle(handles, random);
                for (TaskHandle<Object> h : handles) {
                    h.cancel(true); // a running task ends only when interrupted
                }
                CyclicBarrier both = new CyclicBarrier(2);
                TaskHandle<Integer> a = runtime.spawnBlocking(() -> both.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
                TaskHandle<Integer> b = runtime.spawnBlocking(() -> both.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
                a.get();
                b.get();
            }
            assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
        }
    }

    /** A spare worker started for a waiting task does not hold up termination after the wait. */
    @Test
    void sparesDoNotDelayTermination() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        String result = runtime.spawn(() -> runtime.spawnBlocking(() -> "from the blocking lane").get()).get();
        assertThat(result).isEqualTo("from the blocking lane");
        long start = System.nanoTime();
        runtime.shutdown();
        assertThat(runtime.awaitTermination(5, TimeUnit.SECONDS)).as("terminated within 5 s").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    /** invokeAll with no time at all: nothing runs, every future is cancelled, and the counts still add up. */
    @Test
    void timedInvokeAllWithNoTime() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        try (runtime) {
            AtomicInteger ran = new AtomicInteger();
            var futures = runtime.invokeAll(List.of(ran::incrementAndGet, ran::incrementAndGet), 0, TimeUnit.NANOSECONDS);
            assertThat(futures).allMatch(f -> f.isCancelled());
            for (var f : futures) {
                try {
                    f.get();
                } catch (CancellationException expected) {
                    // cancelled
                } catch (ExecutionException e) {
                    throw new AssertionError(e);
                }
            }
            assertThat(ran).hasValue(0);
        }
        Accounting.assertCountsAddUp(runtime);
        assertThat(runtime.isTerminated()).isTrue();
    }
}
