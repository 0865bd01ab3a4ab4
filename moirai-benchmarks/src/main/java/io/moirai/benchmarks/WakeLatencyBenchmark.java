package io.moirai.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How soon a task submitted to an idle pool starts when the submitting thread goes on computing:
 * a request thread that hands work to {@code @Async} and carries on, the caller of a parallel
 * pipeline that works on its own share, {@code supplyAsync} followed by more work.
 *
 * <h2>Design</h2>
 * Before each operation the pool is left idle for {@code idleMicros} (a JMH invocation-level
 * setup, outside the measured time), so its workers have gone to sleep. The operation submits one
 * task with {@link java.util.concurrent.Executor#execute(Runnable)} and then spins, keeping its
 * CPU busy, until the task has recorded that it started; the score is the average time from the
 * submission to that moment. One CPU of the machine is then busy with the submitter and the
 * others are idle: the task starts as soon as a worker is woken on an idle CPU, and late when a
 * worker is woken on the submitter's (it waits for the submitter's time slice to end, up to
 * milliseconds). A task that has not started after {@value #LIMIT_MILLIS} ms fails the run.
 *
 * <p>Peers: a dedicated {@code ForkJoinPool} and {@code Executors.newFixedThreadPool} of the same
 * parallelism, and the virtual-thread-per-task executor. Goal: not measurably slower than
 * {@code ForkJoinPool} and the ThreadPoolExecutor.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="WakeLatencyBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class WakeLatencyBenchmark {

    /** How long a task may take to start before the run fails: the executor lost it. */
    static final long LIMIT_MILLIS = 1_000L;

    /** The executor under test. */
    @Param({"moirai", "fjp", "tpe", "vthreads"})
    public String impl;

    /** Workers of each pool; 0 (the default) for one per CPU this JVM may use. */
    @Param("0")
    public int parallelism;

    /** How long the pool is left without work before each submission, in microseconds. */
    @Param("1000")
    public int idleMicros;

    private Implementation implementation;
    private ExecutorService executor;

    /** When the current operation's task started ({@link System#nanoTime()}), 0 until it has. */
    private volatile long startedAt;
    private final Runnable task = () -> startedAt = System.nanoTime();

    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.named(impl);
        executor = implementation.start(Implementation.parallelism(parallelism));
    }

    @TearDown(Level.Trial)
    public void stop() {
        implementation.stop(executor);
    }

    /** Leaves the pool idle, so that its workers sleep when the operation submits. */
    @Setup(Level.Invocation)
    public void idle() {
        startedAt = 0L;
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(idleMicros);
        for (long left = deadline - System.nanoTime(); left > 0L; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Submits one task and computes until it has started.
     *
     * @return when the task started
     */
    @Benchmark
    public long submitWhileBusy() {
        long submitted = System.nanoTime();
        executor.execute(task);
        long started;
        while ((started = startedAt) == 0L) {
            Thread.onSpinWait();
            if (System.nanoTime() - submitted > TimeUnit.MILLISECONDS.toNanos(LIMIT_MILLIS)) {
                throw new IllegalStateException(impl + " did not start a task within " + LIMIT_MILLIS + " ms");
            }
        }
        return started;
    }
}
