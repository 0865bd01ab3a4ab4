package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.Priority;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many tasks from several threads through every submission method, ending every possible way,
 * with a shutdown (or {@code shutdownNow}) in the middle; then every outcome is counted three
 * times (by the test from the handles it holds, by the runtime's snapshot, by a listener) and the
 * counts must agree.
 *
 * <h2>How the test knows each outcome</h2>
 * Every task is a {@link Work}, which records whether it ran and how it ended. A task with a
 * handle ends as its handle says (completed, failed, cancelled, or rejected when evicted by
 * {@code DISCARD_OLDEST}); a submission that throws {@link RejectedExecutionException} is a
 * rejection; whatever {@code shutdownNow} returns never started. A task given to
 * {@code execute} has no handle: it ran (completed or failed) or was returned by
 * {@code shutdownNow}, or else it <em>vanished</em>, which only an eviction (counted as rejected)
 * or a start refused after {@code shutdownNow} (counted as cancelled) may explain; the checks
 * allow vanishing exactly where one of the two can happen.
 *
 * <p>One runtime moves at most {@value #MAX_TASKS_PER_RUNTIME} tasks: each variant is a series of
 * runtimes (10 by default, 100 in the long profile), so every run races the shutdown against the
 * submitters many times, and the handles held at once stay bounded.
 */
final class OutcomeScenario {

    static final int MAX_TASKS_PER_RUNTIME = 10_000;
    private static final int SUBMITTERS = 4;
    private static final int RECENT = 256;

    /**
     * One configuration of the runtime and of the shutdown.
     *
     * @param queueCapacity 0 for unbounded
     */
    record Variant(String name, int parallelism, int blockingConcurrency, int queueCapacity, RejectionPolicy policy,
                   boolean shutdownNow, boolean listener) {

        boolean mayEvict() {
            return queueCapacity > 0 && policy == RejectionPolicy.DISCARD_OLDEST;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every rejection policy, bounded and not, each ended by shutdown and by shutdownNow. */
    static List<Variant> variants() {
        return List.of(
                new Variant("unbounded-shutdown", 2, 64, 0, RejectionPolicy.ABORT, false, true),
                new Variant("unbounded-shutdownNow", 4, 16, 0, RejectionPolicy.ABORT, true, false),
                new Variant("abort-shutdown", 2, 32, 256, RejectionPolicy.ABORT, false, false),
                new Variant("abort-shutdownNow", 3, 8, 1024, RejectionPolicy.ABORT, true, true),
                new Variant("callerRuns-shutdown", 1, 4, 64, RejectionPolicy.CALLER_RUNS, false, true),
                new Variant("callerRuns-shutdownNow", 2, 32, 512, RejectionPolicy.CALLER_RUNS, true, false),
                new Variant("block-shutdown", 2, 8, 128, RejectionPolicy.BLOCK, false, false),
                new Variant("block-shutdownNow", 4, 64, 256, RejectionPolicy.BLOCK, true, true),
                new Variant("discardOldest-shutdown", 2, 16, 128, RejectionPolicy.DISCARD_OLDEST, false, true),
                new Variant("discardOldest-shutdownNow", 1, 4, 64, RejectionPolicy.DISCARD_OLDEST, true, false));
    }

    private OutcomeScenario() {
    }

    /** Moves {@code tasks} tasks through runtimes of the given variant. */
    static void run(Variant variant, long tasks, long seed) throws InterruptedException {
        int runtimes = (int) Math.max(1L, (tasks + MAX_TASKS_PER_RUNTIME - 1) / MAX_TASKS_PER_RUNTIME);
        SplittableRandom random = new SplittableRandom(seed);
        long[] totals = new long[8];
        for (int i = 0; i < runtimes; i++) {
            long share = tasks / runtimes + (i < tasks % runtimes ? 1 : 0);
            long[] counts = new Round(variant, share, random.nextLong()).run();
            for (int k = 0; k < totals.length; k++) {
                totals[k] += counts[k];
            }
        }
        System.out.printf("  %s, %d runtimes: submitted=%d completed=%d failed=%d cancelled=%d rejected=%d"
                        + " neverStarted=%d (execute tasks vanished=%d, periodic runs=%d)%n", variant, runtimes,
                totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[7]);
    }

    /** One runtime's life: build, load, shut down in the middle, terminate, count. */
    private static final class Round {

        final Variant variant;
        final long tasks;
        final long seed;
        final String context;
        final String prefix;
        final CountingListener listener;
        final MoiraiRuntime runtime;
        final LongAdder attempts = new LongAdder();
        final LongAdder rejectedAtSubmit = new LongAdder();
        final LongAdder uncaughtStressFailures = new LongAdder();
        final LongAdder periodicRuns = new LongAdder();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final Queue<Work> children = new ConcurrentLinkedQueue<>();
        final Queue<Future<?>> periodic = new ConcurrentLinkedQueue<>();
        final Set<Thread> virtualThreads = ConcurrentHashMap.newKeySet();
        final AtomicLong submittedSoFar = new AtomicLong();
        final CountDownLatch shutdownPoint = new CountDownLatch(1);
        final long shutdownAt;

        Round(Variant variant, long tasks, long seed) {
            this.variant = variant;
            this.tasks = tasks;
            this.seed = seed;
            this.context = variant + " (seed " + seed + ", " + tasks + " tasks)";
            this.prefix = RuntimeThreads.uniquePrefix("outcome");
            this.listener = variant.listener() ? new CountingListener() : null;
            this.shutdownAt = Math.max(1L, (long) (tasks * (0.6 + new SplittableRandom(seed).nextDouble() * 0.35)));
            MoiraiRuntime.Builder builder = MoiraiRuntime.builder()
                    .parallelism(variant.parallelism())
                    .blockingConcurrency(variant.blockingConcurrency())
                    .rejectionPolicy(variant.policy())
                    .blockTimeout(Duration.ofSeconds(1))
                    .threadNamePrefix(prefix)
                    .uncaughtExceptionHandler((thread, failure) -> {
                        if (failure instanceof StressFailure) {
                            uncaughtStressFailures.increment();
                        } else {
                            unexpected.add(failure);
                        }
                    });
            if (variant.queueCapacity() > 0) {
                builder.queueCapacity(variant.queueCapacity());
            }
            if (listener != null) {
                builder.listener(listener);
            }
            this.runtime = builder.build();
        }

        /** Returns the final counts: submitted, the five outcomes, vanished, periodic runs. */
        long[] run() throws InterruptedException {
            try {
                return load();
            } finally {
                if (!runtime.isTerminated()) {
                    runtime.shutdownNow(); // a failed check must not leave the runtime's threads running
                }
            }
        }

        private long[] load() throws InterruptedException {
            SplittableRandom random = new SplittableRandom(seed);
            List<List<Work>> ledgers = new ArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < SUBMITTERS; i++) {
                long quota = tasks / SUBMITTERS + (i < tasks % SUBMITTERS ? 1 : 0);
                List<Work> ledger = new ArrayList<>((int) quota);
                ledgers.add(ledger);
                long submitterSeed = random.nextLong();
                submitters.add(Thread.ofPlatform().name("stress-submitter-" + i)
                        .start(() -> submit(quota, new SplittableRandom(submitterSeed), ledger)));
            }
            Conditions.await("the shutdown point of " + context, shutdownPoint, runtime::toString);
            List<Runnable> returned;
            if (variant.shutdownNow()) {
                returned = runtime.shutdownNow();
            } else {
                runtime.shutdown();
                returned = List.of();
            }
            assertThat(runtime.isShutdown()).isTrue();
            attempts.increment();
            assertThatThrownBy(() -> runtime.execute(() -> { }))
                    .as("%s: execute from outside after shutdown", context)
                    .isInstanceOf(RejectedExecutionException.class);
            rejectedAtSubmit.increment();
            for (Thread submitter : submitters) {
                Conditions.join(submitter, runtime::toString);
            }
            RuntimeSnapshot end = Termination.awaitAndClose(runtime, prefix, virtualThreads);
            Tally tally = count(ledgers, returned);
            check(end, tally);
            runReturned(returned);
            return new long[] {end.submitted(), end.completed(), end.failed(), end.cancelled(), end.rejected(),
                    end.neverStarted(), tally.vanished, periodicRuns.sum()};
        }

        /** One submitter: its share of tasks, a random method each, and random cancellations. */
        private void submit(long quota, SplittableRandom random, List<Work> ledger) {
            schedulePeriodic(random);
            for (long i = 0; i < quota; i++) {
                Work work = new Work(this, Work.kind(random.nextInt(100), true), random.nextInt());
                attempts.increment();
                try {
                    work.handle = submitOne(work, random);
                    ledger.add(work);
                } catch (RejectedExecutionException rejected) {
                    rejectedAtSubmit.increment();
                } catch (Throwable failure) {
                    unexpected.add(failure);
                }
                if (submittedSoFar.incrementAndGet() == shutdownAt) {
                    shutdownPoint.countDown();
                }
                if (random.nextInt(100) < 5 && !ledger.isEmpty()) {
                    Work victim = ledger.get(ledger.size() - 1 - random.nextInt(Math.min(ledger.size(), RECENT)));
                    if (victim.handle != null) {
                        victim.handle.cancel(random.nextBoolean());
                    }
                }
                if (i == quota / 3 && random.nextBoolean()) {
                    Future<?> first = periodic.peek();
                    if (first != null) {
                        first.cancel(random.nextBoolean());
                    }
                }
            }
        }

        private Future<?> submitOne(Work work, SplittableRandom random) {
            int method = random.nextInt(100);
            if (method < 18) {
                runtime.execute(work);
                return null;
            } else if (method < 40) {
                return runtime.spawn((Callable<Integer>) work);
            } else if (method < 48) {
                return runtime.submit((Callable<Integer>) work);
            } else if (method < 55) {
                return runtime.submit((Runnable) work);
            } else if (method < 70) {
                return runtime.spawnBlocking(work);
            } else if (method < 80) {
                return runtime.schedule((Callable<Integer>) work, random.nextInt(1_500), TimeUnit.MICROSECONDS);
            } else if (method < 85) {
                TaskOptions options = TaskOptions.named("deadline")
                        .withLane(random.nextBoolean() ? Lane.CPU : Lane.BLOCKING)
                        .withPriority(Priority.values()[random.nextInt(3)])
                        .withDeadlineIn(Duration.ofNanos(random.nextLong(500_000L)));
                return runtime.spawn(work, options);
            } else {
                TaskOptions options = TaskOptions.named("prioritised")
                        .withLane(random.nextInt(4) == 0 ? Lane.BLOCKING : Lane.CPU)
                        .withPriority(random.nextBoolean() ? Priority.HIGH : Priority.LOW);
                return runtime.spawn(work, options);
            }
        }

        private void schedulePeriodic(SplittableRandom random) {
            for (int i = 0; i < 2; i++) {
                Runnable tick = new PeriodicWork(periodicRuns, random.nextBoolean() ? 0 : 5 + random.nextInt(50));
                attempts.increment();
                try {
                    periodic.add(i == 0
                            ? runtime.scheduleAtFixedRate(tick, 0L, 300L, TimeUnit.MICROSECONDS)
                            : runtime.scheduleWithFixedDelay(tick, 100L, 500L, TimeUnit.MICROSECONDS));
                } catch (RejectedExecutionException rejected) {
                    rejectedAtSubmit.increment();
                }
            }
        }

        /** Classifies every task the test knows of. */
        private Tally count(List<List<Work>> ledgers, List<Runnable> returned) {
            Set<Object> unclaimed = Collections.newSetFromMap(new IdentityHashMap<>());
            unclaimed.addAll(returned);
            assertThat(unclaimed).as("%s: shutdownNow's list holds no task twice", context).hasSize(returned.size());
            Tally tally = new Tally();
            tally.submitted = attempts.sum();
            tally.rejected = rejectedAtSubmit.sum();
            for (List<Work> ledger : ledgers) {
                ledger.forEach(work -> tally.add(work, unclaimed));
            }
            children.forEach(work -> tally.add(work, unclaimed));
            for (Future<?> handle : periodic) {
                if (unclaimed.remove(handle)) {
                    tally.neverStarted++;
                } else {
                    tally.addHandle(handle, null);
                }
            }
            tally.strangers = unclaimed.size();
            return tally;
        }

        private void check(RuntimeSnapshot s, Tally t) {
            assertThat(unexpected).as("%s: unexpected exceptions", context).isEmpty();
            assertThat(t.notEnded).as("%s: handles that neither ended nor were returned by shutdownNow", context)
                    .isEmpty();
            assertThat(t.strangers).as("%s: tasks in shutdownNow's list the test never submitted", context).isZero();
            assertThat(t.inconsistent).as("%s: handles whose state contradicts what their task did", context)
                    .isEmpty();
            assertThat(t.ranTwice).as("%s: tasks run more than once", context).isZero();
            assertThat(s.submitted()).as("%s: submitted, runtime vs test", context).isEqualTo(t.submitted);
            assertThat(s.completed()).as("%s: completed, runtime vs test", context).isEqualTo(t.completed);
            assertThat(s.failed()).as("%s: failed, runtime vs test", context).isEqualTo(t.failed);
            assertThat(s.neverStarted()).as("%s: neverStarted, runtime vs test", context).isEqualTo(t.neverStarted);
            assertThat(s.cancelled() + s.rejected())
                    .as("%s: cancelled + rejected, runtime vs test (%d of the test's tasks vanished)", context, t.vanished)
                    .isEqualTo(t.cancelled + t.rejected + t.vanished);
            if (!variant.shutdownNow()) {
                assertThat(s.cancelled()).as("%s: cancelled, runtime vs test", context).isEqualTo(t.cancelled);
            }
            if (!variant.mayEvict()) {
                assertThat(s.rejected()).as("%s: rejected, runtime vs test", context).isEqualTo(t.rejected);
            }
            assertThat(uncaughtStressFailures.sum()).as("%s: failures of execute tasks reported as uncaught", context)
                    .isEqualTo(t.executeFailures);
            if (!variant.shutdownNow()) {
                assertThat(t.leakedInterrupts).as("%s: tasks that started with a stale interrupt", context).isZero();
            }
            if (listener != null) {
                checkListener(s);
            }
        }

        private void checkListener(RuntimeSnapshot s) {
            String counts = listener.toString();
            assertThat(listener.finished(TaskOutcome.FAILED)).as("%s: %s", context, counts).isEqualTo(s.failed());
            assertThat(listener.finished(TaskOutcome.CANCELLED)).as("%s: %s", context, counts).isEqualTo(s.cancelled());
            assertThat(listener.finished(TaskOutcome.REJECTED)).as("%s: %s", context, counts).isEqualTo(s.rejected());
            assertThat(listener.finished(TaskOutcome.NEVER_STARTED)).as("%s: %s", context, counts)
                    .isEqualTo(s.neverStarted());
            // each normal run of a periodic task is reported COMPLETED too, without ending the task
            assertThat(listener.finished(TaskOutcome.COMPLETED)).as("%s: %s", context, counts)
                    .isBetween(s.completed(), s.completed() + periodicRuns.sum());
            assertThat(listener.rejectedEvents()).as("%s: TaskRejected events", context).isEqualTo(s.rejected());
            assertThat(listener.stoppedEvents()).as("%s: Stopped events", context).isOne();
            // submissions from outside go on being rejected (and counted) after termination
            RuntimeEvent.Stopped stopped = listener.stopped();
            assertThat(List.of(stopped.completed(), stopped.failed(), stopped.cancelled(), stopped.neverStarted()))
                    .as("%s: the Stopped event's counts against the final snapshot", context)
                    .containsExactly(s.completed(), s.failed(), s.cancelled(), s.neverStarted());
            assertThat(stopped.rejected()).as("%s: the Stopped event's rejections", context)
                    .isLessThanOrEqualTo(s.rejected());
        }

        /** shutdownNow's tasks are the caller's to run: each runs once and its handle completes. */
        private void runReturned(List<Runnable> returned) {
            for (Runnable task : returned) {
                try {
                    task.run();
                } catch (StressFailure expected) {
                    // the task's own planned failure
                }
                if (task instanceof Future<?> handle) {
                    assertThat(handle.isDone()).as("%s: a returned task's handle after running it", context).isTrue();
                }
            }
        }
    }

    /** The test's own count of outcomes. */
    private static final class Tally {
        long submitted;
        long completed;
        long failed;
        long cancelled;
        long rejected;
        long neverStarted;
        long vanished;
        long executeFailures;
        long leakedInterrupts;
        long ranTwice;
        int strangers;
        final List<String> notEnded = new ArrayList<>();
        final List<String> inconsistent = new ArrayList<>();

        void add(Work work, Set<Object> unclaimed) {
            if (work.runs > 1) {
                ranTwice++;
            }
            Object queued = work.handle != null ? work.handle : work;
            if (unclaimed.remove(queued)) {
                neverStarted++;
                if (work.ran != Work.NOT_RUN) {
                    inconsistent.add("returned by shutdownNow but ran: " + queued);
                }
                return;
            }
            if (work.handle == null) {
                switch (work.ran) {
                    case Work.RETURNED -> completed++;
                    case Work.THREW -> {
                        failed++;
                        executeFailures++;
                    }
                    default -> vanished++;
                }
                if (work.interruptedAtStart) {
                    leakedInterrupts++;
                }
            } else {
                addHandle(work.handle, work);
            }
        }

        void addHandle(Future<?> handle, Work work) {
            switch (handle.state()) {
                case SUCCESS -> {
                    completed++;
                    if (work != null && work.ran != Work.RETURNED) {
                        inconsistent.add("completed but its task did not return: " + handle);
                    }
                }
                case FAILED -> {
                    if (handle.exceptionNow() instanceof RejectedExecutionException) {
                        rejected++;
                        if (work != null && work.ran != Work.NOT_RUN) {
                            inconsistent.add("rejected but ran: " + handle);
                        }
                    } else {
                        failed++;
                        if (work != null && work.ran != Work.THREW) {
                            inconsistent.add("failed but its task did not throw: " + handle);
                        }
                    }
                }
                case CANCELLED -> cancelled++;
                case RUNNING -> {
                    if (notEnded.size() < 20) {
                        notEnded.add(handle.toString());
                    }
                }
            }
            if (work != null && work.interruptedAtStart && !handle.isCancelled()) {
                leakedInterrupts++;
            }
        }
    }

    /**
     * A task of the stress: completes, throws, spins until interrupted, or spawns a child from
     * inside the runtime. Remembers whether (and how often) it ran and how it ended.
     */
    static final class Work implements Callable<Integer>, Runnable {

        static final int NOT_RUN = 0;
        static final int RETURNED = 1;
        static final int THREW = 2;

        private static final AtomicIntegerFieldUpdater<Work> RUNS =
                AtomicIntegerFieldUpdater.newUpdater(Work.class, "runs");

        enum Kind { COMPLETE, THROW, SPIN, SPAWN }

        private final Round round;
        private final Kind kind;
        private final int value;
        /** Set by the submitting thread after submission; read after termination. */
        Future<?> handle;
        volatile int runs;
        volatile int ran;
        volatile boolean interruptedAtStart;

        Work(Round round, Kind kind, int value) {
            this.round = round;
            this.kind = kind;
            this.value = value;
        }

        static Kind kind(int percent, boolean mayNest) {
            if (percent < 72) {
                return Kind.COMPLETE;
            } else if (percent < 84) {
                return Kind.THROW;
            } else if (percent < 92) {
                return Kind.SPIN;
            }
            return mayNest ? Kind.SPAWN : Kind.COMPLETE;
        }

        @Override
        public Integer call() {
            Thread me = Thread.currentThread();
            RUNS.incrementAndGet(this);
            if (me.isInterrupted()) {
                interruptedAtStart = true;
            }
            if (me.isVirtual() && me.getName().startsWith(round.prefix)) {
                round.virtualThreads.add(me);
            }
            try {
                int result = switch (kind) {
                    case COMPLETE -> mix(value);
                    case THROW -> throw new StressFailure("planned failure");
                    case SPIN -> spin(me);
                    case SPAWN -> spawnChild();
                };
                ran = RETURNED;
                return result;
            } catch (RuntimeException | Error failure) {
                ran = THREW;
                throw failure;
            }
        }

        @Override
        public void run() {
            call();
        }

        private static int mix(int x) {
            for (int i = 0; i < 16; i++) {
                x = x * 0x9E3779B1 + i;
            }
            return x;
        }

        /** Busy for a few microseconds, long enough to be cancelled with an interrupt while running. */
        private int spin(Thread me) {
            int iterations = 256 + (value & 0xFFF);
            for (int i = 0; i < iterations; i++) {
                if ((i & 31) == 0 && me.isInterrupted()) {
                    throw new StressFailure("interrupted while spinning");
                }
                Thread.onSpinWait();
            }
            return iterations;
        }

        /** Submits from inside the runtime, where submissions are still accepted after shutdown. */
        private int spawnChild() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            MoiraiRuntime runtime = round.runtime;
            Work child = new Work(round, kind(random.nextInt(100), false), random.nextInt());
            round.attempts.increment();
            try {
                switch (random.nextInt(4)) {
                    case 0 -> child.handle = runtime.spawn((Callable<Integer>) child);
                    case 1 -> child.handle = runtime.spawnBlocking(child);
                    case 2 -> runtime.execute(child);
                    default -> child.handle = runtime.schedule((Callable<Integer>) child, random.nextInt(200),
                            TimeUnit.MICROSECONDS);
                }
                round.children.add(child);
            } catch (RejectedExecutionException rejected) {
                round.rejectedAtSubmit.increment();
            }
            return 0;
        }
    }

    /** A periodic task: counts its runs and, if told to, throws on its n-th run, which ends it. */
    private static final class PeriodicWork implements Runnable {
        private final LongAdder runs;
        private final int failOnRun;
        private int count;

        PeriodicWork(LongAdder runs, int failOnRun) {
            this.runs = runs;
            this.failOnRun = failOnRun;
        }

        @Override
        public void run() {
            if (++count == failOnRun) {
                throw new StressFailure("planned periodic failure");
            }
            runs.increment();
        }
    }
}
