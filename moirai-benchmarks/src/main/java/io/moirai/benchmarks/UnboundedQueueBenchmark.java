package io.moirai.benchmarks;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of a multi-producer single-consumer hand-off through an unbounded queue.
 *
 * <h2>Design</h2>
 * A JMH group of producer threads ({@link #offer}) and one consumer thread ({@link #poll}) on one
 * unbounded queue. By default the group has one producer and one consumer: the machine the
 * suite's report comes from has 2 cores, and a third spinning thread would measure the operating
 * system's scheduler rather than the queue. On a machine with more cores, add producers with
 * JMH's {@code -tg} option, e.g. {@code -tg 3,1} (the consumer count must stay 1).
 *
 * <p>An unbounded queue never pushes back, so a producer faster than the consumer would grow the
 * backlog for as long as the iteration lasts, and the score would measure the garbage collector
 * and cache misses on a cold backlog. The producers therefore hold themselves to a window: each
 * may run at most {@value #WINDOW} items ahead of its share of what the consumer has polled,
 * which the consumer publishes after each invocation (a lazy store to a padded counter that the
 * producers read only when their window is used up). The window is the same for every
 * implementation and costs nothing while the consumer keeps up; a producer that waits for it
 * counts the wait in {@code failedOffers}.
 *
 * <p>Each invocation moves two items through its side, so the score is items moved per second
 * ({@link QueueHandOff} explains why). The element is one cached {@code Integer}.
 *
 * <p>Peers: JCTools' {@code MpscUnboundedArrayQueue} with the same chunk size ({@code jctools}),
 * {@code ConcurrentLinkedQueue} ({@code clq}) and {@code LinkedTransferQueue} ({@code ltq}), the
 * JDK's unbounded lock-free queues. Goal: at least 0.9x JCTools; the JDK queues for
 * information.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="UnboundedQueueBenchmark"
 * </pre>
 * 4 implementations x 3 forks x (8 s of iterations + JVM start), about 2 minutes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Group)
public class UnboundedQueueBenchmark {

    /** Items a producer may run ahead of its share of the items polled. */
    static final int WINDOW = 1 << 14;

    /** Where in {@link #polled} the count is: 15 longs (120 bytes) of padding on either side. */
    private static final int POLLED = 15;

    /** The queue under test. */
    @Param({"moirai", "jctools", "clq", "ltq"})
    public String impl;

    /** The chunk size of the array-based queues. */
    @Param("1024")
    public int chunkSize;

    private Queue<Integer> queue;

    /** Element {@link #POLLED}: items the consumer has polled; written only by the consumer. */
    private final AtomicLongArray polled = new AtomicLongArray(2 * POLLED + 1);

    /** A producer's window. */
    @State(Scope.Thread)
    public static class Window {
        long offered;
        long limit;
        int producers;

        @Setup(Level.Trial)
        public void open(ThreadParams params) {
            producers = params.getSubgroupThreadCount();
            limit = WINDOW;
        }
    }

    /** The consumer's count of items polled. */
    @State(Scope.Thread)
    public static class Tally {
        long polled;
    }

    @Setup(Level.Trial)
    public void create() {
        queue = QueueHandOff.create(impl, QueueHandOff.Contract.MPSC_UNBOUNDED, chunkSize);
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void offer(Control control, QueueHandOff.Producer producer, Window window) {
        for (int spins = 1; window.offered + 2 > window.limit; spins++) {
            window.limit = polled.getAcquire(POLLED) / window.producers + WINDOW;
            if (window.offered + 2 <= window.limit) {
                break;
            }
            producer.failedOffers++;
            if (control.stopMeasurement) {
                return;
            }
            QueueHandOff.backOff(spins);
        }
        QueueHandOff.offerTwo(queue, control, producer);
        window.offered += 2;
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void poll(Control control, QueueHandOff.Consumer consumer, Tally tally) {
        QueueHandOff.pollTwo(queue, control, consumer);
        tally.polled += 2;
        polled.lazySet(POLLED, tally.polled);
    }
}
