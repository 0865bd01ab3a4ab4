package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The control operations under load: {@code reconfigure} growing and shrinking both lanes again
 * and again, and {@code pause}/{@code resume}, while three threads submit and tasks fork and join
 * children. Nothing is cancelled and nothing may be rejected, so every task submitted must run
 * exactly once and the runtime's counts must equal the test's: completed, failed (the planned
 * failures), and nothing else.
 *
 * <p>The controllers pace themselves on progress, never on time: after each change they wait until
 * a number of tasks has run (or, while paused, until submissions have piled up in the queues).
 */
final class ControlScenario {

    enum Mode { RECONFIGURE, PAUSE_RESUME, BOTH, END_PAUSED }

    private static final int SUBMITTERS = 3;
    private static final int STEP = 500;
    private static final int CAPACITY = 512;

    private ControlScenario() {
    }

    static void run(Mode mode, long tasks, long seed) throws InterruptedException {
        new Run(mode, tasks, seed).run();
    }

    private static final class Run {
        final Mode mode;
        final long tasks;
        final long seed;
        final String context;
        final String prefix;
        final MoiraiRuntime runtime;
        final LongAdder attempts = new LongAdder();
        final LongAdder runs = new LongAdder();
        final LongAdder returned = new LongAdder();
        final LongAdder threw = new LongAdder();
        final LongAdder uncaught = new LongAdder();
        final AtomicInteger blockingRunning = new AtomicInteger();
        final AtomicInteger blockingPeak = new AtomicInteger();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final Set<Thread> virtualThreads = ConcurrentHashMap.newKeySet();
        final AtomicBoolean submittersDone = new AtomicBoolean();
        final LongAdder changes = new LongAdder();
        volatile int maxBlockingConfigured = 8;

        Run(Mode mode, long tasks, long seed) {
            this.mode = mode;
            this.tasks = tasks;
            this.seed = seed;
            this.context = mode + " (seed " + seed + ", " + tasks + " tasks)";
            this.prefix = RuntimeThreads.uniquePrefix("control");
            MoiraiRuntime.Builder builder = MoiraiRuntime.builder()
                    .parallelism(2)
                    .blockingConcurrency(8)
                    .threadNamePrefix(prefix)
                    .uncaughtExceptionHandler((thread, failure) -> {
                        if (failure instanceof StressFailure) {
                            uncaught.increment();
                        } else {
                            unexpected.add(failure);
                        }
                    });
            if (mode == Mode.PAUSE_RESUME || mode == Mode.END_PAUSED) {
                // while paused the queues fill up and submitters wait for space; none may give up
                builder.queueCapacity(CAPACITY).rejectionPolicy(RejectionPolicy.BLOCK)
                        .blockTimeout(Conditions.hangBound());
            }
            this.runtime = builder.build();
        }

        void run() throws InterruptedException {
            try {
                load();
            } finally {
                if (!runtime.isTerminated()) {
                    runtime.shutdownNow(); // a failed check must not leave the runtime's threads running
                }
            }
        }

        private void load() throws InterruptedException {
            SplittableRandom random = new SplittableRandom(seed);
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < SUBMITTERS; i++) {
                long quota = tasks / SUBMITTERS + (i < tasks % SUBMITTERS ? 1 : 0);
                long submitterSeed = random.nextLong();
                submitters.add(Thread.ofPlatform().name("stress-control-submitter-" + i)
                        .start(() -> submit(quota, new SplittableRandom(submitterSeed))));
            }
            List<Thread> controllers = new ArrayList<>();
            long controllerSeed = random.nextLong();
            if (mode != Mode.PAUSE_RESUME && mode != Mode.END_PAUSED) {
                controllers.add(Thread.ofPlatform().name("stress-control-reconfigure")
                        .start(() -> reconfigureUntilDone(new SplittableRandom(controllerSeed))));
            }
            if (mode != Mode.RECONFIGURE) {
                controllers.add(Thread.ofPlatform().name("stress-control-pause").start(this::pauseAndResumeUntilDone));
            }
            for (Thread submitter : submitters) {
                Conditions.join(submitter, runtime::toString);
            }
            submittersDone.set(true);
            for (Thread controller : controllers) {
                Conditions.join(controller, runtime::toString);
            }
            finish();
        }

