package io.moirai.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hand-off latency: how long it takes for one task to pass control to another, when each
 * message is a new task.
 *
 * <h2>Design</h2>
 * {@link #handOff}: two tasks, ping and pong, pass a token back and forth {@value #HOPS} times;
 * each, when it runs, submits the other with {@code execute} from inside the pool (the way an
 * actor or a continuation-passing pipeline sends its next message), so only one task exists at
 * any moment and each hop waits for the previous. The score is the time per hop: submit, wake or
 * find a worker, dispatch. Where the pool keeps a task submitted by a worker on that worker
 * (Moirai, {@code ForkJoinPool}) a hop needs no wake-up; a shared queue ({@code ThreadPoolExecutor})
 * signals an idle worker on each one.
 *
 * <p>{@link #roundTrip}: the benchmark thread submits one task and waits until it has run. The
 * score is the round trip from outside the pool and back, including waking a worker that may
 * have gone idle since the previous round and waking the waiting thread.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class PingPongBenchmark {

    /** Hops per {@link #handOff} operation. */
    static final int HOPS = 1_000;

    /** The executor under test. */
    @Param({"moirai", "fjp", "tpe"})
    public String impl;

    private Implementation implementation;
    private ExecutorService executor;
    private final BatchLatch done = new BatchLatch();
    private Rally rally;
    private final Runnable signalDone = done::countDown;

    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.named(impl);
        executor = implementation.start(Implementation.parallelism());
        rally = new Rally(executor, done);
    }

    @TearDown(Level.Trial)
    public void stop() {
        implementation.stop(executor);
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void handOff() {
        done.reset(1);
        rally.serve(HOPS);
        done.await();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void roundTrip() {
        done.reset(1);
        executor.execute(signalDone);
        done.await();
    }

    /**
     * The two players. {@code remaining} is a plain field: each hop is submitted by the task that
     * last wrote it, and an executor's submission happens-before the submitted task runs.
     */
    private static final class Rally {

        private final Executor executor;
        private final BatchLatch done;
        private final Runnable ping = this::hit;
        private final Runnable pong = this::hit;
        private int remaining;
        private boolean pingNext;

        Rally(Executor executor, BatchLatch done) {
            this.executor = executor;
            this.done = done;
        }

        void serve(int hops) {
            remaining = hops;
            pingNext = true;
            executor.execute(ping);
        }

        private void hit() {
            if (--remaining == 0) {
                done.countDown();
                return;
            }
            pingNext = !pingNext;
            executor.execute(pingNext ? ping : pong);
        }
    }
}
