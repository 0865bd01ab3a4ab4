package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code reconfigure(parallelism, blockingConcurrency)} resizes both lanes under load without
 * losing a task, validates its arguments and refuses once the runtime is shut down.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReconfigureTest {

    @Test
    void growAndShrinkUnderLoadLoseNoTask() throws Exception {
        int children = 3_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(children / 4);
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            TaskHandle<Integer> parent = runtime.spawn(() -> {
                List<TaskHandle<Integer>> spawned = new ArrayList<>();
                for (int i = 0; i < children; i++) {
                    spawned.add(runtime.spawn(() -> {
                        ran.incrementAndGet();
                        halfway.countDown();
                        return busyWork();
                    }));
                }
                int sum = 0;
                for (TaskHandle<Integer> child : spawned) {
                    sum += child.join();
                }
                return sum;
            });
            runtime.reconfigure(4, 16);
            RuntimeSnapshot grown = runtime.snapshot();
            assertThat(grown.parallelism()).isEqualTo(4);
            assertThat(grown.blockingConcurrency()).isEqualTo(16);
            // the parent may already wait for a child stolen by a new worker, with a spare standing in for it
            assertThat(grown.workers()).filteredOn(worker -> !worker.compensating()).hasSize(4);
            Waits.await(halfway);

            runtime.reconfigure(2, 3);

            assertThat(runtime.snapshot().parallelism()).isEqualTo(2);
            assertThat(parent.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(children * busyWork());
            assertThat(ran).hasValue(children);
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(runtime.snapshot().workers()).hasSize(2));
            assertThat(runtime.snapshot().blockingConcurrency()).isEqualTo(3);
        }
    }

    @Test
    void shrinkingToOneWhileEveryWorkerIsBusyLosesNoQueuedTask() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(3).build(); Gate gate = new Gate(3)) {
            for (int i = 0; i < 3; i++) {
                runtime.execute(gate.runnable());
            }
            gate.awaitEntered();
            List<TaskHandle<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                queued.add(runtime.spawn(ran::incrementAndGet));
            }

            runtime.reconfigure(1, 256);
            gate.open();

            for (TaskHandle<Integer> handle : queued) {
                handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(ran).hasValue(300);
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(runtime.snapshot().workers()).hasSize(1));
        }
    }

    @Test
    void growingBlockingConcurrencyStartsWaitingTasks() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate(3)) {
            for (int i = 0; i < 3; i++) {
                runtime.spawnBlocking(gate.callable(i));
            }
            await().atMost(Waits.LONG).until(() -> runtime.snapshot().blockingWaiting() == 2);

            runtime.reconfigure(1, 3);

            gate.awaitEntered();
            assertThat(runtime.snapshot().blockingInUse()).isEqualTo(3);
            assertThat(runtime.snapshot().blockingWaiting()).isZero();
            gate.open();
        }
    }

    @Test
    void shrinkingBlockingConcurrencyTakesEffectAsTasksFinish() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(3).build();
             Gate first = new Gate(3)) {
            for (int i = 0; i < 3; i++) {
                runtime.spawnBlocking(first.callable(i));
            }
            first.awaitEntered();
            runtime.reconfigure(1, 1);
            List<TaskHandle<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                later.add(runtime.spawnBlocking(() -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    running.decrementAndGet();
                    return 1;
                }));
            }
            assertThat(runtime.snapshot().blockingWaiting()).isEqualTo(6);

            first.open();

            for (TaskHandle<Integer> handle : later) {
                handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(mostRunning).hasValue(1);
        }
    }

    @Test
    void invalidSizesAreRefusedNamingTheSettingAndTheValue() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(5).build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.reconfigure(0, 5))
                    .withMessageContaining("parallelism").withMessageContaining("0");
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.reconfigure(-4, 5))
                    .withMessageContaining("parallelism").withMessageContaining("-4");
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.reconfigure(32768, 5))
                    .withMessageContaining("parallelism").withMessageContaining("32768");
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.reconfigure(2, 0))
                    .withMessageContaining("blockingConcurrency").withMessageContaining("0");
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.reconfigure(2, -9))
                    .withMessageContaining("blockingConcurrency").withMessageContaining("-9");

            RuntimeSnapshot unchanged = runtime.snapshot();
            assertThat(unchanged.parallelism()).isEqualTo(2);
            assertThat(unchanged.blockingConcurrency()).isEqualTo(5);
        }
    }

    @Test
    void reconfigureAfterShutdownThrowsIllegalStateException() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            runtime.shutdown();
            assertThatIllegalStateException().isThrownBy(() -> runtime.reconfigure(3, 3));
            Waits.awaitTermination(runtime);
            assertThatIllegalStateException().isThrownBy(() -> runtime.reconfigure(3, 3));
        }
    }

    /**
     * The last task to end runs on a worker that a shrink has marked to retire, after
     * {@code shutdown()} has found work outstanding; the runtime must still terminate.
     */
    @Test
    void runtimeTerminatesWhenItsLastTaskEndsOnARetiringWorker() throws Exception {
        CountDownLatch releaseStaying = new CountDownLatch(1);
        CountDownLatch releaseRetiring = new CountDownLatch(1);
        String prefix = "retire-last-";
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).threadNamePrefix(prefix).build();
             Gate entered = new Gate(2)) {
            for (int i = 0; i < 2; i++) {
                runtime.execute(() -> {
                    boolean retiring = Thread.currentThread().getName().equals(prefix + "cpu-1");
                    try {
                        entered.pass();
                        CountDownLatch release = retiring ? releaseRetiring : releaseStaying;
                        release.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            entered.open();
            entered.awaitEntered();
            runtime.reconfigure(1, 256);
            releaseStaying.countDown();
            runtime.shutdown();

            releaseRetiring.countDown();

            boolean terminated = runtime.awaitTermination(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            if (!terminated) {
                runtime.shutdownNow(); // unsticks the runtime, so that close() below returns
            }
            assertThat(terminated).as("terminated after the last task ended on the retiring worker").isTrue();
        }
    }

    private static int busyWork() {
        int x = 0;
        for (int i = 0; i < 200; i++) {
            x += i % 7;
        }
        return x;
    }
}
