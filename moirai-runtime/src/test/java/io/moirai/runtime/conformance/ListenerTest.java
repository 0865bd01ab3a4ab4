package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskOutcome;
import io.moirai.runtime.TaskWrapper;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listeners receive each task's queued, started and finished callbacks (with its outcome) and
 * the runtime's events; a listener that throws harms neither the tasks nor the other listeners.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerTest {

    @Test
    void completedTaskIsQueuedThenStartedThenFinishedCompleted() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(listener).build()) {
            runtime.spawn(() -> "ok", TaskOptions.named("alpha")).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            runtime.spawn(() -> "ok", TaskOptions.named("alpha-io").withLane(Lane.BLOCKING))
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            await().atMost(Waits.LONG).until(() -> listener.callsFor("alpha-io").size() == 3);
            assertLifecycle(listener.callsFor("alpha"), Lane.CPU, TaskOutcome.COMPLETED);
            assertLifecycle(listener.callsFor("alpha-io"), Lane.BLOCKING, TaskOutcome.COMPLETED);
        }
    }

    @Test
    void failedTaskFinishesFailed() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(listener).build()) {
            TaskHandle<String> beta = runtime.spawn(() -> {
                throw new IllegalStateException("beta fails");
            }, TaskOptions.named("beta"));
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> beta.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));

            await().atMost(Waits.LONG).until(() -> listener.callsFor("beta").size() == 3);
            assertLifecycle(listener.callsFor("beta"), Lane.CPU, TaskOutcome.FAILED);
        }
    }

    @Test
    void taskCancelledBeforeItStartsFinishesCancelledWithoutStarting() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener).build();
             Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<String> gamma = runtime.spawn(() -> "never", TaskOptions.named("gamma"));

            gamma.cancel(false);
            gate.open();

            await().atMost(Waits.LONG).until(() -> listener.callsFor("gamma").size() == 2);
            List<RecordingListener.TaskCall> calls = listener.callsFor("gamma");
            assertThat(calls).extracting(RecordingListener.TaskCall::kind).containsExactly("queued", "finished");
            assertThat(calls.get(1).outcome()).isEqualTo(TaskOutcome.CANCELLED);
            assertThat(calls.get(1).runNanos()).isZero();
        }
    }

    @Test
    void aTaskCancelledAsItStartsFinishesAfterItsStartWithItsRunTime() throws Exception {
        RecordingListener recorded = new RecordingListener();
        AtomicReference<TaskHandle<String>> epsilon = new AtomicReference<>();
        CountDownLatch starting = new CountDownLatch(1);
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void taskQueued(String name, Lane lane) {
                recorded.taskQueued(name, lane);
            }

            @Override
            public void taskStarted(String name, Lane lane, long queueWaitNanos) {
                if (name.equals("epsilon")) {
                    // claimed, not yet reported: the test cancels it here, before the start is told
                    starting.countDown();
                    long end = System.nanoTime() + Waits.LONG.toNanos();
                    while ((epsilon.get() == null || !epsilon.get().isDone()) && System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }
                recorded.taskStarted(name, lane, queueWaitNanos);
            }

            @Override
            public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
                recorded.taskFinished(name, lane, outcome, queueWaitNanos, runNanos);
            }
        };
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener).build()) {
            epsilon.set(runtime.spawn(() -> "ran", TaskOptions.named("epsilon")));
            Waits.await(starting);

            assertThat(epsilon.get().cancel(true)).isTrue();

            await().atMost(Waits.LONG).until(() -> recorded.callsFor("epsilon").size() == 3);
            List<RecordingListener.TaskCall> calls = recorded.callsFor("epsilon");
            assertThat(calls).extracting(RecordingListener.TaskCall::kind)
                    .as("a finish never comes before the start it ends")
                    .containsExactly("queued", "started", "finished");
            assertThat(calls.get(2).outcome()).isEqualTo(TaskOutcome.CANCELLED);
            assertThat(calls.get(2).runNanos()).as("it ran: its run time is reported").isPositive();
        }
    }

    @Test
    void deadlineMissFinishesCancelledWithoutStarting() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener).build();
             Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            TaskHandle<String> late = runtime.spawn(() -> "never",
                    TaskOptions.named("late").withDeadline(Instant.now().minusMillis(1)));
            await().atMost(Waits.LONG).until(late::isDone);
            gate.open();

            await().atMost(Waits.LONG).until(() -> listener.callsFor("late").size() == 2);
            assertThat(listener.callsFor("late")).extracting(RecordingListener.TaskCall::outcome)
                    .containsExactly(null, TaskOutcome.CANCELLED);
        }
    }

    @Test
    void periodicTaskReportsEachRunAndEndsOnceWithItsFinalOutcome() throws Exception {
        RecordingListener listener = new RecordingListener();
        AtomicInteger runs = new AtomicInteger();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(listener).build()) {
            ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> {
                if (runs.incrementAndGet() == 3) {
                    throw new IllegalStateException("third run fails");
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> periodic.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
        }

        assertThat(listener.tasks).extracting(RecordingListener.TaskCall::kind)
                .as("queued once, then a started/finished pair per run")
                .containsExactly("queued", "started", "finished", "started", "finished", "started", "finished");
        assertThat(listener.finished()).extracting(RecordingListener.TaskCall::outcome)
                .as("runs the task survives finish COMPLETED; the run that ends it finishes with its outcome")
                .containsExactly(TaskOutcome.COMPLETED, TaskOutcome.COMPLETED, TaskOutcome.FAILED);
    }

    @Test
    void rejectedSubmissionFinishesRejectedAndRaisesTaskRejected() {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(listener).build()) {
            runtime.shutdown();
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.spawn(() -> 1, TaskOptions.named("delta")));

            assertThat(listener.callsFor("delta")).extracting(RecordingListener.TaskCall::outcome)
                    .contains(TaskOutcome.REJECTED);
            assertThat(listener.eventsOf(RuntimeEvent.TaskRejected.class)).singleElement().satisfies(rejected -> {
                assertThat(rejected.taskName()).isEqualTo("delta");
                assertThat(rejected.lane()).isEqualTo(Lane.CPU);
                assertThat(rejected.reason()).isEqualTo("shutdown");
            });
        }
    }

    @Test
    void tasksHandedBackByShutdownNowFinishNeverStarted() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener).build();
             Gate gate = new Gate()) {
            runtime.execute(gate.runnable());
            gate.awaitEntered();
            runtime.spawn(() -> 1, TaskOptions.named("epsilon"));

            runtime.shutdownNow();
            Waits.awaitTermination(runtime);

            assertThat(listener.callsFor("epsilon")).extracting(RecordingListener.TaskCall::outcome)
                    .containsExactly(null, TaskOutcome.NEVER_STARTED);
        }
    }

    @Test
    void runtimeEventsCoverStartReconfigurePauseShutdownAndStop() throws Exception {
        RecordingListener listener = new RecordingListener();
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(4).listener(listener)
                .build();
        try (runtime) {
            runtime.reconfigure(2, 8);
            runtime.pause();
            runtime.resume();
            runtime.spawn(() -> 1).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
        }
        RuntimeSnapshot last = runtime.snapshot();

        await().atMost(Waits.LONG).until(() -> !listener.eventsOf(RuntimeEvent.Stopped.class).isEmpty());
        assertThat(listener.events.getFirst()).isInstanceOfSatisfying(RuntimeEvent.Started.class, started -> {
            assertThat(started.parallelism()).isEqualTo(1);
            assertThat(started.blockingConcurrency()).isEqualTo(4);
        });
        assertThat(listener.eventsOf(RuntimeEvent.Reconfigured.class)).singleElement().satisfies(changed -> {
            assertThat(changed.previousParallelism()).isEqualTo(1);
            assertThat(changed.parallelism()).isEqualTo(2);
            assertThat(changed.previousBlockingConcurrency()).isEqualTo(4);
            assertThat(changed.blockingConcurrency()).isEqualTo(8);
        });
        assertThat(listener.eventsOf(RuntimeEvent.PauseChanged.class)).extracting(RuntimeEvent.PauseChanged::paused)
                .containsExactly(true, false);
        assertThat(listener.eventsOf(RuntimeEvent.ShutdownStarted.class)).singleElement()
                .satisfies(shutdown -> assertThat(shutdown.immediate()).isFalse());
        assertThat(listener.events.getLast()).isInstanceOfSatisfying(RuntimeEvent.Stopped.class, stopped -> {
            assertThat(stopped.completed()).isEqualTo(last.completed()).isEqualTo(1);
            assertThat(stopped.failed()).isEqualTo(last.failed());
            assertThat(stopped.cancelled()).isEqualTo(last.cancelled());
            assertThat(stopped.rejected()).isEqualTo(last.rejected());
            assertThat(stopped.neverStarted()).isEqualTo(last.neverStarted());
        });
        assertThat(listener.events).allSatisfy(event -> assertThat(event.at()).isNotNull());
    }

    @Test
    void everyRegisteredListenerReceivesEveryCallback() throws Exception {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(first).listener(second).build()) {
            runtime.spawn(() -> 1, TaskOptions.named("both")).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(Waits.LONG).until(() -> first.callsFor("both").size() == 3
                    && second.callsFor("both").size() == 3);
        }
        assertThat(second.tasks).isEqualTo(first.tasks);
        assertThat(second.events).hasSameSizeAs(first.events);
    }

    @Test
    void throwingListenerBreaksNoTaskAndOtherListenersStillHear() throws Exception {
        RuntimeListener throwing = new RuntimeListener() {
            @Override
            public void taskQueued(String name, Lane lane) {
                throw new IllegalStateException("queued listener failure");
            }

            @Override
            public void taskStarted(String name, Lane lane, long queueWaitNanos) {
                throw new IllegalStateException("started listener failure");
            }

            @Override
            public void taskFinished(String name, Lane lane, TaskOutcome outcome, long wait, long run) {
                throw new IllegalStateException("finished listener failure");
            }

            @Override
            public void runtimeEvent(RuntimeEvent event) {
                throw new IllegalStateException("event listener failure");
            }
        };
        RecordingListener healthy = new RecordingListener();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(throwing).listener(healthy)
                .uncaughtExceptionHandler((thread, failure) -> reported.add(failure)).build()) {
            TaskHandle<String> cpu = runtime.spawn(() -> "cpu", TaskOptions.named("cpu-task"));
            TaskHandle<String> blocking = runtime.spawnBlocking(() -> "blocking");
            TaskHandle<String> delayed = runtime.schedule(() -> "delayed", 1, TimeUnit.MILLISECONDS);

            assertThat(cpu.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("cpu");
            assertThat(blocking.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("blocking");
            assertThat(delayed.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("delayed");
            runtime.reconfigure(2, 2);

            await().atMost(Waits.LONG).until(() -> healthy.callsFor("cpu-task").size() == 3);
            assertThat(healthy.eventsOf(RuntimeEvent.Reconfigured.class)).hasSize(1);
        }
        assertThat(reported).isNotEmpty().allMatch(IllegalStateException.class::isInstance);
        assertThat(reported).extracting(Throwable::getMessage).contains("queued listener failure",
                "started listener failure", "finished listener failure", "event listener failure");
    }

    @Test
    void aListenerThatDoesNotObserveTasksStillReceivesRuntimeEvents() throws Exception {
        List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger taskCalls = new AtomicInteger();
        RuntimeListener eventsOnly = new RuntimeListener() {
            @Override
            public boolean observesTasks() {
                return false;
            }

            @Override
            public void taskFinished(String name, Lane lane, TaskOutcome outcome, long wait, long run) {
                taskCalls.incrementAndGet();
            }

            @Override
            public void runtimeEvent(RuntimeEvent event) {
                events.add(event);
            }
        };
        RecordingListener observing = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(eventsOnly).listener(observing)
                .build()) {
            runtime.spawn(() -> 1, TaskOptions.named("seen")).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            runtime.reconfigure(2, 2);
            await().atMost(Waits.LONG).until(() -> observing.callsFor("seen").size() == 3);
        }
        assertThat(taskCalls).hasValue(0);
        assertThat(events).anyMatch(RuntimeEvent.Reconfigured.class::isInstance);
    }

    @Test
    void aListenerOverridingOnlyTaskFinishedHearsEveryEnd() throws Exception {
        List<TaskOutcome> outcomes = new CopyOnWriteArrayList<>();
        RuntimeListener endsOnly = new RuntimeListener() {
            @Override
            public void taskFinished(String name, Lane lane, TaskOutcome outcome, long wait, long run) {
                outcomes.add(outcome);
            }
        };
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(endsOnly).build()) {
            runtime.spawn(() -> 1).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            runtime.execute(() -> {
                throw new IllegalStateException("expected");
            }, TaskOptions.defaults().withLane(Lane.BLOCKING));
            runtime.shutdown();
            Waits.awaitTermination(runtime);
        }
        assertThat(outcomes).containsExactlyInAnyOrder(TaskOutcome.COMPLETED, TaskOutcome.FAILED);
    }

    /**
     * An unnamed task is reported by the class of the work it runs, not of what wraps it: a
     * {@link TaskWrapper} of the submitter's (here two, one inside the other), or the runtime's
     * own adapter of a {@code Runnable} given to {@code submit} or {@code schedule}. A wrapper
     * that wraps itself is reported as itself.
     */
    @Test
    void anUnnamedRejectedTaskIsNamedByTheClassOfTheWorkItWraps() {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).listener(listener).build()) {
            runtime.shutdown();
            Runnable work = new Work();
            String name = Work.class.getName();
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.execute(new Wrapper(new Wrapper(work))))
                    .withMessageStartingWith("Task '" + name + "' rejected");
            assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> runtime.submit(work))
                    .withMessageStartingWith("Task '" + name + "' rejected");
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.schedule(work, 1, TimeUnit.SECONDS));
            assertThatExceptionOfType(RejectedExecutionException.class)
                    .isThrownBy(() -> runtime.spawn(new SelfWrapper(), TaskOptions.defaults()));

            assertThat(listener.eventsOf(RuntimeEvent.TaskRejected.class)).extracting(RuntimeEvent.TaskRejected::taskName)
                    .containsExactly(name, name, name, SelfWrapper.class.getName());
        }
    }

    private static final class Work implements Runnable {
        @Override
        public void run() {
        }
    }

    private record Wrapper(Runnable task) implements Runnable, TaskWrapper {
        @Override
        public void run() {
            this.task.run();
        }

        @Override
        public Object wrappedTask() {
            return this.task;
        }
    }

    private static final class SelfWrapper implements Callable<Object>, TaskWrapper {
        @Override
        public Object call() {
            return null;
        }

        @Override
        public Object wrappedTask() {
            return this;
        }
    }

    private static void assertLifecycle(List<RecordingListener.TaskCall> calls, Lane lane, TaskOutcome outcome) {
        assertThat(calls).extracting(RecordingListener.TaskCall::kind).containsExactly("queued", "started", "finished");
        assertThat(calls).extracting(RecordingListener.TaskCall::lane).containsOnly(lane);
        RecordingListener.TaskCall finished = calls.get(2);
        assertThat(finished.outcome()).isEqualTo(outcome);
        assertThat(finished.queueWaitNanos()).isNotNegative();
        assertThat(finished.runNanos()).isNotNegative();
        assertThat(calls.get(1).queueWaitNanos()).isNotNegative();
    }
}
