package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.Priority;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code execute(Runnable, TaskOptions)}: work without a handle on the lane the options name,
 * counted like any task, failures to the uncaught-exception handler, deadlines honoured.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecuteWithOptionsTest {

    @Test
    void runsOnTheLaneTheOptionsName() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            AtomicReference<Thread> blocking = new AtomicReference<>();
            AtomicReference<Thread> cpu = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(2);
            runtime.execute(() -> {
                blocking.set(Thread.currentThread());
                done.countDown();
            }, TaskOptions.named("io").withLane(Lane.BLOCKING).withPriority(Priority.HIGH));
            runtime.execute(() -> {
                cpu.set(Thread.currentThread());
                done.countDown();
            }, TaskOptions.defaults());
            Waits.await(done);

            assertThat(blocking.get().isVirtual()).isTrue();
            assertThat(blocking.get().getName()).startsWith("moirai-blocking-");
            assertThat(cpu.get().isVirtual()).isFalse();
            assertThat(cpu.get().getName()).startsWith("moirai-cpu-");
            runtime.shutdown();
            Waits.awaitTermination(runtime);
            assertThat(runtime.snapshot().completed()).isEqualTo(2);
        }
    }

    @Test
    void aFailureGoesToTheHandlerAndCountsAsFailed() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1)
                .uncaughtExceptionHandler((thread, failure) -> {
                    reported.add(failure);
                    handled.countDown();
                }).build()) {
            runtime.execute(() -> {
                throw boom;
            }, TaskOptions.defaults().withLane(Lane.BLOCKING));
            Waits.await(handled);
            runtime.shutdown();
            Waits.awaitTermination(runtime);

            assertThat(reported).containsExactly(boom);
            assertThat(runtime.snapshot().failed()).isEqualTo(1);
        }
    }

    @Test
    void aCommandWhoseDeadlinePassedNeverRunsAndCountsAsCancelled() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            runtime.execute(() -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, TaskOptions.defaults().withLane(Lane.BLOCKING));
            Waits.await(holding);
            AtomicBoolean ran = new AtomicBoolean();
            runtime.execute(() -> ran.set(true),
                    TaskOptions.defaults().withLane(Lane.BLOCKING).withDeadlineIn(Duration.ofMillis(20)));
            Thread.sleep(Waits.SHORT.toMillis());
            release.countDown();
            runtime.shutdown();
            Waits.awaitTermination(runtime);

            assertThat(ran).isFalse();
            assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
            assertThat(runtime.snapshot().completed()).isEqualTo(1);
        }
    }

    @Test
    void aPastDeadlineOnTheCpuLaneIsCancelledToo() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            AtomicBoolean ran = new AtomicBoolean();
            runtime.execute(() -> ran.set(true), TaskOptions.defaults().withDeadline(Instant.now().minusSeconds(1)));
            runtime.shutdown();
            Waits.awaitTermination(runtime);

            assertThat(ran).isFalse();
            assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
        }
    }

    @Test
    void rejectsNullsAndWorkAfterShutdown() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThatNullPointerException().isThrownBy(() -> runtime.execute(null, TaskOptions.defaults()))
                    .withMessageContaining("command");
            assertThatNullPointerException().isThrownBy(() -> runtime.execute(() -> { }, null))
                    .withMessageContaining("options");
            runtime.shutdown();
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.execute(() -> { }, TaskOptions.defaults().withLane(Lane.BLOCKING)));
            assertThat(runtime.snapshot().rejected()).isEqualTo(1);
        }
    }
}
