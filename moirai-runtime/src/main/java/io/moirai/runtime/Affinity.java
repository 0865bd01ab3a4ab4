package io.moirai.runtime;

/**
 * Thread affinity for the CPU lane's workers: pins the calling thread to one CPU. Linux only,
 * through {@code sched_setaffinity(2)} called with the Foreign Function &amp; Memory API.
 *
 * <p>Not public: pinning acts on the runtime's own threads, asked for with
 * {@code MoiraiRuntime.Builder.pinWorkers(true)}, and a public class would be reachable by every
 * application on the class path whatever the module descriptor exports.
 * {@code io.moirai.topology} describes the machine and touches nothing native.
 *
 * <p><b>Native access.</b> Linking a native function is a <em>restricted</em> operation on JDK 25:
 * without {@code --enable-native-access=ALL-UNNAMED} (or {@code io.moirai.runtime} when Moirai
 * runs on the module path) the JDK prints a warning the first time, and with
 * {@code --illegal-native-access=deny} it refuses. Nothing native is touched until
 * {@link #isSupported()} is first called, which the runtime does only when pinning is asked for.
 * Where affinity is unavailable (not Linux, not a 64-bit {@code size_t}, the function not found,
 * native access denied) {@link #isSupported()} is false, pinning does nothing and returns false,
 * and one {@code WARNING} is logged through {@link System.Logger} for the life of the JVM.
 */
final class Affinity {

    /**
     * One more than the largest CPU a mask built here names: larger than any CPU number Linux
     * supports (CONFIG_NR_CPUS is at most 8192).
     */
    static final int MAX_CPU = 1 << 16;

    private Affinity() {
    }

    /**
     * Whether threads can be pinned here. The first call links the native function.
     *
     * @return true on Linux with native access available
     */
    static boolean isSupported() {
        return Native.AFFINITY != null;
    }

    /**
     * Pins the calling thread to one CPU: from now on the kernel runs it on that CPU only.
     *
     * <p>A CPU id from {@code 2^16} up is refused like one the kernel refuses, not rejected with
     * an exception: a {@code Topology} built by hand may name any id, and the caller is a worker
     * thread starting, which must run unpinned rather than die.
     *
     * @param cpu a CPU id, not negative
     * @return true if the thread is pinned; false if affinity is not supported here or the CPU is
     *         refused (offline, absent, outside this process's cgroup cpuset, or not below
     *         {@link #MAX_CPU})
     * @throws IllegalArgumentException if {@code cpu} is negative
     */
    static boolean pinCurrentThread(int cpu) {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must not be negative, was " + cpu);
        }
        LinuxAffinity affinity = Native.AFFINITY;
        return affinity != null && cpu < MAX_CPU && affinity.pin(cpu);
    }

    /** Initialised on first use, so the native linker is reached only when affinity is asked for. */
    private static final class Native {
        static final LinuxAffinity AFFINITY = LinuxAffinity.loadOrNull();
    }
}
