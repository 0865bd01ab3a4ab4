package io.moirai.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * The cost of distributing: {@code map(i -> 8 rounds of murmur3's finaliser).sum()} over {@code range(0, n)} on
 * the distributed context against the parallel context of one runtime. {@code cluster-1} is one
 * Hazelcast member (the caller, serving itself: every chunk still travels as bytes through
 * Hazelcast's executor); {@code cluster-3} is three members in this JVM on loopback, the
 * machine's cores shared among their runtimes. {@code n=0} is an empty pipeline: one chunk's round
 * trip, the fixed cost of an evaluation. The larger {@code n} show how the overhead amortises;
 * {@code docs/distributed.md} derives the per-chunk overhead and the chunk cost at which
 * distribution breaks even.
 *
 * <p>On one machine the members share its cores, so {@code cluster-3} cannot be faster than
 * {@code moirai-parallel}; it measures overhead, not speed-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dhazelcast.logging.type=none",
        "-Dhazelcast.phone.home.enabled=false"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class DistributedChunkBenchmark {

    /** Loopback ports the members listen on: a range no other benchmark uses. */
    private static final int BASE_PORT = 16_701;

    /** Elements in the range. */
    @Param({"0", "100000", "4000000"})
    public long n;

    /** The implementation under test. */
    @Param({"moirai-parallel", "cluster-1", "cluster-3"})
    public String impl;

    private final List<HazelcastInstance> instances = new ArrayList<>();
    private final List<MoiraiRuntime> runtimes = new ArrayList<>();
    private final List<MoiraiCluster> clusters = new ArrayList<>();
    private ExecutionContext context;

    @Setup(Level.Trial)
    public void start() {
        int cores = Implementation.parallelism();
        switch (impl) {
            case "moirai-parallel" -> {
                MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(cores).build();
                runtimes.add(runtime);
                context = ExecutionContext.parallel(runtime);
            }
            case "cluster-1" -> context = members(1, cores);
            case "cluster-3" -> context = members(3, Math.max(1, cores / 3));
            default -> throw new IllegalStateException("unknown impl " + impl);
        }
    }

    private ExecutionContext members(int count, int parallelism) {
        String name = "bench-" + UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            Config config = MoiraiCluster.embeddedConfig();
            config.setClusterName(name);
            config.setProperty("hazelcast.wait.seconds.before.join", "0");
            config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
            config.getNetworkConfig().setPort(BASE_PORT).setPortAutoIncrement(true).setPortCount(count);
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getTcpIpConfig().setEnabled(true);
            for (int p = 0; p < count; p++) {
                join.getTcpIpConfig().addMember("127.0.0.1:" + (BASE_PORT + p));
            }
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
            MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).build();
            instances.add(hz);
            runtimes.add(runtime);
            clusters.add(MoiraiCluster.join(hz, runtime));
        }
        MoiraiCluster caller = clusters.getFirst();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (caller.snapshot().members().stream().filter(m -> m.serving()).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the members did not all serve: " + caller.snapshot());
            }
            Thread.onSpinWait();
        }
        return caller.context();
    }

    @TearDown(Level.Trial)
    public void stop() {
        clusters.forEach(MoiraiCluster::close);
        instances.forEach(hz -> hz.getLifecycleService().terminate());
        runtimes.forEach(MoiraiRuntime::close);
        clusters.clear();
        instances.clear();
        runtimes.clear();
    }

    /**
     * One evaluation.
     *
     * @return the sum
     */
    @Benchmark
    public long evaluate() {
        return Iter.range(0L, n).map(DistributedChunkBenchmark::work).on(context).sum();
    }

    /**
     * Eight rounds of murmur3's 64-bit finaliser, about 20 ns: non-linear, so the JIT can neither
     * fold the rounds into one nor vectorise them away.
     */
    static long work(long i) {
        long h = i;
        for (int k = 0; k < 8; k++) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
        }
        return h;
    }
}
