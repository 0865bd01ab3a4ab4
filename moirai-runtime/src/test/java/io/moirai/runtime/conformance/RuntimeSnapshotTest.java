package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
