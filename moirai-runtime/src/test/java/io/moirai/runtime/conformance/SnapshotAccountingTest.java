package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every task ends exactly once, so after {@code close()}
 * {@code submitted == completed + failed + cancelled + rejected + neverStarted}, and listeners
 * hear exactly one final outcome per task (periodic tasks, which also report each run, are
 * covered in {@link ListenerTest}).
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SnapshotAccountingTest {

    @Test
    void everyOutcomeIsCountedOnceInAMixedWorkload() throws Exception {
        RecordingListener listener = new RecordingListener();
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener)
                .uncaughtExceptionHandler((thread, failure) -> { }).build();
        try (runtime; Gate gate = new Gate()) {
            for (int i = 0; i < 5; i++) {
                runtime.submit(() -> "ok").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            runtime.spawnBlocking(() -> "ok").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < 2; i++) {
                TaskHandle<String> failing = runtime.spawn(() -> {
                    throw new IllegalStateException("fails");
                });
                assertThatExceptionOfType(ExecutionException.class)
                        .isThrownBy(() -> failing.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
            }
            CountDownLatch executeFailed = new CountDownLatch(1);
            runtime.execute(() -> {
                executeFailed.countDown();
                throw new IllegalStateException("execute fails");
            });
            Waits.await(executeFailed);
            AtomicInteger periodicRuns = new AtomicInteger();
            ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> {
                if (periodicRuns.incrementAndGet() == 2) {
                    throw new IllegalStateException("periodic fails");
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> periodic.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
            runtime.schedule(() -> { }, 1, TimeUnit.HOURS).cancel(false);

            runtime.execute(gate.runnable());
            gate.awaitEntered();
            runtime.spawn(() -> "cancelled").cancel(false);
            runtime.spawn(() -> "cancelled").cancel(true);
            TaskHandle<String> late = runtime.spawn(() -> "late",
                    TaskOptions.named("late").withDeadline(Instant.now().minusMillis(1)));
            assertThatExceptionOfType(CancellationException.class)
                    .isThrownBy(() -> late.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
            runtime.spawn(() -> "never started");
            runtime.execute(() -> { });
            runtime.schedule(() -> { }, 1, TimeUnit.HOURS);

            List<Runnable> neverStarted = runtime.shutdownNow();
            assertThat(neverStarted).hasSize(3);
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.spawn(() -> 1));
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.execute(() -> { }));
        }

        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.state()).isEqualTo(RuntimeState.TERMINATED);
        assertThat(s.completed()).as("completed").isEqualTo(7);
        assertThat(s.failed()).as("failed").isEqualTo(4);
        assertThat(s.cancelled()).as("cancelled").isEqualTo(4);
        assertThat(s.rejected()).as("rejected").isEqualTo(2);
        assertThat(s.neverStarted()).as("never started").isEqualTo(3);
        assertBalanced(s);
        assertThat(s.active()).isZero();
        assertThat(s.queued()).isZero();
        assertThat(s.timersPending()).isZero();
        assertThat(finishedWith(listener, TaskOutcome.FAILED)).isEqualTo(4);
        assertThat(finishedWith(listener, TaskOutcome.CANCELLED)).isEqualTo(4);
        assertThat(finishedWith(listener, TaskOutcome.REJECTED)).isEqualTo(2);
        assertThat(finishedWith(listener, TaskOutcome.NEVER_STARTED)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(RejectionPolicy.class)
    void everyTaskEndsExactlyOnceUnderConcurrentSubmissionCancellationAndShutdownNow(RejectionPolicy policy)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        int submitters = 3;
        int perSubmitter = 1_500;
        List<TaskHandle<?>> handles = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(submitters);
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(4)
                .queueCapacity(200).rejectionPolicy(policy)
                .blockTimeout(Duration.ofMillis(1)).listener(listener)
                .uncaughtExceptionHandler((thread, failure) -> { }).build();
        List<Runnable> neverStarted;
        try (runtime) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                threads.add(Thread.ofPlatform().start(() -> submitMixed(runtime, perSubmitter, handles, refused,
                        halfway)));
            }
            Waits.await(halfway);
            neverStarted = runtime.shutdownNow();
            for (Thread thread : threads) {
                thread.join(Waits.LONG.toMillis());
                assertThat(thread.isAlive()).isFalse();
            }
        }

        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.state()).isEqualTo(RuntimeState.TERMINATED);
        assertBalanced(s);
        assertThat(s.neverStarted()).isEqualTo(neverStarted.size());
        assertThat(s.rejected()).isGreaterThanOrEqualTo(refused.get());
        assertThat(listener.finished()).as("one finish callback per task").hasSize((int) s.submitted());
        Set<Object> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
        handedBack.addAll(neverStarted);
        synchronized (handles) {
            assertThat(handles).allMatch(h -> h.isDone() || handedBack.contains(h),
                    "done, or handed back unstarted by shutdownNow");
        }
    }

    private static void submitMixed(MoiraiRuntime runtime, int count, List<TaskHandle<?>> handles,
                                    AtomicInteger refused, CountDownLatch halfway) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            if (i == count / 2) {
                halfway.countDown();
            }
            try {
                switch (random.nextInt(7)) {
                    case 0 -> handles.add(runtime.spawn(() -> 1));
                    case 1 -> handles.add(runtime.spawnBlocking(() -> 1));
                    case 2 -> handles.add(runtime.spawn(() -> {
                        throw new IllegalStateException("fails");
                    }));
                    case 3 -> {
                        TaskHandle<Integer> h = runtime.spawn(() -> 1);
                        handles.add(h);
                        h.cancel(random.nextBoolean());
                    }
                    case 4 -> handles.add(runtime.spawn(() -> 1, TaskOptions.named("deadline")
                            .withLane(random.nextBoolean() ? Lane.CPU : Lane.BLOCKING)
                            .withDeadlineIn(Duration.ofNanos(random.nextInt(200_000)))));
                    case 5 -> runtime.execute(() -> {
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            throw new IllegalStateException("execute fails");
                        }
                    });
                    default -> {
                        ScheduledTaskHandle<Integer> h = runtime.schedule(() -> 1, random.nextInt(3),
                                TimeUnit.MILLISECONDS);
                        handles.add(h);
                    }
                }
            } catch (RejectedExecutionException e) {
                refused.incrementAndGet();
            }
        }
    }

    private static void assertBalanced(RuntimeSnapshot s) {
        assertThat(s.submitted()).as("submitted == completed + failed + cancelled + rejected + neverStarted in %s", s)
                .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted());
    }

    private static long finishedWith(RecordingListener listener, TaskOutcome outcome) {
        return listener.finished().stream().filter(call -> call.outcome() == outcome).count();
    }
}
