package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CPU task that blocks its worker past the detection threshold is reported as
 * {@link RuntimeEvent.BlockingDetected} and a compensation worker keeps the lane running.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingDetectionTest {

    @Test
    void blockedCpuTaskIsReportedAndACompensationWorkerRunsOtherTasks() throws Exception {
        RecordingListener listener = new RecordingListener();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String prefix = "detect-";
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix(prefix)
                .blockingDetectionThreshold(Duration.ofMillis(50)).listener(listener).build()) {
            TaskHandle<String> sleeper = runtime.spawn(() -> {
                blocked.countDown();
                release.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                return "released";
            }, TaskOptions.named("sleeper"));
            Waits.await(blocked);

            TaskHandle<String> other = runtime.spawn(() -> Thread.currentThread().getName());

            assertThat(other.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .as("ran on the compensation worker while the only regular worker is blocked")
                    .startsWith(prefix + "cpu-compensator-");
            assertThat(sleeper.isDone()).isFalse();
            await().atMost(Waits.LONG).until(() -> !listener.eventsOf(RuntimeEvent.BlockingDetected.class).isEmpty());
            RuntimeEvent.BlockingDetected event = listener.eventsOf(RuntimeEvent.BlockingDetected.class).getFirst();
            assertThat(event.taskName()).isEqualTo("sleeper");
            assertThat(event.worker()).isEqualTo(prefix + "cpu-0");
            assertThat(event.stackTop()).isNotEmpty();
            assertThat(event.threadState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
            assertThat(event.blockedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            assertThat(event.compensated()).isTrue();
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.blockingDetected()).isPositive();
            assertThat(snapshot.workers()).anyMatch(RuntimeSnapshot.WorkerSnapshot::compensating);
            assertThat(snapshot.workers()).anyMatch(w -> w.state() == RuntimeSnapshot.WorkerState.BLOCKED);

            release.countDown();

            assertThat(sleeper.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("released");
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(runtime.snapshot().workers())
                    .as("the compensation worker leaves once the blocked worker is back").hasSize(1)
                    .noneMatch(RuntimeSnapshot.WorkerSnapshot::compensating));
        }
    }

    @Test
    void unnamedBlockedTaskIsReportedUnderItsClassName() throws Exception {
        RecordingListener listener = new RecordingListener();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1)
                .blockingDetectionThreshold(Duration.ofMillis(50)).listener(listener).build()) {
            runtime.execute(() -> {
                blocked.countDown();
                try {
                    release.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Waits.await(blocked);

            await().atMost(Waits.LONG).until(() -> !listener.eventsOf(RuntimeEvent.BlockingDetected.class).isEmpty());
            release.countDown();

            RuntimeEvent.BlockingDetected event = listener.eventsOf(RuntimeEvent.BlockingDetected.class).getFirst();
            assertThat(event.taskName()).isNotBlank().contains(BlockingDetectionTest.class.getSimpleName());
        }
    }
}
