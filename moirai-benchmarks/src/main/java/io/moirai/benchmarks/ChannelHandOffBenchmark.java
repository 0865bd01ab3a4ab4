package io.moirai.benchmarks;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hand-off throughput: one producer thread passes {@value #ITEMS} items to one consumer thread
 * through a blocking channel or queue; the score is items per second.
 *
 * <p>Implementations ({@code impl}): {@code moirai-bounded} ({@code Channels.bounded(}{@value
 * #CAPACITY}{@code )}, send/receive) against {@code abq} ({@code ArrayBlockingQueue} of the same
 * capacity, put/take); {@code moirai-rendezvous} ({@code Channels.rendezvous()}) against
 * {@code sq} ({@code SynchronousQueue}, put/take) and {@code ltq} ({@code LinkedTransferQueue},
 * transfer/take: a transfer waits for its consumer, as a rendezvous send does). {@code threads}
 * picks platform or virtual threads for both sides.
 *
 * <h2>Design</h2>
 * Each operation starts a fresh producer and consumer thread of the chosen kind, moves the
 * items (preallocated boxes, so nothing is allocated per item by the benchmark) and joins both;
 * the consumer checks the sum. Starting two threads costs tens of microseconds, small against
 * {@value #ITEMS} hand-offs, and is the same for every implementation. The full run (10
 * parameter combinations, 3 forks, 2 + 3 one-second iterations) takes about 3.5 minutes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ChannelHandOffBenchmark {

    /** Items per operation. */
    static final int ITEMS = 10_000;

    /** Capacity of the bounded implementations. */
    static final int CAPACITY = 128;

    /** The channel or queue under test. */
    @Param({"moirai-bounded", "abq", "moirai-rendezvous", "sq", "ltq"})
    public String impl;

    /** The kind of the producer and consumer threads. */
    @Param({"platform", "virtual"})
    public String threads;

    private final Integer[] boxes = new Integer[ITEMS];
    private long expectedSum;
    private Thread.Builder builder;
    private Pipe pipe;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ITEMS; i++) {
            boxes[i] = i + 1_000;
            expectedSum += i + 1_000;
        }
        builder = switch (threads) {
            case "platform" -> Thread.ofPlatform();
            case "virtual" -> Thread.ofVirtual();
            default -> throw new IllegalArgumentException("unknown threads: " + threads);
        };
    }

    @Setup(Level.Iteration)
    public void newPipe() {
        pipe = Pipe.named(impl);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long handOff() throws InterruptedException {
        Pipe p = pipe;
        Integer[] items = boxes;
        long[] sum = new long[1];
        Thread consumer = builder.start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ITEMS; i++) {
                    s += p.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sum[0] = s;
        });
        Thread producer = builder.start(() -> {
            try {
                for (Integer item : items) {
                    p.put(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.join();
        consumer.join();
        if (sum[0] != expectedSum) {
            throw new IllegalStateException(impl + " lost items: sum " + sum[0] + ", expected " + expectedSum);
        }
        return sum[0];
    }

    /** The one interface the benchmark needs of a channel or queue. */
    interface Pipe {
        void put(Integer item) throws InterruptedException;

        Integer take() throws InterruptedException;

        static Pipe named(String impl) {
            return switch (impl) {
                case "moirai-bounded" -> of(Channels.bounded(CAPACITY));
                case "moirai-rendezvous" -> of(Channels.rendezvous());
                case "abq" -> of(new ArrayBlockingQueue<>(CAPACITY));
                case "sq" -> of(new SynchronousQueue<>());
                case "ltq" -> {
                    LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
                    yield new Pipe() {
                        @Override
                        public void put(Integer item) throws InterruptedException {
                            q.transfer(item);
                        }

                        @Override
                        public Integer take() throws InterruptedException {
                            return q.take();
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown impl: " + impl);
            };
        }

        private static Pipe of(Channel<Integer> c) {
            return new Pipe() {
                @Override
                public void put(Integer item) throws InterruptedException {
                    c.send(item);
                }

                @Override
                public Integer take() throws InterruptedException {
                    return c.receive();
                }
            };
        }

        private static Pipe of(java.util.concurrent.BlockingQueue<Integer> q) {
            return new Pipe() {
                @Override
                public void put(Integer item) throws InterruptedException {
                    q.put(item);
                }

                @Override
                public Integer take() throws InterruptedException {
                    return q.take();
                }
            };
        }
    }
}
