package io.moirai.benchmarks.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report knows about the suite beyond the numbers: which implementations are Moirai's
 * (compared against the others, the peers) and the goals each comparison must meet.
 */
final class Suite {

    /** Classes that compare Moirai with itself: only {@code impl=moirai} is the subject there. */
    private static final Set<String> SELF_COMPARISONS = Set.of("ListenerOverheadBenchmark",
            "BlockingDetectorCostBenchmark");

    /** The goals, in the order the report lists them. */
    static final List<Goal> GOALS = List.of(
            new Goal.SpeedUp("ExternalSubmitBenchmark", "moirai", "tpe", 2.0, false),
            new Goal.SpeedUp("ExternalSubmitBenchmark", "oneSubmitter", "moirai", "fjp", 1.3, false),
            new Goal.SpeedUp("ExternalSubmitBenchmark", "twoSubmitters", "moirai", "fjp", 1.0, true),
            new Goal.SpeedUp("ExternalSubmitBenchmark", "fourSubmitters", "moirai", "fjp", 1.0, true),
            // The workers' side of external submission alone (see its class comment): no goal.
            new Goal.ForInformation("WorkerDrainBenchmark", "drain", "moirai", "fjp"),
            new Goal.SpeedUp("WakeLatencyBenchmark", "moirai", "fjp", 1.0, true),
            new Goal.SpeedUp("WakeLatencyBenchmark", "moirai", "tpe", 1.0, true),
            new Goal.SpeedUp("ForkJoinBenchmark", "moirai", "fjp", 1.1, false),
            new Goal.UpperBound("SpawnCostBenchmark", "moirai", 50.0, "ns/op", false),
            new Goal.SpeedUp("SpawnCostBenchmark", "moirai", "fjp", 1.0, true),
            new Goal.SpeedUp("BlockingLaneBenchmark", "moirai-10k", "vthreads", 0.9, false),
            // What registering a listener costs: the no-op listener against none. (Whether the runtime
            // without a listener pays anything for the hooks cannot be read off this pair: only a build
            // without the hooks could show it, so no goal is stated.)
            new Goal.ForInformation("ListenerOverheadBenchmark", "fibonacci", "moirai-noop-listener", "moirai"),
            // The pluggable time source costs nothing: the custom source not measurably slower than the
            // built-in one (the other way round would pass whatever the source cost).
            new Goal.SpeedUp("TimerBenchmark", "moirai-custom-source", "moirai", 1.0, true),
            new Goal.UpperBound("IdleFootprint", "moirai", 256.0, "KB", true),
            new Goal.SpeedUp("SpringExecutorBenchmark", "execute", "moirai", "boot-default", 3.0, false),
            new Goal.SpeedUp("SpringExecutorBenchmark", "executeFourThreads", "moirai", "boot-default", 3.0, false),
            new Goal.SpeedUp("SpringExecutorBenchmark", "execute", "moirai-blocking", "boot-virtual", 1.0, true),
            new Goal.SpeedUp("SpringExecutorBenchmark", "executeFourThreads", "moirai-blocking", "boot-virtual", 1.0,
                    true),
            new Goal.ForInformation("SpringExecutorBenchmark", "async", "moirai", "boot-default"),
            new Goal.ForInformation("SpringExecutorBenchmark", "async", "moirai-blocking", "boot-virtual"),
            new Goal.SpeedUp("SpringExecutorBenchmark", "blockingBurst", "moirai-512", "boot-default", 50.0, false),
            new Goal.SpeedUp("SpringExecutorBenchmark", "blockingBurst", "moirai-512", "boot-virtual", 0.9, false),
            new Goal.MetricAtMost("SpringExecutorBenchmark", "blockingBurst", "moirai-256", "peakConcurrency",
                    "tasks running at once", 256.0),
            new Goal.SpeedUp("StealOrderBenchmark", "moirai-two-nodes", "moirai", 1.0, true),
            new Goal.ForInformation("StealOrderBenchmark", "fibonacci", "moirai", "fjp"),
            new Goal.SpeedUp("MutexBenchmark", "oneThread", "moirai", "reentrant-lock", 1.0, true),
            new Goal.SpeedUp("MutexBenchmark", "twoThreads", "moirai", "reentrant-lock", 1.2, false),
            new Goal.SpeedUp("MutexBenchmark", "fourThreads", "moirai", "reentrant-lock", 1.2, false),
            new Goal.SpeedUp("SimdReductionBenchmark", "moirai", "scalar-loop", 4.0, false).where("size", "4096", "131072"),
            new Goal.ForInformation("SimdReductionBenchmark", "", "moirai", "moirai-scalar"),
            new Goal.SpeedUp("SimdAxpyBenchmark", "moirai", "scalar-loop", 1.0, true),
            new Goal.BandwidthShare("SimdReductionBenchmark", "moirai", "134217728",
                    Map.of("sum", 4, "dot", 8, "copy", 8, "triad", 12), "MemoryBandwidthBenchmark", 0.8),
            new Goal.BandwidthShare("SimdAxpyBenchmark", "moirai", "134217728",
                    Map.of("axpy", 12, "copy", 8, "triad", 12), "MemoryBandwidthBenchmark", 0.8),
            new Goal.SpeedUp("ChannelHandOffBenchmark", "moirai-bounded", "abq", 1.0, true),
            new Goal.ForInformation("ChannelHandOffBenchmark", "handOff", "moirai-rendezvous", "sq"),
            new Goal.ForInformation("ChannelHandOffBenchmark", "handOff", "moirai-rendezvous", "ltq"),
            new Goal.WorstForkSpeedUp("SpscQueueBenchmark", "moirai", "jctools", 0.9),
            new Goal.SpeedUp("SpscQueueBenchmark", "moirai", "abq", 3.0, false),
            new Goal.WorstForkSpeedUp("MpscQueueBenchmark", "moirai", "jctools", 0.9),
            new Goal.SpeedUp("MpscQueueBenchmark", "moirai", "abq", 3.0, false),
            new Goal.SpeedUp("MpmcQueueBenchmark", "moirai", "jctools", 0.9, false),
            new Goal.SpeedUp("MpmcQueueBenchmark", "moirai", "abq", 3.0, false),
            new Goal.SpeedUp("UnboundedQueueBenchmark", "moirai", "jctools", 0.9, false),
            new Goal.ForInformation("UnboundedQueueBenchmark", "", "moirai", "clq"),
            new Goal.ForInformation("UnboundedQueueBenchmark", "", "moirai", "ltq"),
            new Goal.Overhead("IterFixedCostBenchmark", "moirai-sequential", "loop", 500.0, "ns/op", Map.of()),
            new Goal.SpeedUp("IterFixedCostBenchmark", "moirai-parallel", "parallel-stream", 5.0, false)
                    .where("n", "1", "10", "100"),
            new Goal.ForInformation("IterFixedCostBenchmark", "", "moirai-parallel", "parallel-stream"),
            new Goal.SpeedUp("IterLargeInputBenchmark", "moirai-parallel", "parallel-stream", 1.0, true),
            new Goal.SpeedUp("IterLargeInputBenchmark", "moirai-hybrid", "parallel-stream", 1.0, true),
            new Goal.ForInformation("DistributedChunkBenchmark", "", "cluster-1", "moirai-parallel"),
            new Goal.ForInformation("DistributedChunkBenchmark", "", "cluster-3", "moirai-parallel"));

