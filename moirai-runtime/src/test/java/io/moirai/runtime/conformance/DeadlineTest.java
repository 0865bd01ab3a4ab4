package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.DeadlineExceededException;
import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task not started by its deadline is cancelled at the deadline with
 * {@link DeadlineExceededException} and never runs; a task that starts in time runs to its end.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(200);

    @Test
    void taskWhoseDeadlinePassesWhileTheWorkerIsBusyFailsAtTheDeadlineAndNeverRuns() throws Exception {
        assertMissedDeadline(Lane.CPU);
    }

    @Test
    void blockingTaskWhoseDeadlinePassesWhileThePermitIsTakenFailsAtTheDeadlineAndNeverRuns() throws Exception {
        assertMissedDeadline(Lane.BLOCKING);
    }

    @Test
    void deadlineAlreadyPassedFailsPromptly() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            Gate gate = new Gate();
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<Boolean> late = runtime.spawn(() -> ran.getAndSet(true),
                    TaskOptions.named("late").withDeadline(Instant.now().minusSeconds(1)));

            await().atMost(Waits.LONG).until(late::isDone);
            assertThat(late.isCancelled()).isTrue();
            assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(late::get);
            gate.open();
            runtime.spawn(() -> null).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(ran).isFalse();
    }

    @Test
    void taskThatStartsInTimeRunsToItsEndWhateverTheDeadline() throws Exception {
        Instant deadline = Instant.now().plusMillis(500);
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> handle = runtime.spawn(gate.callable("finished"),
                    TaskOptions.named("in-time").withDeadline(deadline));
            gate.awaitEntered();
            await().atMost(Waits.LONG).until(() -> Instant.now().isAfter(deadline));
            gate.open();

            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("finished");
            assertThat(handle.isCancelled()).isFalse();
            assertThat(runtime.snapshot().cancelled()).isZero();
        }
    }

    @Test
    void taskWithAGenerousDeadlineRunsNormally() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.spawn(() -> "ok",
                    TaskOptions.named("relaxed").withDeadlineIn(Duration.ofHours(1)));

            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ok");
            assertThat(runtime.snapshot().cancelled()).isZero();
        }
    }

    @Test
    void joinInsideATaskSeesTheDeadlineExceededException() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();

            TaskHandle<String> outer = runtime.spawn(() -> {
                TaskHandle<String> late = runtime.spawn(() -> "ran",
                        TaskOptions.named("late-io").withLane(Lane.BLOCKING).withDeadlineIn(Duration.ofMillis(50)));
                try {
                    return late.join();
                } catch (DeadlineExceededException e) {
                    return "deadline";
                }
            });

            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("deadline");
        }
    }

    private static void assertMissedDeadline(Lane lane) throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawn(gate.callable("gate"), TaskOptions.defaults().withLane(lane));
            gate.awaitEntered();
            long submittedAt = System.nanoTime();
            TaskHandle<Boolean> late = runtime.spawn(() -> ran.getAndSet(true),
                    TaskOptions.named("late-report").withLane(lane).withDeadlineIn(DEADLINE));

            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            late.whenComplete((value, thrown) -> failure.complete(thrown));

            Throwable thrown = failure.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submittedAt);

            assertThat(thrown).as("the handle fails while the lane is still busy, not when it frees up")
                    .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("late-report");
            assertThat(failedAfter).as("not before the deadline").isGreaterThanOrEqualTo(DEADLINE.toMillis() - 20);
            assertThat(late.isCancelled()).isTrue();
            assertThat(late.isDone()).isTrue();
            assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(late::get)
                    .withMessageContaining("late-report");
            assertThatExceptionOfType(DeadlineExceededException.class)
                    .isThrownBy(() -> late.get(1, TimeUnit.SECONDS));
            assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(late::join);
            assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
            gate.open();
            runtime.spawn(() -> null, TaskOptions.defaults().withLane(lane))
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(ran).as("a task that missed its deadline never runs").isFalse();
    }
}
