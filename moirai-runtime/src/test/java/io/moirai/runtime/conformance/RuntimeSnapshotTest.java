package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The snapshot's value semantics, and the shape that lets it gain figures without breaking its
 * users: no public constructor, so only the runtime makes one.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeSnapshotTest {

    /**
     * A task that waits for one it spawned runs that one on its own stack (one worker): both are
     * running, and nothing is waiting to start.
     */
    @Test
    void aTaskRunOnTheStackOfTheTaskWaitingForItCountsAsActiveNotQueued() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            CountDownLatch innerRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TaskHandle<Integer> outer = runtime.spawn(() -> runtime.spawn(() -> {
                innerRunning.countDown();
                release.await();
                return 1;
            }).join());
            assertThat(innerRunning.await(10, TimeUnit.SECONDS)).isTrue();
            RuntimeSnapshot s = runtime.snapshot();
            release.countDown();
            assertThat(outer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(s.active()).as("active").isEqualTo(2);
            assertThat(s.queued()).as("queued").isZero();
        }
    }

    @Test
    void queuedNeverCountsMoreThanTheLaneCanHoldWhileSubmittersAreRefused() throws Exception {
        int capacity = 4;
        int submitters = 4;
        int workers = 2;
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(workers).queueCapacity(capacity)
                .rejectionPolicy(RejectionPolicy.ABORT).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] threads = new Thread[submitters];
            for (int t = 0; t < submitters; t++) {
                threads[t] = Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            runtime.execute(() -> {
                                long end = System.nanoTime() + 5_000;
                                while (System.nanoTime() < end) {
                                    Thread.onSpinWait();
                                }
                            });
                        } catch (RejectedExecutionException expected) {
                            // the lane is full: most submissions are refused
                        }
                    }
                });
            }
            long most = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            try {
                while (System.nanoTime() < end) {
                    most = Math.max(most, runtime.snapshot().queued());
                }
            } finally {
                stop.set(true);
                for (Thread thread : threads) {
                    thread.join();
                }
            }
            // What waits in the lane, plus what is between two counters for a moment: a
            // submission counted and not yet refused (one per submitter), a task taken from the
            // queue and not yet shown as running (one per worker). Summing the outcome counters
            // before "submitted" counted every submission made meanwhile: thousands.
            assertThat(most).isLessThanOrEqualTo(capacity + submitters + workers);
        }
    }

    @Test
    void onlyTheRuntimeMakesSnapshots() {
        assertThat(RuntimeSnapshot.class.getConstructors()).isEmpty();
        assertThat(RuntimeSnapshot.WorkerSnapshot.class.getConstructors()).isEmpty();
        assertThat(RuntimeSnapshot.class.isRecord()).isFalse();
    }

    @Test
    void snapshotsWithTheSameFiguresAreEqual() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
        runtime.submit(() -> "ok").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
        runtime.close();
        RuntimeSnapshot first = runtime.snapshot();
        RuntimeSnapshot second = runtime.snapshot();
        assertThat(second).isNotSameAs(first).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(first.state()).isEqualTo(RuntimeState.TERMINATED);
    }

    @Test
    void aSnapshotNamesEveryFigureInItsText() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            runtime.submit(() -> "ok").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.toString()).startsWith("RuntimeSnapshot[state=RUNNING, parallelism=1, ")
                    .contains("completed=1", "workers=[WorkerSnapshot[name=" + snapshot.workers().getFirst().name())
                    .contains("queueDepth=", "blockingDetected=0", "topology=" + snapshot.topology());
        }
    }
}
