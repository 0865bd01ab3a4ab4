package io.moirai.benchmarks;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
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

/**
 * Throughput of a multi-producer multi-consumer hand-off through a bounded queue.
 *
 * <h2>Design</h2>
 * A JMH group of producer threads ({@link #offer}) and consumer threads ({@link #poll}) on one
 * queue of capacity {@code capacity}. By default the group has one producer and one consumer:
 * the machine the suite's report comes from has 2 cores, and more spinning threads would measure
 * the operating system's scheduler rather than the queue. Both sides still pay for the
 * multi-producer multi-consumer protocol (a cas per offer and per poll); on a machine with more
 * cores, use JMH's {@code -tg} option, e.g. {@code -tg 2,2} for two producers and two consumers.
 *
 * <p>Each invocation moves two items through its side, so the score is items moved per second
 * ({@link QueueHandOff} explains why). A side that finds the queue full or empty spins
 * ({@code Thread.onSpinWait}, yielding now and then) and retries; the secondary results
 * {@code failedOffers} and {@code failedPolls} count those retries per iteration. The element is
 * one cached {@code Integer}, so nothing allocates.
 *
 * <p>Peers: JCTools' {@code MpmcArrayQueue} ({@code jctools}) and {@code ArrayBlockingQueue}
 * ({@code abq}), both of the same capacity. Goals: at least 0.9x JCTools and 3x
 * {@code ArrayBlockingQueue}.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="MpmcQueueBenchmark"
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="MpmcQueueBenchmark -tg 2,2"
 * </pre>
 * 3 implementations x 3 forks x (8 s of iterations + JVM start), about 1.5 minutes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Group)
public class MpmcQueueBenchmark {

    /** The queue under test. */
    @Param({"moirai", "jctools", "abq"})
    public String impl;

    /** The queue's capacity, the same for every implementation. */
    @Param("1024")
    public int capacity;

    private Queue<Integer> queue;

    @Setup(Level.Trial)
    public void create() {
        queue = QueueHandOff.create(impl, QueueHandOff.Contract.MPMC, capacity);
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void offer(Control control, QueueHandOff.Producer producer) {
        QueueHandOff.offerTwo(queue, control, producer);
    }

    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void poll(Control control, QueueHandOff.Consumer consumer) {
        QueueHandOff.pollTwo(queue, control, consumer);
    }
}
