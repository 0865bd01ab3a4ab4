package io.moirai.benchmarks;

import io.moirai.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of a short critical section guarded by one lock, taken by 1, 2 and 4 threads at
 * once: Moirai's {@link Mutex} against {@link ReentrantLock}, {@code synchronized} and
 * {@link StampedLock}'s write lock.
 *
 * <h2>Design</h2>
 * One operation takes the lock, increments a shared {@code long} and burns
 * {@value #INSIDE} Blackhole tokens (a few nanoseconds), releases it, then burns
 * {@value #OUTSIDE} tokens outside. The score is operations per second, summed over the threads.
 * With 1 thread it measures the uncontended fast path (a cas to lock, a volatile store to
 * unlock); with 2 and 4 it measures contention, where a waiter that parks costs the releasing
 * thread an unpark and itself a wake-up, and where every hand-off to another thread moves the
 * lock word and the counter to another core. {@code Mutex} lets one waiter spin while the
 * releasing thread re-acquires for a bounded while, so it pays neither on most acquisitions. On
 * the 2-core machines it has run on, the 1-thread score was about the ceiling for 2 and 4
 * threads too: a cache transfer per hand-off costs more than the critical section, so more
 * threads only help by not slowing the one that runs. Each fork runs one implementation, so the
 * lock call sites stay monomorphic.
 *
 * <p>Goals: at least 1.2x {@code reentrant-lock} at 2 and 4 threads, and not measurably slower
 * at 1 thread.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="MutexBenchmark"
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class MutexBenchmark {

    /** Blackhole tokens burnt inside the critical section. */
    static final int INSIDE = 8;

    /** Blackhole tokens burnt outside it. */
    static final int OUTSIDE = 32;

    /** The lock under test. */
    @Param({"moirai", "reentrant-lock", "synchronized", "stamped-lock"})
    public String impl;

    private Guard guard;

    @Setup
    public void setUp() {
        guard = switch (impl) {
            case "moirai" -> new LockGuard(new Mutex());
            case "reentrant-lock" -> new LockGuard(new ReentrantLock());
            case "synchronized" -> new MonitorGuard();
            case "stamped-lock" -> new StampedGuard();
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
    }

    @Benchmark
    @Threads(1)
    public long oneThread() {
        return cycle();
    }

    @Benchmark
    @Threads(2)
    public long twoThreads() {
        return cycle();
    }

    @Benchmark
    @Threads(4)
    public long fourThreads() {
        return cycle();
    }

    private long cycle() {
        long v = guard.increment();
        Blackhole.consumeCPU(OUTSIDE);
        return v;
    }

    /** The critical section under one kind of lock. */
    private abstract static class Guard {
        long counter;

        /** Increments the counter under the lock and returns the new value. */
        abstract long increment();

        final long criticalSection() {
            Blackhole.consumeCPU(INSIDE);
            return ++counter;
        }
    }

    private static final class LockGuard extends Guard {
        private final java.util.concurrent.locks.Lock lock;

        LockGuard(java.util.concurrent.locks.Lock lock) {
            this.lock = lock;
        }

        @Override
        long increment() {
            lock.lock();
            try {
                return criticalSection();
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class MonitorGuard extends Guard {
        @Override
        long increment() {
            synchronized (this) {
                return criticalSection();
            }
        }
    }

    private static final class StampedGuard extends Guard {
        private final StampedLock lock = new StampedLock();

        @Override
        long increment() {
            long stamp = lock.writeLock();
            try {
                return criticalSection();
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }
}
