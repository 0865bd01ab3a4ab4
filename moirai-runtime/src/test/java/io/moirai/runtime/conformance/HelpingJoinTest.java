package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waiting on a handle from a CPU worker helps run queued work instead of blocking the worker, so
 * recursive spawn-and-join and submit-and-get finish even when every worker is waiting, down to
 * parallelism 1. Blocking detection is off, so no compensation worker can hide a deadlock.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HelpingJoinTest {

    private static final int N = 22;
    private static final long FIB_22 = 17711;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void recursiveSpawnAndJoinDoesNotDeadlock(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            TaskHandle<Long> root = runtime.spawn(() -> fibByJoin(runtime, N));

            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(FIB_22);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void recursiveSubmitAndGetDoesNotDeadlock(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            Future<Long> root = runtime.submit(() -> fibByGet(runtime, N));

            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(FIB_22);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void timedGetInsideATaskHelpsToo(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            Future<Long> root = runtime.submit(() -> {
                List<Future<Long>> children = new ArrayList<>();
                for (int i = 0; i < 2 * parallelism + 4; i++) {
                    long n = i;
                    children.add(runtime.submit(() -> n));
                }
                long sum = 0;
                for (Future<Long> child : children) {
                    sum += child.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                }
                return sum;
            });

            long expected = 0;
            for (int i = 0; i < 2 * parallelism + 4; i++) {
                expected += i;
            }
            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void everyWorkerJoiningAtOnceStillFinishes(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            List<TaskHandle<Long>> roots = new ArrayList<>();
            for (int i = 0; i < parallelism * 3; i++) {
                roots.add(runtime.spawn(() -> fibByJoin(runtime, 16)));
            }
            for (TaskHandle<Long> root : roots) {
                assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(987L);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void deepChainOfNestedWaitsDoesNotDeadlock(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            TaskHandle<Integer> root = runtime.spawn(() -> chain(runtime, 200));

            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void joiningABlockingTaskFromAWorkerDoesNotDeadlock(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            TaskHandle<String> root = runtime.spawn(() -> {
                TaskHandle<String> blocking = runtime.spawnBlocking(() -> runtime.spawn(() -> "cpu").join() + "+io");
                return blocking.join();
            });

            assertThat(root.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("cpu+io");
        }
    }

    @Test
    void timedGetInsideATaskTimesOutWhenTheAwaitedTaskCannotFinish() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            TaskHandle<String> held = runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();

            TaskHandle<String> outer = runtime.spawn(() -> {
                try {
                    return held.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    return "timed out";
                }
            });

            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("timed out");
        }
    }

    @Test
    void getInsideATaskIsInterruptedByCancelWithInterrupt() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build();
             Gate gate = new Gate()) {
            TaskHandle<String> held = runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();
            TaskHandle<String> outer = runtime.spawn(() -> {
                waiting.countDown();
                try {
                    return held.get();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            });
            Waits.await(waiting);

            outer.cancel(true);

            Waits.await(interrupted);
            assertThat(runtime.spawn(() -> Thread.currentThread().isInterrupted())
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).as("no interrupt left on the worker").isFalse();
        }
    }

    private static long fibByJoin(MoiraiRuntime runtime, int n) {
        if (n < 10) {
            return sequentialFib(n);
        }
        TaskHandle<Long> left = runtime.spawn(() -> fibByJoin(runtime, n - 1));
        long right = fibByJoin(runtime, n - 2);
        return left.join() + right;
    }

    private static long fibByGet(MoiraiRuntime runtime, int n) throws Exception {
        if (n < 10) {
            return sequentialFib(n);
        }
        Future<Long> left = runtime.submit(() -> fibByGet(runtime, n - 1));
        Future<Long> right = runtime.submit(() -> fibByGet(runtime, n - 2));
        return right.get() + left.get();
    }

    private static int chain(MoiraiRuntime runtime, int depth) throws Exception {
        if (depth == 0) {
            return 0;
        }
        return runtime.submit(() -> chain(runtime, depth - 1)).get() + 1;
    }

    private static long sequentialFib(int n) {
        return n < 2 ? n : sequentialFib(n - 1) + sequentialFib(n - 2);
    }
}
