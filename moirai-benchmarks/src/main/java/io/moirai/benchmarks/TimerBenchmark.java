package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TimeSource;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * Schedule-and-cancel, the life of a timeout that does not fire: {@code schedule} a task an hour
 * or two ahead and {@code cancel} it at once, with {@code pending} other timers already waiting
 * (0, or 10,000 as in a server that guards each in-flight request with a timeout).
 *
 * <p>Moirai keeps its timers in a binary heap in which every entry knows its slot, so a cancel
 * removes the entry at once, in O(log n) (see {@code TimerQueue}); this is the measurement behind
 * that design. The peer is a {@code ScheduledThreadPoolExecutor} with
 * {@code setRemoveOnCancelPolicy(true)}: its default leaves each cancelled task in the queue until
 * its delay runs out, so an hour-ahead timeout cancelled millions of times per second would fill
 * the heap, while with the policy it also removes in O(log n), the like-for-like comparison.
 *
 * <p>{@code moirai-custom-source} runs Moirai on an application's own system-time
 * {@link TimeSource}, called through the interface: against {@code moirai} (the built-in source)
 * it shows what the pluggable time source costs.
 *
 * <p>The delays are drawn at random from one to two hours (a fixed sequence per trial), so a new
 * timer lands anywhere in the heap instead of always at its head, which would wake the timer
 * thread on every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TimerBenchmark {

    private static final int DELAYS = 1 << 12;
    private static final Runnable NO_OP = () -> {
    };

    /**
     * {@code moirai}, {@code moirai-custom-source} (an own system-time source) or {@code stpe} (a
     * one-thread ScheduledThreadPoolExecutor that removes on cancel).
     */
    @Param({"moirai", "moirai-custom-source", "stpe"})
    public String impl;

    /** Timers already waiting in the queue. */
    @Param({"0", "10000"})
    public int pending;

    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?>[] background;
    private final long[] delays = new long[DELAYS];
    private int next;

    @Setup(Level.Trial)
    public void start() {
        scheduler = switch (impl) {
            case "moirai" -> MoiraiRuntime.builder().parallelism(Implementation.parallelism()).build();
            case "moirai-custom-source" -> MoiraiRuntime.builder().parallelism(Implementation.parallelism())
                    .timeSource(new SystemTime()).build();
            case "stpe" -> {
                ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
                stpe.setRemoveOnCancelPolicy(true);
                yield stpe;
            }
            default -> throw new IllegalArgumentException("impl must be moirai, moirai-custom-source or stpe, was '" + impl + "'");
        };
        SplittableRandom random = new SplittableRandom(42L);
        long hour = TimeUnit.HOURS.toNanos(1);
        for (int i = 0; i < DELAYS; i++) {
            delays[i] = hour + random.nextLong(hour);
        }
        background = new ScheduledFuture<?>[pending];
        for (int i = 0; i < pending; i++) {
            background[i] = scheduler.schedule(NO_OP, hour + random.nextLong(hour), TimeUnit.NANOSECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        for (ScheduledFuture<?> timer : background) {
            timer.cancel(false);
        }
        scheduler.shutdown();
        if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(impl + " did not terminate within 30 s");
        }
    }

    @Benchmark
    public boolean scheduleAndCancel() {
        ScheduledFuture<?> timer = scheduler.schedule(NO_OP, delays[next++ & (DELAYS - 1)], TimeUnit.NANOSECONDS);
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
