package io.moirai.benchmarks.footprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap an idle executor keeps alive, with JOL, and writes it as a JMH-style JSON
 * result that the report generator reads next to JMH's own.
 *
 * <pre>
 * java -Djdk.attach.allowAttachSelf=true -XX:+EnableDynamicAgentLoading -Djol.magicFieldOffset=true \
 *      --sun-misc-unsafe-memory-access=allow \
 *      -cp moirai-benchmarks/target/benchmarks.jar io.moirai.benchmarks.footprint.IdleFootprint \
 *      moirai-benchmarks/target/idle-footprint.json [parallelism, default 16]
 * </pre>
 * (the {@code bench} profile runs it so, with the JDK 25 the build selected). The flags let JOL
 * attach its agent for exact object sizes and read the field offsets of records, which
 * {@code sun.misc.Unsafe} refuses (without {@code jol.magicFieldOffset} the walk fails on the
 * first record it meets).
 *
 * <h2>What is counted</h2>
 * Everything reachable from the executor object (its queues, workers, counters, timer, and each
 * of its {@link Thread} objects with their names and thread-local maps) except what the rest of
 * the JVM shares: objects also reachable from the class loaders, the thread groups and the main
 * thread are left out, since they exist with or without the executor. The figure is
 * {@code size(walk(executor + shared roots)) - size(walk(shared roots))}, each walk done in one
 * pass, so a garbage collection that moves objects between the two walks cannot skew it. Thread
 * stacks are native memory, not heap, and are not counted; neither is the JVM's per-thread
 * native bookkeeping.
 *
 * <p>Each executor is measured idle, after all of its threads have started and gone to sleep:
 * Moirai as built (it starts its workers and timer thread at once), a {@code ForkJoinPool} after a
 * task per worker has made it start every worker, a fixed {@code ThreadPoolExecutor} after
 * {@code prestartAllCoreThreads()}. The largest of {@value #SAMPLES} fresh instances is reported.
 * Goal: under 256 KB for Moirai at parallelism 16.
 */
public final class IdleFootprint {

    /** The benchmark name the report generator groups the results under. */
    public static final String BENCHMARK = IdleFootprint.class.getName() + ".retainedHeap";

    private static final int SAMPLES = 3;
    private static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private IdleFootprint() {
    }

    /**
     * Measures and writes the JSON file.
     *
     * @param args the output file, then optionally the parallelism (default 16)
     * @throws Exception if an executor cannot be started, measured or stopped
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: IdleFootprint <output.json> [parallelism]");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        int parallelism = args.length == 2 ? Integer.parseInt(args[1]) : 16;

        List<Measurement> measurements = List.of(
                measure("moirai", parallelism, IdleFootprint::idleMoirai),
                measure("fjp", parallelism, IdleFootprint::idleForkJoinPool),
                measure("tpe", parallelism, IdleFootprint::idleThreadPool));
        for (Measurement m : measurements) {
            System.out.printf("idle footprint, parallelism %d, %-6s %,9d bytes in %,6d objects%n",
                    parallelism, m.impl(), m.bytes(), m.objects());
        }
        write(output, parallelism, measurements);
        System.out.println("wrote " + output.toAbsolutePath());
    }

    private record Measurement(String impl, long bytes, long objects) {
    }

    private static Measurement measure(String impl, int parallelism, IntFunction<ExecutorService> start)
            throws InterruptedException {
        long bytes = 0L;
        long objects = 0L;
        for (int i = 0; i < SAMPLES; i++) {
            ExecutorService executor = start.apply(parallelism);
            try {
                Object[] shared = sharedRoots();
                GraphLayout.parseInstance(withShared(executor, shared)); // loads what the walk needs
                GraphLayout sharedOnly = GraphLayout.parseInstance(shared);
                GraphLayout all = GraphLayout.parseInstance(withShared(executor, shared));
                if (all.totalSize() - sharedOnly.totalSize() > bytes) {
                    bytes = all.totalSize() - sharedOnly.totalSize();
                    objects = all.totalCount() - sharedOnly.totalCount();
                }
            } finally {
                executor.shutdown();
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(impl + " did not terminate");
                }
            }
        }
        return new Measurement(impl, bytes, objects);
    }

    /** What exists whether or not the executor does. */
    private static Object[] sharedRoots() {
        List<Object> roots = new ArrayList<>();
        roots.add(ClassLoader.getSystemClassLoader());
        roots.add(ClassLoader.getPlatformClassLoader());
        roots.add(Thread.currentThread());
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            roots.add(g);
        }
        return roots.toArray();
    }

    private static Object[] withShared(Object executor, Object[] shared) {
        Object[] roots = new Object[shared.length + 1];
        roots[0] = executor;
        System.arraycopy(shared, 0, roots, 1, shared.length);
        return roots;
    }

    private static ExecutorService idleMoirai(int parallelism) {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).build();
        awaitIdle(() -> {
            RuntimeSnapshot snapshot = runtime.snapshot();
            return snapshot.workers().size() == parallelism
                    && snapshot.workers().stream().allMatch(w -> w.state() == RuntimeSnapshot.WorkerState.PARKED);
        });
        return runtime;
    }

    private static ExecutorService idleForkJoinPool(int parallelism) {
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        AtomicInteger arrived = new AtomicInteger();
        for (int i = 0; i < parallelism; i++) {
            pool.execute(() -> {
                arrived.incrementAndGet();
                while (arrived.get() < parallelism) {
                    Thread.yield(); // holds this worker until every worker has a task
                }
            });
        }
        awaitIdle(() -> pool.getPoolSize() == parallelism && pool.isQuiescent());
        return pool;
    }

    private static ExecutorService idleThreadPool(int parallelism) {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(parallelism);
        pool.prestartAllCoreThreads();
        awaitIdle(() -> pool.getPoolSize() == parallelism && pool.getActiveCount() == 0);
        return pool;
    }

    /** Polls until the executor is idle; then gives its threads a moment to finish parking. */
    private static void awaitIdle(BooleanSupplier idle) {
        long deadline = System.nanoTime() + IDLE_TIMEOUT_NANOS;
        while (!idle.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0L) {
                throw new IllegalStateException("executor did not become idle within 30 s");
            }
            sleepMillis(10);
        }
        sleepMillis(200);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an idle executor", e);
        }
    }

    private static void write(Path output, int parallelism, List<Measurement> measurements) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode results = mapper.createArrayNode();
        for (Measurement m : measurements) {
            ObjectNode result = results.addObject();
            result.put("benchmark", BENCHMARK);
            result.put("mode", "footprint");
            result.put("threads", 1);
            result.put("forks", 1);
            result.put("jvm", ProcessHandle.current().info().command().orElse("java"));
            result.put("jdkVersion", System.getProperty("java.version"));
            result.put("vmName", System.getProperty("java.vm.name"));
            result.put("vmVersion", System.getProperty("java.vm.version"));
            ObjectNode params = result.putObject("params");
            params.put("impl", m.impl());
            params.put("parallelism", Integer.toString(parallelism));
            ObjectNode metric = result.putObject("primaryMetric");
            metric.put("score", m.bytes());
            metric.put("scoreError", "NaN");
            metric.put("scoreUnit", "B");
            ObjectNode secondary = result.putObject("secondaryMetrics");
            ObjectNode objectCount = secondary.putObject("objects");
            objectCount.put("score", m.objects());
            objectCount.put("scoreError", "NaN");
            objectCount.put("scoreUnit", "objects");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        mapper.writeValue(output.toFile(), results);
    }
}
