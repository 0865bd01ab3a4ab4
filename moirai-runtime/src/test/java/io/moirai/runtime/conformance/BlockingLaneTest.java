package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking lane runs tasks on virtual threads, never more than {@code blockingConcurrency}
 * at once; the rest wait in order and show in the snapshot as {@code blockingWaiting}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingLaneTest {

    @Test
    void neverRunsMoreThanBlockingConcurrencyAtOnceAndQueuesTheRest() throws Exception {
        int permits = 2;
        int tasks = 7;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(permits).build();
             Gate gate = new Gate(permits)) {
            List<TaskHandle<Boolean>> handles = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                handles.add(runtime.spawnBlocking(() -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        gate.pass();
                        return Thread.currentThread().isVirtual();
                    } finally {
                        running.decrementAndGet();
                    }
                }));
            }
            gate.awaitEntered();

            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.blockingInUse()).isEqualTo(permits);
            assertThat(snapshot.blockingWaiting()).isEqualTo(tasks - permits);
            assertThat(snapshot.active()).isEqualTo(permits);
            assertThat(snapshot.queued()).isEqualTo(tasks - permits);
            assertThat(running).hasValue(permits);
            gate.open();

            for (TaskHandle<Boolean> handle : handles) {
                assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).as("ran on a virtual thread")
                        .isTrue();
            }
            assertThat(mostRunning).hasValue(permits);
            await().atMost(Waits.LONG).untilAsserted(() -> {
                assertThat(runtime.snapshot().blockingInUse()).isZero();
                assertThat(runtime.snapshot().blockingWaiting()).isZero();
            });
        }
    }

    @Test
    void waitingBlockingTasksStartInSubmissionOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();
            List<TaskHandle<Boolean>> handles = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                handles.add(runtime.spawnBlocking(() -> order.add(n)));
            }
            assertThat(runtime.snapshot().blockingWaiting()).isEqualTo(10);
            gate.open();

            for (TaskHandle<Boolean> handle : handles) {
                handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void cancelledWaitingTaskNoLongerCountsAsWaiting() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();
            TaskHandle<Integer> waiting = runtime.spawnBlocking(() -> 1);
            assertThat(runtime.snapshot().blockingWaiting()).isEqualTo(1);

            waiting.cancel(false);

            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.queued()).isZero();
            assertThat(snapshot.blockingWaiting()).as("blocking tasks waiting for a permit").isZero();
        }
    }

    @Test
    void blockingTasksNeverOccupyTheCpuWorkers() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(8).build();
             Gate gate = new Gate(4)) {
            for (int i = 0; i < 4; i++) {
                runtime.spawnBlocking(gate.callable("held"));
            }
            gate.awaitEntered();

            TaskHandle<String> cpu = runtime.spawn(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform");

            assertThat(cpu.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("platform");
            gate.open();
        }
    }

    @Test
    void laneOptionRoutesASpawnedTaskToTheBlockingLane() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<Boolean> viaOptions = runtime.spawn(() -> Thread.currentThread().isVirtual(),
                    TaskOptions.named("io").withLane(Lane.BLOCKING));
            TaskHandle<Boolean> viaSpawnBlocking = runtime.spawnBlocking(() -> Thread.currentThread().isVirtual());

            assertThat(viaOptions.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(viaSpawnBlocking.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(viaOptions.lane()).isEqualTo(Lane.BLOCKING);
            assertThat(viaOptions.name()).isEqualTo("io");
            assertThat(viaSpawnBlocking.lane()).isEqualTo(Lane.BLOCKING);
            assertThat(viaSpawnBlocking.name()).isEmpty();
        }
    }

    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    @Test
    void blockingTasksDoNotInheritTheSubmittersInheritableThreadLocals() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            INHERITED.set("submitter's");
            try {
                TaskHandle<String> seen = runtime.spawnBlocking(() -> String.valueOf(INHERITED.get()));
                assertThat(seen.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("null");
            } finally {
                INHERITED.remove();
            }
        }
    }

    /**
     * A lost hand-off: one submitter, one permit, tiny batches it waits for. The lane thread
     * giving its permit back and the submitter queueing a task race on every batch; before the
     * fix, a submitter that found the permit held by a lane thread about to give up (after a look
     * that missed the task being linked) left the task to it, the lane thread ended, and the
     * batch never ran (seen within a few seconds on 2 cores). Every batch must finish.
     */
    @Test
    void aTaskQueuedWhileTheLastLaneThreadGivesUpItsPermitStillRuns() throws Exception {
        TaskOptions blocking = TaskOptions.defaults().withLane(Lane.BLOCKING);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int batches = 0;
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            while (System.nanoTime() < end) {
                int size = 1 + batches % 4;
                CountDownLatch done = new CountDownLatch(size);
                for (int i = 0; i < size; i++) {
                    runtime.execute(done::countDown, blocking);
                }
                assertThat(done.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                        .as("batch %d of %d tasks finished (in use %d, waiting %d)", batches, size,
                                runtime.snapshot().blockingInUse(), runtime.snapshot().blockingWaiting())
                        .isTrue();
                batches++;
            }
            RuntimeSnapshot snapshot = runtime.snapshot();
            await().atMost(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)
                    .until(() -> runtime.snapshot().blockingInUse() == 0);
            assertThat(snapshot.blockingWaiting()).isZero();
        }
        assertThat(batches).isPositive();
    }

    /**
     * With permits to spare every submission would start a thread of its own; a thread that
     * finished while submissions keep arriving lingers and is handed the next task instead. So a
     * stream of tiny tasks runs on fewer threads than tasks, every task still ends and is
     * counted, and the lingering threads give their permits back once the stream stops. The
     * submitter keeps a few tasks in flight, so that threads finish while it submits (a
     * submitter that queued all its tasks before any thread ran would find none lingering).
     */
    @Test
    void aStreamOfTinyTasksIsHandedToLingeringThreadsAndEveryTaskEnds() throws Exception {
        int tasks = 20_000;
        int inFlightAtMost = 4;
        TaskOptions blocking = TaskOptions.defaults().withLane(Lane.BLOCKING);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(tasks);
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(tasks).build();
        try {
            long deadline = System.nanoTime() + Waits.LONG.toNanos();
            for (int i = 0; i < tasks; i++) {
                while (i - (tasks - done.getCount()) >= inFlightAtMost && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                runtime.execute(() -> {
                    threads.add(Thread.currentThread());
                    done.countDown();
                }, blocking);
            }
            assertThat(done.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(threads).as("threads that ran %d tasks with permits to spare", tasks).hasSizeLessThan(tasks);
            await().atMost(Waits.LONG).untilAsserted(() -> {
                RuntimeSnapshot snapshot = runtime.snapshot();
                assertThat(snapshot.blockingInUse()).isZero();
                assertThat(snapshot.completed()).isEqualTo(tasks);
                assertThat(snapshot.submitted()).isEqualTo(tasks);
            });
        } finally {
            runtime.shutdown();
        }
        assertThat(runtime.awaitTermination(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    /** A task handed to a lingering thread uses that thread's permit: the bound holds under a stream from several submitters. */
    @Test
    void handingTasksToLingeringThreadsNeverExceedsThePermits() throws Exception {
        int permits = 3;
        int submitters = 4;
        int tasksEach = 5_000;
        TaskOptions blocking = TaskOptions.defaults().withLane(Lane.BLOCKING);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * tasksEach);
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(permits).build()) {
            Runnable task = () -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.onSpinWait();
                running.decrementAndGet();
                done.countDown();
            };
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < tasksEach; i++) {
                        runtime.execute(task, blocking);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(Waits.LONG.toMillis());
            }
            assertThat(done.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(mostRunning.get()).isBetween(1, permits);
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(runtime.snapshot().blockingInUse()).isZero());
        }
    }
}
