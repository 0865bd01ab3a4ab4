/**
 * Moirai's runtime: a work-stealing scheduler with a virtual-thread lane, lock-free
 * structures, synchronization primitives, channels, the unified iterator, SIMD kernels and
 * the machine's topology, on the JDK alone.
 *
 * <pre>{@code
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(4).build()) {
 *     TaskHandle<Report> report = runtime.spawn(() -> build());
 *     ...
 * }
 * }</pre>
 *
 * <p>The seven packages below are the whole public API; everything else (workers, queues,
 * idling, timers, the work-stealing deque, thread pinning) is package-private. The module works
 * the same on the class path, which is how Spring Boot applications use it.
 *
 * <p>{@code jdk.incubator.vector} is optional: {@link io.moirai.simd.Simd} takes its Vector API
 * path only when the JVM runs with {@code --add-modules jdk.incubator.vector}, and its scalar
 * path otherwise. Pinning workers to CPUs calls {@code sched_setaffinity} through the Foreign
 * Function &amp; Memory API, a restricted method: run with
 * {@code --enable-native-access=io.moirai.runtime} on the module path
 * ({@code ALL-UNNAMED} on the class path) to keep the JDK from warning.
 */
module io.moirai.runtime {
    // Blocking detection reads threads' CPU time through ThreadMXBean.
    requires java.management;
    // Loaded by name, only after ModuleLayer.boot() has shown the module present.
    requires static jdk.incubator.vector;

    exports io.moirai.runtime;
    exports io.moirai.concurrent;
    exports io.moirai.sync;
    exports io.moirai.channel;
    exports io.moirai.iter;
    exports io.moirai.simd;
    exports io.moirai.topology;
}
