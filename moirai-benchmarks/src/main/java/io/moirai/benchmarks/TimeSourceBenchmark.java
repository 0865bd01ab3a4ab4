package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TimeSource;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * What the runtime's pluggable time source costs an application that does not use it:
 * {@link TimerBenchmark}'s schedule-and-cancel (an hour-or-two-ahead timer cancelled at once,
 * over 10,000 waiting timers) on the default source, against the same through a
 * {@link TimeSource} of the application's that reads the system's time, which every timer
 * operation calls through the interface.
 *
 * <p>{@code moirai} is the figure to set against {@code TimerBenchmark}'s {@code moirai} run
 * on the commit before the time source existed: the runtime tests one final field and calls
 * {@code System.nanoTime()} itself, so the two should agree within their error.
 * {@code moirai-custom-source} shows what the indirection would have cost had the default gone
 * through the interface.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TimeSourceBenchmark {

    private static final int DELAYS = 1 << 12;
    private static final Runnable NO_OP = () -> {
    };

    /** {@code moirai} (no source configured) or {@code moirai-custom-source} (a system-time source of one's own). */
    @Param({"moirai", "moirai-custom-source"})
    public String impl;

    /** Timers already waiting in the queue. */
    @Param({"10000"})
    public int pending;

    private MoiraiRuntime runtime;
    private ScheduledFuture<?>[] background;
    private final long[] delays = new long[DELAYS];
    private int next;

    @Setup(Level.Trial)
    public void start() {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder().parallelism(Implementation.parallelism());
        runtime = switch (impl) {
            case "moirai" -> builder.build();
            case "moirai-custom-source" -> builder.timeSource(new SystemTime()).build();
            default -> throw new IllegalArgumentException(
                    "impl must be moirai or moirai-custom-source, was '" + impl + "'");
        };
        SplittableRandom random = new SplittableRandom(42L);
        long hour = TimeUnit.HOURS.toNanos(1);
        for (int i = 0; i < DELAYS; i++) {
            delays[i] = hour + random.nextLong(hour);
        }
        background = new ScheduledFuture<?>[pending];
        for (int i = 0; i < pending; i++) {
            background[i] = runtime.schedule(NO_OP, hour + random.nextLong(hour), TimeUnit.NANOSECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        for (ScheduledFuture<?> timer : background) {
            timer.cancel(false);
        }
        runtime.shutdown();
        if (!runtime.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(impl + " did not terminate within 30 s");
        }
    }

    @Benchmark
    public boolean scheduleAndCancel() {
        ScheduledFuture<?> timer = runtime.schedule(NO_OP, delays[next++ & (DELAYS - 1)], TimeUnit.NANOSECONDS);
        return timer.cancel(false);
    }

    /** The system's time, as an application's own source: not the runtime's built-in one. */
    private static final class SystemTime implements TimeSource {

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    }
}