    /**
     * Secondary metrics the report lists, by class: metric name to what it counts. Their highest
     * value over every measured iteration is shown, since each iteration records one operation.
     */
    private static final Map<String, Map<String, String>> REPORTED_METRICS = Map.of(
            "SpringExecutorBenchmark", Map.of("peakConcurrency", "tasks of the burst running at once"));

    /** What each class measures, in one line for the report; the class's Javadoc has the design. */
    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("WakeLatencyBenchmark", "One task submitted to a pool left idle for 1 ms, by a thread that "
                    + "then keeps its CPU busy until the task has started; the score is the time from submission to "
                    + "start. The task starts at once where a worker wakes on an idle CPU, and after up to milliseconds "
                    + "where it wakes on the submitter's."),
            Map.entry("ExternalSubmitBenchmark", "Tiny tasks submitted from 1, 2 and 4 threads outside the pool, in "
                    + "batches that are waited for; the score is tasks completed per second, all submitters together. "
                    + "Each submitter counts its own batch down and parks until the task that reaches 0 unparks it, "
                    + "in JVMs with default flags: the shape of the independent harness. The project's earlier variant "
                    + "(a latch whose waiter spun 64 times before parking, in JVMs with a fixed 2 GB heap) gave "
                    + "ThreadPoolExecutor 3.1 M and ForkJoinPool 18.2 M tasks/s where that harness measured 10.0 M and "
                    + "47.3 M. In one A/B run here, same jar, 2 submitters, the old shape gave TPE 4.0 M and FJP 24.5 M, "
                    + "the new one 6.3 M and 28.6 M: on 2 cores the spinning waiter takes a core the workers need, "
                    + "which costs the peers 1.2-1.6x; the rest of the gap is the other machine."),
            Map.entry("ForkJoinBenchmark", "Recursive fib(n) split into tasks down to a sequential threshold: "
                    + "spawn + join on Moirai, RecursiveTask fork + join on ForkJoinPool; computations per second."),
            Map.entry("WorkerDrainBenchmark", "Time per task for the workers to run 100,000 tiny tasks queued from "
                    + "outside while every worker was held busy: the workers' half of external submission, without "
                    + "submitters competing for the CPUs or wake-ups in the way."),
            Map.entry("SpawnCostBenchmark", "Time the caller spends per spawn (ForkJoinPool: submit from outside, "
                    + "fork inside), from an outside thread and from inside a worker."),
            Map.entry("PingPongBenchmark", "handOff: time per hop when two tasks pass a token by each submitting the "
                    + "other; roundTrip: submit one task from outside and wait until it has run."),
            Map.entry("BlockingLaneBenchmark", "A burst of tasks that each sleep, run at once; time until the last "
                    + "one is done. Moirai's blocking lane with 256 and 10,000 permits against a virtual thread per "
                    + "task and a fixed pool of 8 threads."),
            Map.entry("ListenerOverheadBenchmark", "The fork/join workload with no listener (moirai) and with one "
                    + "that does nothing (moirai-noop-listener)."),
            Map.entry("BlockingDetectorCostBenchmark", "The fork/join workload with blocking detection on (moirai, "
                    + "the default) and off (moirai-detection-off); for information."),
            Map.entry("TimerBenchmark", "schedule a task an hour or two ahead and cancel it, with 0 or 10,000 other "
                    + "timers pending; ScheduledThreadPoolExecutor with removeOnCancel as the peer."),
            Map.entry("IdleFootprint", "Heap retained by an idle executor with 16 started, parked threads, measured "
                    + "with JOL (thread stacks are native memory and not included)."),
            Map.entry("StealOrderBenchmark", "Fork/join fib(30) on Moirai with the detected topology (moirai) and with "
                    + "the same CPUs split into two synthetic NUMA nodes (moirai-two-nodes), so that own-node-first "
                    + "stealing is exercised; ForkJoinPool for reference; computations per second."),
            Map.entry("MutexBenchmark", "A short critical section (increment a shared long + 8 Blackhole tokens) and "
                    + "32 tokens outside it, by 1, 2 and 4 threads on one lock: Moirai's Mutex against ReentrantLock, "
                    + "synchronized and StampedLock's write lock; operations per microsecond, all threads together."),
            Map.entry("SimdReductionBenchmark", "sum and dot over float[] of 4,096 (L1), 131,072 (L2), 8,388,608 (L3) "
                    + "and 134,217,728 (memory) elements: Simd on the Vector API path (moirai), Simd forced onto its "
                    + "scalar path (moirai-scalar), the plain for loop (scalar-loop); passes per second, a pass reading "
                    + "4·n bytes (sum) or 8·n (dot)."),
            Map.entry("SimdAxpyBenchmark", "y[i] += alpha * x[i] over float[] of the same four sizes: Simd.axpy "
                    + "(moirai) against the plain loop, which C2 vectorizes itself (scalar-loop); passes per second, "
                    + "12·n bytes per pass."),
            Map.entry("MemoryBandwidthBenchmark", "Single-thread STREAM copy (8·n bytes per pass) and triad (12·n) over "
                    + "512 MiB float arrays: the memory bandwidth the SIMD kernels are held to at their main-memory size."),
            Map.entry("ChannelHandOffBenchmark", "One producer thread hands 10,000 items per operation to one consumer "
                    + "thread (platform or virtual threads, both started per operation): Moirai's bounded channel "
                    + "(capacity 128) against ArrayBlockingQueue (abq, 128); Moirai's rendezvous channel against "
                    + "SynchronousQueue (sq) and LinkedTransferQueue.transfer (ltq); items per second."),
            Map.entry("IterFixedCostBenchmark", "map(x*2).filter(x%3==0).sum() over an int[] of n elements, the pipeline "
                    + "built per operation: Moirai's sequential and parallel contexts against the hand-written loop, a "
                    + "sequential stream and a parallel stream; time per evaluation."),
            Map.entry("IterLargeInputBenchmark", "A CPU-heavy map (4 rounds of murmur3's finaliser) and a filter over "
                    + "range(0, n), summed: Moirai's parallel and hybrid contexts against a parallel stream on the common "
                    + "pool and a sequential stream; time per evaluation."),
            Map.entry("DistributedChunkBenchmark", "map(8 rounds of murmur3's finaliser, about 20 ns per element)"
                    + ".sum() over range(0, n) on the distributed context of 1 and 3 Hazelcast members in one JVM on "
                    + "loopback (cluster-1, cluster-3) against ExecutionContext.parallel on the same machine; time per "
                    + "evaluation. n=0 is one empty chunk's round trip; docs/distributed.md derives the per-chunk "
                    + "overhead and the break-even chunk cost."),
            Map.entry("SpscQueueBenchmark", "One producer and one consumer thread move items through a bounded "
                    + "single-producer single-consumer queue of capacity 1024: Moirai, JCTools' SpscArrayQueue, "
                    + "ArrayBlockingQueue; items moved per second."),
            Map.entry("MpscQueueBenchmark", "The same hand-off through a bounded multi-producer single-consumer queue "
                    + "(1 producer + 1 consumer on 2 cores): Moirai, JCTools' MpscArrayQueue, ArrayBlockingQueue."),
            Map.entry("MpmcQueueBenchmark", "The same hand-off through a bounded multi-producer multi-consumer queue "
                    + "(1 + 1 on 2 cores): Moirai, JCTools' MpmcArrayQueue, ArrayBlockingQueue."),
            Map.entry("UnboundedQueueBenchmark", "The same hand-off through an unbounded multi-producer single-consumer "
                    + "queue, the producer held to a 16,384-item window: Moirai, JCTools' MpscUnboundedArrayQueue, "
                    + "ConcurrentLinkedQueue, LinkedTransferQueue."),
            Map.entry("SpringExecutorBenchmark", "Each implementation in a real Spring Boot context: the Moirai "
                    + "starter (moirai: CPU lane; moirai-blocking: its default blocking lane; moirai-512 and "
                    + "moirai-256: blocking lane with that many permits) against Boot's own applicationTaskExecutor "
                    + "(boot-default: moirai.enabled=false, a ThreadPoolTaskExecutor with 8 threads; boot-virtual: "
                    + "also spring.threads.virtual.enabled=true, a virtual thread per task). execute: batches of "
                    + "1,000 tiny tasks through applicationTaskExecutor.execute, tasks completed per second; "
                    + "asyncProxyInline: the same through an @Async method of the same proxy whose executor runs "
                    + "the task on the caller, i.e. the proxy's own cost; async: the same through a plain @Async "
                    + "method, end to end; blockingBurst: 512 tasks that sleep 10 ms handed over at once, time "
                    + "until the last is done."));

    private Suite() {
    }

    /**
     * What a class measures, in one line.
     *
     * @param benchmarkClass the class's simple name
     * @return the summary, empty for an unknown class
     */
    static String summaryOf(String benchmarkClass) {
        return SUMMARIES.getOrDefault(benchmarkClass, "");
    }

    /**
     * The secondary metrics the report lists for a class.
     *
     * @param benchmarkClass the class's simple name
     * @return metric name to what it counts, empty for none
     */
    static Map<String, String> reportedMetricsOf(String benchmarkClass) {
        return REPORTED_METRICS.getOrDefault(benchmarkClass, Map.of());
    }

    /**
     * What the report says about a class beyond its scores and ratios, in Markdown.
     *
     * @param benchmarkClass the class's simple name
     * @param results        the results of that class
     * @return the paragraphs, empty for none
     */
    static String notesOf(String benchmarkClass, List<JmhResult> results) {
        return "SpringExecutorBenchmark".equals(benchmarkClass) ? AsyncProxyCost.render(results) : "";
    }

    /**
     * Whether an implementation is one of Moirai's variants in the given class.
     *
     * @param benchmarkClass the class's simple name
     * @param impl           the {@code impl} parameter
     * @return true for Moirai's variants, false for peers
     */
    static boolean isSubject(String benchmarkClass, String impl) {
        return SELF_COMPARISONS.contains(benchmarkClass) ? "moirai".equals(impl) : impl.startsWith("moirai");
    }

    /**
     * The goals about one class.
     *
     * @param benchmarkClass the class's simple name
     * @return its goals, possibly none
     */
    static List<Goal> goalsOf(String benchmarkClass) {
        return GOALS.stream().filter(goal -> goal.benchmarkClass().equals(benchmarkClass)).toList();
    }
}
