package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lost wake-ups: round after round, wait until every CPU worker is parked, then submit a burst
 * and wait for all of it to run. A lost wake-up leaves a task queued with every worker asleep and
 * nothing that would ever wake one, so the round never completes; the bound on the wait only turns
 * that hang into a failure that shows the snapshot and the threads.
 *
 * <p>Bursts come from outside (one task, many tasks, two submitting threads at once, the timer
 * thread) and from inside (a task that spawns, a task that spawns and joins, a blocking-lane task
 * that feeds the CPU lane). A single task into a fully parked pool is the sharpest case, so every
 * other round is a burst of one.
 */
final class WakeUpScenario {

    enum Burst { EXTERNAL, TWO_SUBMITTERS, FROM_TIMER, FROM_TASK, FORK_JOIN, FROM_BLOCKING }

    private WakeUpScenario() {
    }

    static void run(int parallelism, int rounds, long seed) throws InterruptedException {
        String prefix = RuntimeThreads.uniquePrefix("wakeup");
        String context = "parallelism " + parallelism + " (seed " + seed + ", " + rounds + " rounds)";
        SplittableRandom random = new SplittableRandom(seed);
        Set<Thread> virtualThreads = ConcurrentHashMap.newKeySet();
        BlockingQueue<Runnable> secondSubmitterJobs = new LinkedBlockingQueue<>();
        Thread secondSubmitter = Thread.ofPlatform().name("stress-wakeup-second-submitter").start(() -> {
            try {
                for (Runnable job = secondSubmitterJobs.take(); job != STOP; job = secondSubmitterJobs.take()) {
                    job.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LongAdder ran = new LongAdder();
        long expected = 0L;
        boolean allRoundsRan = false;
        MoiraiRuntime runtime = MoiraiRuntime.builder()
                .parallelism(parallelism)
                .blockingConcurrency(4)
                .threadNamePrefix(prefix)
                .build();
        try {
            for (int round = 0; round < rounds; round++) {
                Conditions.await(context + ": every worker parked before round " + round,
                        () -> allParked(runtime.snapshot(), parallelism), runtime::toString);
                Burst burst = Burst.values()[random.nextInt(Burst.values().length)];
                int size = round % 2 == 0 ? 1 : 1 + random.nextInt(32);
                Round r = new Round(runtime, ran, virtualThreads, burst, size);
                r.start(secondSubmitterJobs, random);
                Conditions.await(context + ": round " + round + " (" + burst + " of " + size + ")", r.done,
                        () -> "lost wake-up? " + runtime.snapshot());
                expected += r.tasks;
            }
            allRoundsRan = true;
        } finally {
            secondSubmitterJobs.add(STOP);
            if (allRoundsRan) {
                runtime.shutdown();
            } else {
                runtime.shutdownNow(); // a failed round must not leave the runtime's threads running
            }
        }
        Conditions.join(secondSubmitter, runtime::toString);
        RuntimeSnapshot end = Termination.awaitAndClose(runtime, prefix, virtualThreads);
        assertThat(ran.sum()).as("%s: tasks run", context).isEqualTo(expected);
        assertThat(end.submitted()).as("%s: submitted", context).isEqualTo(expected);
        assertThat(end.completed()).as("%s: completed", context).isEqualTo(expected);
        System.out.printf("  wake-up %s: %d tasks, %d parks, %d steals%n", context, expected, end.parks(), end.steals());
    }

    private static final Runnable STOP = () -> { };

    static boolean allParked(RuntimeSnapshot s, int parallelism) {
        if (s.active() != 0L || s.queued() != 0L || s.workers().size() != parallelism) {
            return false;
        }
        for (RuntimeSnapshot.WorkerSnapshot worker : s.workers()) {
            if (worker.state() != RuntimeSnapshot.WorkerState.PARKED) {
                return false;
            }
        }
        return true;
    }

    /** One burst and the latch its tasks count down. */
    private static final class Round {
        final MoiraiRuntime runtime;
        final LongAdder ran;
        final Set<Thread> virtualThreads;
        final Burst burst;
        final int size;
        final int tasks;
        final CountDownLatch done;

        Round(MoiraiRuntime runtime, LongAdder ran, Set<Thread> virtualThreads, Burst burst, int size) {
            this.runtime = runtime;
            this.ran = ran;
            this.virtualThreads = virtualThreads;
            this.burst = burst;
            this.size = size;
            this.tasks = switch (burst) {
                case EXTERNAL, FROM_TIMER -> size;
                case TWO_SUBMITTERS -> 2 * size;
                case FROM_TASK, FORK_JOIN, FROM_BLOCKING -> size + 1;
            };
            this.done = new CountDownLatch(tasks);
        }

        void start(BlockingQueue<Runnable> secondSubmitter, SplittableRandom random) {
            switch (burst) {
                case EXTERNAL -> submitLeaves();
                case TWO_SUBMITTERS -> {
                    CountDownLatch go = new CountDownLatch(1);
                    secondSubmitter.add(() -> {
                        go.countDown();
                        submitLeaves();
                    });
                    go.countDown();
                    submitLeaves();
                }
                case FROM_TIMER -> {
                    for (int i = 0; i < size; i++) {
                        runtime.schedule(this::leaf, random.nextInt(50), TimeUnit.MICROSECONDS);
                    }
                }
                case FROM_TASK -> runtime.execute(() -> {
                    submitLeaves();
                    leaf();
                });
                case FORK_JOIN -> runtime.spawn(() -> {
                    List<TaskHandle<Integer>> children = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        children.add(runtime.spawn(() -> {
                            leaf();
                            return 1;
                        }));
                    }
                    int sum = 0;
                    for (TaskHandle<Integer> child : children) {
                        sum += child.join();
                    }
                    leaf();
                    return sum;
                });
                case FROM_BLOCKING -> runtime.spawnBlocking(() -> {
                    virtualThreads.add(Thread.currentThread());
                    submitLeaves();
                    leaf();
                    return null;
                });
            }
        }

        private void submitLeaves() {
            for (int i = 0; i < size; i++) {
                runtime.execute(this::leaf);
            }
        }

        private void leaf() {
            ran.increment();
            done.countDown();
        }
    }
}
