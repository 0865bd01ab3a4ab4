package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeEvent;
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

    /**
     * Three submitters race {@code shutdownNow()} with every kind of submission; afterwards each
     * of the runtime's counts must equal what the test itself saw: the submitters count the
     * refusals they were thrown, every handle says how its task ended, the tasks given to
     * {@code execute} count their own runs, and {@code shutdownNow()} lists what never started.
     *
     * <p>One split is beyond what the API shows a caller. {@code execute} gives no handle, so a
     * task given to it that did not run, was not refused and was not handed back ended unseen:
     * either cancelled (its submission raced with {@code shutdownNow()} and reached its queue
     * after the call had emptied them, so the runtime refused to start it) or, under
     * {@code DISCARD_OLDEST}, evicted. The sum of the two is exact; under the other policies
     * nothing is evicted, so each is exact; under {@code DISCARD_OLDEST} the evictions are known
     * only from the runtime's own {@link RuntimeEvent.TaskRejected} events.
     */
    @ParameterizedTest
    @EnumSource(RejectionPolicy.class)
    void everyTaskEndsExactlyOnceUnderConcurrentSubmissionCancellationAndShutdownNow(RejectionPolicy policy)
            throws Exception {
        RecordingListener listener = new RecordingListener();
        int submitters = 3;
        int perSubmitter = 1_500;
        Submissions submissions = new Submissions();
        CountDownLatch halfway = new CountDownLatch(submitters);
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(4)
                .queueCapacity(200).rejectionPolicy(policy)
                .blockTimeout(Duration.ofMillis(1)).listener(listener)
                .uncaughtExceptionHandler((thread, failure) -> { }).build();
        List<Runnable> neverStarted;
        try (runtime) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                threads.add(Thread.ofPlatform().start(() -> submitMixed(runtime, perSubmitter, submissions,
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
        Seen seen = submissions.seen(neverStarted);
        assertThat(s.submitted()).as("every call, refused ones included").isEqualTo((long) submitters * perSubmitter);
        assertThat(s.completed()).as("completed").isEqualTo(seen.completed());
        assertThat(s.failed()).as("failed").isEqualTo(seen.failed());
        assertThat(s.neverStarted()).as("never started").isEqualTo(neverStarted.size());
        assertThat(s.cancelled() + s.rejected()).as("cancelled + rejected")
                .isEqualTo(seen.cancelled() + seen.refused() + seen.evicted() + seen.executesUnseen());
        long rejectedEvents = listener.eventsOf(RuntimeEvent.TaskRejected.class).size();
        assertThat(s.rejected()).as("one TaskRejected event per rejection").isEqualTo(rejectedEvents);
        long evictedExecutes = rejectedEvents - seen.refused() - seen.evicted();
        if (policy == RejectionPolicy.DISCARD_OLDEST) {
            assertThat(evictedExecutes).as("evicted execute() tasks").isBetween(0L, seen.executesUnseen());
        } else {
            assertThat(seen.evicted()).as("handles evicted").isZero();
            assertThat(evictedExecutes).as("execute() tasks evicted").isZero();
        }
        assertThat(s.rejected()).as("rejected: refused at submission, plus evicted")
                .isEqualTo(seen.refused() + seen.evicted() + evictedExecutes);
        assertThat(s.cancelled()).as("cancelled: by handle or deadline, plus execute() tasks stopped unstarted")
                .isEqualTo(seen.cancelled() + seen.executesUnseen() - evictedExecutes);
        assertThat(listener.finished()).as("one finish callback per task").hasSize((int) s.submitted());
    }

    /** What the submitters saw: their refusals, the handles they got and the tasks they gave to execute. */
    private static final class Submissions {

        final AtomicInteger refused = new AtomicInteger();
        final List<TaskHandle<?>> handles = Collections.synchronizedList(new ArrayList<>());
        final Set<CountedExecute> executes = Collections.synchronizedSet(
                Collections.newSetFromMap(new IdentityHashMap<>()));
        final AtomicInteger executesCompleted = new AtomicInteger();
        final AtomicInteger executesFailed = new AtomicInteger();

        /** Sorts every accepted task by how it ended; call once the runtime has terminated. */
        Seen seen(List<Runnable> neverStarted) {
            Set<Object> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
            handedBack.addAll(neverStarted);
            long completed = executesCompleted.get();
            long failed = executesFailed.get();
            long cancelled = 0;
            long evicted = 0;
            long handlesHandedBack = 0;
            synchronized (handles) {
                for (TaskHandle<?> handle : handles) {
                    if (handedBack.contains(handle)) {
                        handlesHandedBack++;
                        continue;
                    }
                    switch (handle.state()) {
                        case SUCCESS -> completed++;
                        case CANCELLED -> cancelled++;
                        case FAILED -> {
                            if (handle.exceptionNow() instanceof RejectedExecutionException) {
                                evicted++;
                            } else {
                                failed++;
                            }
                        }
                        case RUNNING -> throw new AssertionError("not done and not handed back: " + handle);
                    }
                }
            }
            long executesHandedBack;
            synchronized (executes) {
                executesHandedBack = executes.stream().filter(handedBack::contains).count();
            }
            assertThat(handlesHandedBack + executesHandedBack).as("shutdownNow handed back only tasks given to it")
                    .isEqualTo(neverStarted.size());
            long executesUnseen = executes.size() - executesCompleted.get() - executesFailed.get()
                    - executesHandedBack;
            return new Seen(refused.get(), completed, failed, cancelled, evicted, executesUnseen);
        }
    }

    /**
     * How the accepted tasks ended, as the test saw it.
     *
     * @param refused        submissions that threw {@link RejectedExecutionException}
     * @param completed      handles that succeeded, plus execute() tasks that ran and returned
     * @param failed         handles that failed with the task's own exception, plus execute() tasks that threw
     * @param cancelled      handles cancelled (by the test, a deadline, or the runtime stopping)
     * @param evicted        handles failed with {@link RejectedExecutionException} by DISCARD_OLDEST
     * @param executesUnseen execute() tasks that neither ran nor were refused nor handed back
     */
    private record Seen(long refused, long completed, long failed, long cancelled, long evicted,
                        long executesUnseen) {
    }

    /** A task given to {@code execute}, which has no handle: it counts its own runs. */
    private static final class CountedExecute implements Runnable {

        private final Submissions submissions;
        private final boolean fails;

        CountedExecute(Submissions submissions, boolean fails) {
            this.submissions = submissions;
            this.fails = fails;
        }

        @Override
        public void run() {
            if (fails) {
                submissions.executesFailed.incrementAndGet();
                throw new IllegalStateException("execute fails");
            }
            submissions.executesCompleted.incrementAndGet();
        }
    }

    private static void submitMixed(MoiraiRuntime runtime, int count, Submissions submissions,
                                    CountDownLatch halfway) {
        List<TaskHandle<?>> handles = submissions.handles;
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
                    case 5 -> {
                        CountedExecute task = new CountedExecute(submissions, random.nextBoolean());
                        runtime.execute(task);
                        submissions.executes.add(task);
                    }
                    default -> {
                        ScheduledTaskHandle<Integer> h = runtime.schedule(() -> 1, random.nextInt(3),
                                TimeUnit.MILLISECONDS);
                        handles.add(h);
                    }
                }
            } catch (RejectedExecutionException e) {
                submissions.refused.incrementAndGet();
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