        private void submit(long quota, SplittableRandom random) {
            for (long i = 0; i < quota; i++) {
                Work work = new Work(this, random.nextInt(100));
                attempts.increment();
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> runtime.execute(work);
                        case 1 -> runtime.spawn((Callable<Integer>) work);
                        case 2 -> runtime.spawnBlocking(work);
                        default -> runtime.schedule((Callable<Integer>) work, random.nextInt(500), TimeUnit.MICROSECONDS);
                    }
                } catch (Throwable failure) {
                    unexpected.add(failure);
                }
            }
        }

        private void reconfigureUntilDone(SplittableRandom random) {
            try {
                while (!allEnded()) {
                    int parallelism = 1 + random.nextInt(6);
                    int blocking = 1 + random.nextInt(32);
                    maxBlockingConfigured = Math.max(maxBlockingConfigured, blocking);
                    runtime.reconfigure(parallelism, blocking);
                    changes.increment();
                    RuntimeSnapshot s = runtime.snapshot();
                    assertThat(s.parallelism()).as("%s: parallelism right after reconfigure", context)
                            .isEqualTo(parallelism);
                    assertThat(s.blockingConcurrency()).as("%s: blockingConcurrency right after reconfigure", context)
                            .isEqualTo(blocking);
                    awaitProgress();
                }
            } catch (Throwable failure) {
                unexpected.add(failure);
            }
        }

        private void pauseAndResumeUntilDone() {
            try {
                while (!allEnded()) {
                    runtime.pause();
                    changes.increment();
                    assertThat(runtime.isPaused()).as("%s: isPaused after pause", context).isTrue();
                    assertThat(runtime.snapshot().state()).as("%s: state after pause", context)
                            .isEqualTo(RuntimeState.PAUSED);
                    Conditions.await(context + ": submissions piling up while paused",
                            () -> runtime.snapshot().queued() >= CAPACITY / 2 || submittersDone.get(),
                            runtime::toString);
                    if (mode == Mode.END_PAUSED && submittersDone.get()) {
                        return; // shut down while paused: shutdown must lift the pause
                    }
                    runtime.resume();
                    assertThat(runtime.isPaused()).as("%s: isPaused after resume", context).isFalse();
                    awaitProgress();
                }
            } catch (Throwable failure) {
                unexpected.add(failure);
            }
        }

        private void awaitProgress() {
            long target = runs.sum() + STEP;
            Conditions.await(context + ": progress", () -> runs.sum() >= target || allEnded(), runtime::toString);
        }

        /** Every task submitted so far has ended, and no more will come: a parent ends after its children. */
        private boolean allEnded() {
            return submittersDone.get() && returned.sum() + threw.sum() == attempts.sum();
        }

        private void finish() throws InterruptedException {
            if (mode == Mode.END_PAUSED) {
                runtime.pause();
            } else {
                runtime.resume();
                int parallelism = 3;
                runtime.reconfigure(parallelism, 5);
                Conditions.await(context + ": every submitted task ended",
                        () -> ended(runtime.snapshot()), runtime::toString);
                Conditions.await(context + ": the CPU lane back to " + parallelism + " workers",
                        () -> runtime.snapshot().workers().size() == parallelism, runtime::toString);
                assertThat(runtime.snapshot().workers().stream().map(RuntimeSnapshot.WorkerSnapshot::name).distinct())
                        .as("%s: worker names", context).hasSize(parallelism);
            }
            runtime.shutdown();
            RuntimeSnapshot end = Termination.awaitAndClose(runtime, prefix, virtualThreads);
            System.out.printf("  control %s: submitted=%d completed=%d failed=%d, %d reconfigurations and pauses,"
                    + " blocking peak %d%n", context, end.submitted(), end.completed(), end.failed(), changes.sum(),
                    blockingPeak.get());
            assertThat(unexpected).as("%s: unexpected exceptions", context).isEmpty();
            assertThat(end.submitted()).as("%s: submitted, runtime vs test", context).isEqualTo(attempts.sum());
            assertThat(runs.sum()).as("%s: runs (each task exactly once)", context).isEqualTo(attempts.sum());
            assertThat(end.completed()).as("%s: completed, runtime vs test", context).isEqualTo(returned.sum());
            assertThat(end.failed()).as("%s: failed, runtime vs test", context).isEqualTo(threw.sum());
            assertThat(end.cancelled() + end.rejected() + end.neverStarted())
                    .as("%s: cancelled + rejected + neverStarted", context).isZero();
            assertThat(blockingPeak.get()).as("%s: blocking tasks running at once", context)
                    .isLessThanOrEqualTo(maxBlockingConfigured);
        }

        private static boolean ended(RuntimeSnapshot s) {
            return s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted() == s.submitted();
        }
    }

    /** Completes, throws, or forks two to four children and joins them. */
    private static final class Work implements Callable<Integer>, Runnable {
        private static final ThreadLocal<Boolean> RUNNING_HERE = ThreadLocal.withInitial(() -> false);

        private final Run run;
        private final int kind;

        Work(Run run, int kind) {
            this.run = run;
            this.kind = kind;
        }

        @Override
        public Integer call() {
            run.runs.increment();
            Thread me = Thread.currentThread();
            // a task run inline by a submitting blocking task (BLOCK policy, full lane) is not another permit
            boolean blocking = me.isVirtual() && me.getName().startsWith(run.prefix) && !RUNNING_HERE.get();
            if (blocking) {
                RUNNING_HERE.set(true);
                run.virtualThreads.add(me);
                run.blockingPeak.accumulateAndGet(run.blockingRunning.incrementAndGet(), Math::max);
            }
            try {
                if (kind < 10) {
                    run.threw.increment();
                    throw new StressFailure("planned failure");
                }
                int result = kind < 95 ? kind * 31 : forkAndJoin();
                run.returned.increment();
                return result;
            } finally {
                if (blocking) {
                    run.blockingRunning.decrementAndGet();
                    RUNNING_HERE.set(false);
                }
            }
        }

        @Override
        public void run() {
            call();
        }

        private int forkAndJoin() {
            int n = 2 + ThreadLocalRandom.current().nextInt(3);
            List<TaskHandle<Integer>> children = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                run.attempts.increment();
                children.add(run.runtime.spawn((Callable<Integer>) new Work(run, 10 + ThreadLocalRandom.current().nextInt(85))));
            }
            int sum = 0;
            for (TaskHandle<Integer> child : children) {
                try {
                    sum += child.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while joining a child", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a child failed", e);
                }
            }
            return sum;
        }
    }
}
