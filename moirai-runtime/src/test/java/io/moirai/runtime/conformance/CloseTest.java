package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code close()}, as {@code ExecutorService} defines it since Java 19. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseTest {

    @Test
    void closeWaitsForRunningTasksToFinish() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        try (runtime; Gate gate = new Gate()) {
            runtime.execute(() -> {
                gate.runnable().run();
                finished.set(true);
            });
            gate.awaitEntered();
            Thread closer = Thread.currentThread();
            Thread opener = Thread.ofPlatform().start(() -> {
                await().atMost(Waits.LONG).until(() -> closer.getState() == Thread.State.WAITING
                        || closer.getState() == Thread.State.TIMED_WAITING);
                gate.open();
            });

            runtime.close();

            assertThat(finished).as("close returned only after the task finished").isTrue();
            assertThat(runtime.isTerminated()).isTrue();
            opener.join(Waits.LONG.toMillis());
        }
    }

    @Test
    void closeOfAnIdleRuntimeTerminatesIt() {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build();
        try (runtime) {
            runtime.close();
            assertThat(runtime.isShutdown()).isTrue();
            assertThat(runtime.isTerminated()).isTrue();
        }
    }

    @Test
    void closeIsIdempotent() {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try (runtime) {
            runtime.close();
            runtime.close();
            assertThat(runtime.isTerminated()).isTrue();
        }
    }

    @Test
    void closeAfterShutdownNowReturnsOnceTerminated() {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try (runtime) {
            runtime.shutdownNow();
            runtime.close();
            assertThat(runtime.isTerminated()).isTrue();
        }
    }

    @Test
    void closeFromInsideACpuTaskDoesNotDeadlock() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> closing = runtime.spawn(() -> {
                runtime.close();
                return "closed from inside";
            });

            assertThat(closing.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("closed from inside");
            assertThat(runtime.isShutdown()).isTrue();
            Waits.awaitTermination(runtime);
        }
    }

    @Test
    void closeFromInsideABlockingTaskDoesNotDeadlock() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> closing = runtime.spawnBlocking(() -> {
                runtime.close();
                return "closed from inside";
            });

            assertThat(closing.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("closed from inside");
            Waits.awaitTermination(runtime);
        }
    }

    @Test
    void closeFromInsideATimerTaskDoesNotDeadlock() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            var closing = runtime.schedule(() -> {
                runtime.close();
                return "closed from a timer task";
            }, 1, TimeUnit.MILLISECONDS);

            assertThat(closing.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("closed from a timer task");
            Waits.awaitTermination(runtime);
        }
    }

    @Test
    void interruptedCloseStopsTheRuntimeAndKeepsTheInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        try (runtime) {
            runtime.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            Waits.await(started);

            Thread.currentThread().interrupt();
            runtime.close();

            assertThat(Thread.interrupted()).as("close restores the caller's interrupt status").isTrue();
            assertThat(runtime.isTerminated()).isTrue();
            assertThat(interrupted.getCount()).as("the running task was interrupted by shutdownNow").isZero();
        }
    }
}
