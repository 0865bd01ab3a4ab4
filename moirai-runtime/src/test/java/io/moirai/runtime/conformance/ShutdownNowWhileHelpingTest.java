package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code shutdownNow()} while CPU tasks wait for their children and help run them: a worker that
 * helps picks a child it saw unstarted in a deque, and {@code shutdownNow()} may hand that very
 * child back at the same moment. Each child must then either run once on the runtime or be
 * handed back unrun, never both: a caller that runs the returned tasks elsewhere must not run
 * one twice, and a returned handle must not complete by itself. Both happened (a helping worker
 * ran a child the drain had already handed back) in about one round in twenty.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowWhileHelpingTest {

    private static final int CHILDREN = 2_000;

    @Test
    void aSpawnedChildIsEitherRunOrHandedBackNeverBoth() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (int round = 0; round < 200 && System.nanoTime() < end; round++) {
            MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
            AtomicIntegerArray runs = new AtomicIntegerArray(2 * CHILDREN);
            List<TaskHandle<Integer>> children = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch spawned = new CountDownLatch(2);
            for (int p = 0; p < 2; p++) {
                int first = p * CHILDREN;
                runtime.spawn(() -> {
                    List<TaskHandle<Integer>> mine = new ArrayList<>();
                    for (int i = 0; i < CHILDREN; i++) {
                        int id = first + i;
                        TaskHandle<Integer> child = runtime.spawn(() -> runs.incrementAndGet(id));
                        mine.add(child);
                        children.add(child);
                    }
                    spawned.countDown();
                    int sum = 0;
                    for (TaskHandle<Integer> child : mine) {
                        sum += child.join(); // oldest first: the waiter helps with children found in deques
                    }
                    return sum;
                });
            }
            assertThat(spawned.await(10, TimeUnit.SECONDS)).isTrue();
            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
            Set<Runnable> returned = Collections.newSetFromMap(new IdentityHashMap<>());
            returned.addAll(runtime.shutdownNow());
            assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            List<TaskHandle<Integer>> all;
            synchronized (children) {
                all = new ArrayList<>(children);
            }
            for (int id = 0; id < all.size(); id++) {
                TaskHandle<Integer> child = all.get(id);
                if (returned.contains(child)) {
                    assertThat(child.isDone()).as("round %d: a handed-back child completed by itself", round).isFalse();
                }
            }
            for (int id = 0; id < 2 * CHILDREN; id++) {
                assertThat(runs.get(id)).as("round %d: runs of child %d", round, id).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void anExecutedCommandIsEitherRunOrHandedBackNeverBoth() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (int round = 0; round < 200 && System.nanoTime() < end; round++) {
            MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
            AtomicIntegerArray runs = new AtomicIntegerArray(CHILDREN);
            List<Runnable> commands = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                int id = i;
                commands.add(() -> runs.incrementAndGet(id));
            }
            CountDownLatch executed = new CountDownLatch(1);
            AtomicInteger stop = new AtomicInteger();
            TaskHandle<Void> parent = runtime.spawn(() -> {
                commands.forEach(runtime::execute);
                executed.countDown();
                while (stop.get() == 0 && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // keeps running, so its commands wait in its deque
                }
                return null;
            });
            runtime.spawn(() -> {
                parent.join(); // from the other worker: helps with the parent's commands
                return null;
            });
            assertThat(executed.await(10, TimeUnit.SECONDS)).isTrue();
            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
            List<Runnable> returned = runtime.shutdownNow();
            stop.set(1);
            assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            returned.forEach(Runnable::run); // as a caller moving them elsewhere would
            for (int id = 0; id < CHILDREN; id++) {
                assertThat(runs.get(id)).as("round %d: runs of command %d", round, id).isEqualTo(1);
            }
        }
    }
}
