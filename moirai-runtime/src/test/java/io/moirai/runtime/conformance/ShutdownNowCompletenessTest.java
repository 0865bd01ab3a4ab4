package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code shutdownNow()} while workers are busy taking tasks: every task accepted before the call
 * either runs (once) or is in the list it returns, never both and never neither. The workers
 * are caught in the middle of moving a batch from the injection queue, or stolen tasks from
 * another worker, into their deques, and in the middle of taking a task to run; a task in any of
 * those places was once neither run nor returned (cancelled unseen, which for {@code execute}
 * meant lost without a trace), in up to half the rounds. A thread that asked "is the drain under
 * way?" and "has the runtime stopped?" in two reads could also refuse a task it took just before
 * the drain reached it (about one round in a thousand on the blocking lane, with the cores
 * loaded).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowCompletenessTest {

    private static final int ROUNDS = 100;
    private static final int TASKS = 2_000;

    enum Submission { EXECUTE, SUBMIT, EXECUTE_BLOCKING, SCHEDULE_NOW }

    @ParameterizedTest
    @EnumSource(Submission.class)
    void everyAcceptedTaskRunsOrIsReturned(Submission submission) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(4).build();
            AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
            List<Object> accepted = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int id = i;
                Runnable task = () -> {
                    runs.incrementAndGet(id);
                    spin();
                };
                accepted.add(switch (submission) {
                    case EXECUTE -> {
                        runtime.execute(task);
                        yield task;
                    }
                    case SUBMIT -> runtime.submit(task);
                    case EXECUTE_BLOCKING -> {
                        runtime.execute(task, TaskOptions.defaults().withLane(Lane.BLOCKING));
                        yield task;
                    }
                    case SCHEDULE_NOW -> runtime.schedule(task, 0L, TimeUnit.MILLISECONDS);
                });
            }
            List<Runnable> returned = runtime.shutdownNow();
            Waits.awaitTermination(runtime);

            Set<Object> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
            handedBack.addAll(returned);
            assertThat(handedBack).as("returned once each").hasSize(returned.size());
            int ran = 0;
            for (int i = 0; i < TASKS; i++) {
                int r = runs.get(i);
                boolean back = handedBack.contains(accepted.get(i));
                assertThat(r).as("runs of task %d (round %d)", i, round).isLessThanOrEqualTo(1);
                assertThat(r == 1 || back).as("task %d ran or was returned (round %d)", i, round).isTrue();
                assertThat(r == 1 && back).as("task %d both ran and was returned (round %d)", i, round).isFalse();
                ran += r;
            }
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.completed()).as("completed (round %d)", round).isEqualTo(ran);
            assertThat(s.neverStarted()).as("never started (round %d)", round).isEqualTo(returned.size());
            assertThat(s.cancelled()).as("cancelled (round %d)", round).isZero();
        }
    }

    /**
     * The same for tasks spawned by running tasks and joined by them: the joining task takes its
     * child back from its deque and runs it itself, racing with the drain, which steals from the
     * other end. A child whose spawn returned before {@code shutdownNow()} was called runs (once)
     * or is returned; the joiner's win made it run, interrupted, where it was once refused and
     * counted cancelled. Children spawned after the call may end cancelled, and only they.
     */
    @org.junit.jupiter.api.Test
    void childrenSpawnedBeforeTheCallRunOrAreReturned() throws Exception {
        int parents = 400;
        int perParent = 4;
        for (int round = 0; round < ROUNDS; round++) {
            MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build();
            AtomicIntegerArray runs = new AtomicIntegerArray(parents * perParent);
            Object[] children = new Object[parents * perParent];
            boolean[] spawnedBefore = new boolean[parents * perParent];
            java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger parentsRan = new java.util.concurrent.atomic.AtomicInteger();
            for (int p = 0; p < parents; p++) {
                int first = p * perParent;
                runtime.execute(() -> {
                    parentsRan.incrementAndGet();
                    List<io.moirai.runtime.TaskHandle<?>> mine = new ArrayList<>(perParent);
                    for (int j = 0; j < perParent; j++) {
                        int id = first + j;
                        io.moirai.runtime.TaskHandle<?> child;
                        try {
                            child = runtime.spawn(() -> {
                                runs.incrementAndGet(id);
                                spin();
                                return null;
                            });
                        } catch (java.util.concurrent.RejectedExecutionException stopped) {
                            break; // spawned after shutdownNow(): refused
                        }
                        spawnedBefore[id] = !called.get(); // published to the test by termination
                        children[id] = child;
                        mine.add(child);
                    }
                    for (int j = perParent - 1; j >= 0; j--) {
                        try {
                            mine.get(j).join();
                        } catch (RuntimeException handedBackOrRefused) {
                            // the child was returned by shutdownNow() or spawned after it
                        }
                    }
                });
            }
            called.set(true);
            List<Runnable> returned = runtime.shutdownNow();
            Waits.awaitTermination(runtime);

            Set<Object> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
            handedBack.addAll(returned);
            int childrenRan = 0;
            int spawnedAfter = 0;
            for (int i = 0; i < children.length; i++) {
                if (children[i] == null) {
                    continue; // its parent never ran, or stopped spawning
                }
                int r = runs.get(i);
                boolean back = handedBack.contains(children[i]);
                assertThat(r).as("runs of child %d (round %d)", i, round).isLessThanOrEqualTo(1);
                assertThat(r == 1 && back).as("child %d both ran and was returned (round %d)", i, round).isFalse();
                if (spawnedBefore[i]) {
                    assertThat(r == 1 || back).as("child %d, spawned before the call, ran or was returned (round %d)",
                            i, round).isTrue();
                } else {
                    spawnedAfter++;
                }
                childrenRan += r;
            }
            RuntimeSnapshot s = runtime.snapshot();
            assertThat(s.completed()).as("completed (round %d)", round).isEqualTo(parentsRan.get() + childrenRan);
            assertThat(s.cancelled()).as("cancelled (round %d)", round).isLessThanOrEqualTo(spawnedAfter);
        }
    }

    /** About two microseconds of work, so that workers are busy taking tasks when the call comes. */
    private static void spin() {
        long end = System.nanoTime() + 2_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
