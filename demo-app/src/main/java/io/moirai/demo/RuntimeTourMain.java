package io.moirai.demo;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short tour of the Moirai runtime: one runtime, its three ways of running work, and the
 * snapshot that accounts for every task.
 *
 * <ol>
 *   <li><b>CPU lane</b>: a recursive fork/join Fibonacci. Each step spawns one half and computes
 *       the other; {@link TaskHandle#join()} on a CPU worker runs other queued work while it
 *       waits, so the recursion cannot deadlock on two workers.
 *   <li><b>Blocking lane</b>: {@value #BLOCKING_TASKS} tasks that each sleep
 *       {@value #BLOCKING_SLEEP_MS} ms on virtual threads, at most {@value #BLOCKING_PERMITS} at
 *       a time; the CPU workers are never held up by them.
 *   <li><b>Timer</b>: one task scheduled {@value #TIMER_DELAY_MS} ms ahead.
 * </ol>
 *
 * <p>Run it from the repository root (the build finds a JDK 25 and runs the tour on it):
 *
 * <pre>{@code ./mvnw -q -Prun -pl demo-app -am -DskipTests package}</pre>
 */
public final class RuntimeTourMain {

    private static final int CPU_WORKERS = 2;
    private static final int BLOCKING_PERMITS = 64;
    private static final int FIB_N = 35;
    /** Below this the recursion runs sequentially: a task must be worth more than its overhead. */
    private static final int FIB_SEQUENTIAL_BELOW = 20;
    private static final int BLOCKING_TASKS = 200;
    private static final int BLOCKING_SLEEP_MS = 20;
    private static final int TIMER_DELAY_MS = 100;

    private RuntimeTourMain() {
    }

    /**
     * Runs the tour and prints what each step did.
     *
     * @param args ignored
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        MoiraiRuntime runtime = MoiraiRuntime.builder()
                .parallelism(CPU_WORKERS)
                .blockingConcurrency(BLOCKING_PERMITS)
                .build();
        System.out.printf("Moirai runtime tour on Java %s%n", Runtime.version());
        try (runtime) {
            forkJoin(runtime);
            blockingLane(runtime);
            timer(runtime);
        }
        printTotals(runtime.snapshot());
    }

    private static void forkJoin(MoiraiRuntime runtime) {
        long start = System.nanoTime();
        TaskHandle<Long> fib = runtime.spawn(() -> fib(runtime, FIB_N));
        long value = fib.join();
        System.out.printf("CPU lane:      fib(%d) = %d by fork/join on %d workers in %d ms%n",
                FIB_N, value, CPU_WORKERS, millisSince(start));
    }

    private static long fib(MoiraiRuntime runtime, int n) {
        if (n < FIB_SEQUENTIAL_BELOW) {
            return sequentialFib(n);
        }
        TaskHandle<Long> left = runtime.spawn(() -> fib(runtime, n - 1));
        long right = fib(runtime, n - 2);
        return left.join() + right;
    }

    private static long sequentialFib(int n) {
        return n < 2 ? n : sequentialFib(n - 1) + sequentialFib(n - 2);
    }

    private static void blockingLane(MoiraiRuntime runtime) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        long start = System.nanoTime();
        List<TaskHandle<Void>> sleepers = new ArrayList<>(BLOCKING_TASKS);
        for (int i = 0; i < BLOCKING_TASKS; i++) {
            sleepers.add(runtime.spawnBlocking(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(Duration.ofMillis(BLOCKING_SLEEP_MS));
                } finally {
                    running.decrementAndGet();
                }
                return null;
            }));
        }
        sleepers.forEach(TaskHandle::join);
        System.out.printf("Blocking lane: %d tasks sleeping %d ms each in %d ms "
                        + "(one at a time: %d ms), at most %d at once (limit %d)%n",
                BLOCKING_TASKS, BLOCKING_SLEEP_MS, millisSince(start),
                (long) BLOCKING_TASKS * BLOCKING_SLEEP_MS, peak.get(), BLOCKING_PERMITS);
    }

    private static void timer(MoiraiRuntime runtime) throws Exception {
        long start = System.nanoTime();
        ScheduledFuture<Long> due = runtime.schedule(() -> millisSince(start), TIMER_DELAY_MS,
                TimeUnit.MILLISECONDS);
        System.out.printf("Timer:         task scheduled %d ms ahead ran after %d ms%n",
                TIMER_DELAY_MS, due.get());
    }

    private static void printTotals(RuntimeSnapshot snapshot) {
        System.out.printf("After close:   state=%s completed=%d failed=%d cancelled=%d rejected=%d "
                        + "steals=%d parks=%d queued=%d active=%d%n",
                snapshot.state(), snapshot.completed(), snapshot.failed(), snapshot.cancelled(),
                snapshot.rejected(), snapshot.steals(), snapshot.parks(), snapshot.queued(),
                snapshot.active());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
