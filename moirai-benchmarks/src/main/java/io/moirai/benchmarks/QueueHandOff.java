package io.moirai.benchmarks;

import io.moirai.concurrent.MpmcArrayQueue;
import io.moirai.concurrent.MpscArrayQueue;
import io.moirai.concurrent.MpscUnboundedQueue;
import io.moirai.concurrent.SpscArrayQueue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What the queue benchmarks ({@link SpscQueueBenchmark}, {@link MpscQueueBenchmark},
 * {@link MpmcQueueBenchmark}, {@link UnboundedQueueBenchmark}) share: the queues under test and
 * the producer's and consumer's side of one hand-off.
 *
 * <h2>Why two items per invocation</h2>
 * A JMH {@code @Group} scores the sum of its methods' operations per second, and
 * {@code @OperationsPerInvocation} applies to the whole group, not to one method. Each item is
 * offered once and polled once, so if each invocation moved one item the score would be twice
 * the items moved. Each invocation of {@link #offerTwo} offers two items and each invocation of
 * {@link #pollTwo} polls two, so the group's score is (items offered + items polled) / 2: the
 * items moved per second, whatever the number of producer and consumer threads (what is offered
 * and not yet polled at the end of an iteration, at most the capacity, carries over to the
 * next).
 *
 * <p>A side that finds the queue full (or empty) spins with {@link Thread#onSpinWait()} and tries
 * again, counting the failure in its {@code @AuxCounters} state, and gives up when JMH ends the
 * measurement ({@link Control#stopMeasurement}), so that neither side waits forever for a
 * partner that has stopped. After {@value #SPINS} failures in a row it calls
 * {@link Thread#yield()} instead: with a core each, the partner answers long before that, but
 * when another process takes the partner's core, a side that did not yield would spin away its
 * whole time slice waiting for it (the runs this replaced showed forks at a tenth of the usual
 * rate, with millions of failures a second on both sides).
 *
 * <h2>Inlined into the measurement loop</h2>
 * {@link #offerTwo} and {@link #pollTwo} are forced inline into JMH's loop, as JMH forces the
 * {@code @Benchmark} methods that call them. Left to C2, whether they were inlined depended on
 * the queue: C2 does not inline a method it has already compiled on its own into more than
 * {@code InlineSmallCode} bytes (2500 on x86-64), and with Moirai's {@code SpscArrayQueue.offer}
 * inlined twice, {@code offerTwo} was over the limit while with JCTools' it was under, so
 * Moirai's producer paid a call per invocation that JCTools' did not ({@code -XX:+PrintInlining}
 * shows "already compiled into a big method").
 *
 * <h2>A core for each thread</h2>
 * Each producer and consumer thread pins itself to a CPU of its own before the warm-up, when
 * there are enough CPUs ({@link ThreadAffinity} explains why: threads left to the scheduler
 * sometimes shared one CPU for whole forks, and those forks measured time slices). The secondary
 * results {@code producerCpuMillis} and {@code consumerCpuMillis} give the CPU time the threads
 * of each side got per iteration: close to the iteration's length per thread when each had its
 * core throughout, less when other load took it. With more threads than CPUs ({@code -tg} on a
 * small machine) nothing is pinned.
 *
 * <p>Public only because JMH requires the classes enclosing its {@code @State} classes to be.
 */
public final class QueueHandOff {

    /** The one element every queue carries: a cached {@code Integer}, so offers allocate nothing. */
    static final Integer ITEM = 1;

    /** Failures in a row after which a side yields its core instead of spinning; a power of two. */
    static final int SPINS = 128;

    /** Reads each thread's CPU time for the {@code producerCpuMillis} and {@code consumerCpuMillis} results. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private QueueHandOff() {
    }

    /** The contract a benchmark compares queues under. */
    enum Contract { SPSC, MPSC, MPMC, MPSC_UNBOUNDED }

    /**
     * The queue {@code impl} names: {@code moirai} and {@code jctools} for the queue of the
     * contract, {@code abq}, {@code clq} and {@code ltq} for the JDK's {@link ArrayBlockingQueue},
     * {@link ConcurrentLinkedQueue} and {@link LinkedTransferQueue}.
     *
     * @param capacity the bound of a bounded queue; the chunk size of an unbounded array queue
     */
    static Queue<Integer> create(String impl, Contract contract, int capacity) {
        return switch (impl) {
            case "moirai" -> switch (contract) {
                case SPSC -> new SpscArrayQueue<>(capacity);
                case MPSC -> new MpscArrayQueue<>(capacity);
                case MPMC -> new MpmcArrayQueue<>(capacity);
                case MPSC_UNBOUNDED -> new MpscUnboundedQueue<>(capacity);
            };
            case "jctools" -> switch (contract) {
                case SPSC -> new org.jctools.queues.SpscArrayQueue<>(capacity);
                case MPSC -> new org.jctools.queues.MpscArrayQueue<>(capacity);
                case MPMC -> new org.jctools.queues.MpmcArrayQueue<>(capacity);
                case MPSC_UNBOUNDED -> new org.jctools.queues.MpscUnboundedArrayQueue<>(capacity);
            };
            case "abq" -> new ArrayBlockingQueue<>(capacity);
            case "clq" -> new ConcurrentLinkedQueue<>();
            case "ltq" -> new LinkedTransferQueue<>();
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
    }

    /**
     * Offers two items, spinning while the queue is full, until JMH stops the measurement.
     * Inlined into JMH's measurement loop whatever its compiled size (see the class comment).
     */
    @CompilerControl(CompilerControl.Mode.INLINE)
    static void offerTwo(Queue<Integer> queue, Control control, Producer producer) {
        for (int i = 0; i < 2; i++) {
            for (int spins = 1; !queue.offer(ITEM); spins++) {
                producer.failedOffers++;
                if (control.stopMeasurement) {
                    return;
                }
                backOff(spins);
            }
        }
    }

    /**
     * Polls two items, spinning while the queue is empty, until JMH stops the measurement.
     * Inlined into JMH's measurement loop whatever its compiled size (see the class comment).
     */
    @CompilerControl(CompilerControl.Mode.INLINE)
    static void pollTwo(Queue<Integer> queue, Control control, Consumer consumer) {
        for (int i = 0; i < 2; i++) {
            for (int spins = 1; queue.poll() == null; spins++) {
                consumer.failedPolls++;
                if (control.stopMeasurement) {
                    return;
                }
                backOff(spins);
            }
        }
    }

    /** Waits a little after the {@code spins}-th failure in a row: a spin hint, or every {@value #SPINS}th time a yield. */
    static void backOff(int spins) {
        if ((spins & (SPINS - 1)) == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** The CPU time of the calling thread, in nanoseconds. */
    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** A producer thread's place and counters: offers that found the queue full, CPU time, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Producer {
        /** Offers that found the queue full (or, in {@link UnboundedQueueBenchmark}, the backlog too long). */
        public long failedOffers;
        /** Milliseconds of CPU time the thread got during the iteration. */
        public long producerCpuMillis;
        private long cpuAtStart;

        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            ThreadAffinity.pinToOwnCpu(thread.getThreadIndex(), thread.getThreadCount());
        }

        @Setup(Level.Iteration)
        public void clear() {
            failedOffers = 0;
            cpuAtStart = cpuNanos();
        }

        @TearDown(Level.Iteration)
        public void count() {
            producerCpuMillis = (cpuNanos() - cpuAtStart) / 1_000_000;
        }
    }

    /** A consumer thread's place and counters: polls that found the queue empty, CPU time, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Consumer {
        /** Polls that found the queue empty. */
        public long failedPolls;
        /** Milliseconds of CPU time the thread got during the iteration. */
        public long consumerCpuMillis;
        private long cpuAtStart;

        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            ThreadAffinity.pinToOwnCpu(thread.getThreadIndex(), thread.getThreadCount());
        }

        @Setup(Level.Iteration)
        public void clear() {
            failedPolls = 0;
            cpuAtStart = cpuNanos();
        }

        @TearDown(Level.Iteration)
        public void count() {
            consumerCpuMillis = (cpuNanos() - cpuAtStart) / 1_000_000;
        }
    }
}
