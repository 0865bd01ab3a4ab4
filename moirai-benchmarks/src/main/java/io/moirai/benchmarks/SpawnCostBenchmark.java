package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
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
 * What one {@code spawn} costs the thread that calls it, from a thread outside the runtime and
 * from inside a CPU worker, against {@code ForkJoinPool.submit} (outside) and
 * {@code ForkJoinTask.fork} (inside). Goals: at most 50 ns, and no worse than
 * {@code ForkJoinPool}.
 *
 * <h2>Design</h2>
 * One operation creates a batch of {@value #BATCH} no-op tasks, keeping their handles; the score
 * is the time per task ({@code @OperationsPerInvocation}). The workers run the tasks while they
 * are being created, as they would in an application, so the caller pays whatever contention
 * with the consumers the implementation has. Between operations, outside the measured time, a
 * per-invocation tear-down joins every handle: the queues therefore never hold more than one
 * batch, whatever the relative speed of producer and consumers. The batch is large (a few
 * milliseconds of work) so the two timestamps JMH takes around each invocation, and for the
 * in-worker case the hand-off of the driving task to a worker and back, are well under 1% of the
 * measured time.
 *
 * <p>{@link #fromExternalThread} spawns from the benchmark thread. {@link #fromWorker} submits one
 * driving task that spawns the batch from a worker (Moirai pushes to the worker's own deque, as
 * {@code fork} does); the operation ends when the driver returns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class SpawnCostBenchmark {

    /** Tasks created per operation. */
    static final int BATCH = 1 << 16;

    private static final Callable<Object> NO_OP = () -> null;

    /** The executor under test. */
    @Param({"moirai", "fjp"})
    public String impl;

    private Implementation implementation;
    private ExecutorService executor;
    private final Future<?>[] handles = new Future<?>[BATCH];

    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.named(impl);
        executor = implementation.start(Implementation.parallelism());
    }

    @TearDown(Level.Trial)
    public void stop() {
        implementation.stop(executor);
    }

    /** Waits for the batch outside the measured time, so the next one starts with empty queues. */
    @TearDown(Level.Invocation)
    public void drain() throws InterruptedException, ExecutionException {
        for (int i = 0; i < BATCH; i++) {
            BoundedWait.get(handles[i]);
            handles[i] = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Future<?>[] fromExternalThread() {
        Future<?>[] h = handles;
        if (executor instanceof MoiraiRuntime runtime) {
            for (int i = 0; i < BATCH; i++) {
                h[i] = runtime.spawn(NO_OP);
            }
        } else {
            ForkJoinPool pool = (ForkJoinPool) executor;
            for (int i = 0; i < BATCH; i++) {
                h[i] = pool.submit(NO_OP);
            }
        }
        return h;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object fromWorker() throws InterruptedException, ExecutionException {
        Future<?>[] h = handles;
        if (executor instanceof MoiraiRuntime runtime) {
            return BoundedWait.get(runtime.spawn(() -> {
                for (int i = 0; i < BATCH; i++) {
                    h[i] = runtime.spawn(NO_OP);
                }
                return h;
            }));
        }
        return BoundedWait.get(((ForkJoinPool) executor).submit(() -> {
            for (int i = 0; i < BATCH; i++) {
                h[i] = ForkJoinTask.adapt(NO_OP).fork();
            }
            return h;
        }));
    }
}
