package io.moirai.topology;

import java.util.Set;

/**
 * Thread affinity: pins the calling thread to one CPU, and reads the CPUs it may run on. Linux
 * only, through {@code sched_setaffinity(2)} / {@code sched_getaffinity(2)} called with the
 * Foreign Function &amp; Memory API.
 *
 * <pre>{@code
 * if (Affinity.pinCurrentThread(3)) {
 *     assert Affinity.currentThreadCpus().equals(Set.of(3));
 * }
 * }</pre>
 *
 * <p><b>Native access.</b> Linking a native function is a <em>restricted</em> operation on JDK 25:
 * without {@code --enable-native-access=ALL-UNNAMED} (or the module's name when Moirai runs on the
 * module path) the JDK prints a warning the first time, and with
 * {@code --illegal-native-access=deny} it refuses. Nothing native is touched until one of these
 * methods is first called (the runtime calls them only when
 * {@code MoiraiRuntime.Builder.pinWorkers(true)} is set). Where affinity is unavailable (not Linux,
 * not a 64-bit {@code size_t}, the functions not found, native access denied) every method
 * degrades: {@link #isSupported()} is false, pinning does nothing and returns false, and one
 * {@code WARNING} is logged through {@link System.Logger} for the life of the JVM.
 */
public final class Affinity {

    private Affinity() {
    }

    /**
     * Whether threads can be pinned here. The first call links the native functions.
     *
     * @return true on Linux with native access available
     */
    public static boolean isSupported() {
        return Native.AFFINITY != null;
    }

    /**
     * Pins the calling thread to one CPU: from now on the kernel runs it on that CPU only.
     *
     * @param cpu a CPU id, not negative
     * @return true if the thread is pinned; false if affinity is not supported here or the kernel
     *         refused the CPU (offline, absent, or outside this process's cgroup cpuset)
     * @throws IllegalArgumentException if {@code cpu} is negative or beyond any CPU Linux supports
     */
    public static boolean pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= CpuList.MAX_CPU) {
            throw new IllegalArgumentException("cpu must be between 0 and " + (CpuList.MAX_CPU - 1) + ", was " + cpu);
        }
        LinuxAffinity affinity = Native.AFFINITY;
        return affinity != null && affinity.pin(cpu);
    }

    /**
     * The CPUs the calling thread may run on, as the kernel has them now.
     *
     * @return the CPUs, ascending; empty if affinity is not supported here or cannot be read
     */
    public static Set<Integer> currentThreadCpus() {
        LinuxAffinity affinity = Native.AFFINITY;
        return affinity != null ? affinity.currentCpus() : Set.of();
    }

    /** Initialised on first use, so the native linker is reached only when affinity is asked for. */
    private static final class Native {
        static final LinuxAffinity AFFINITY = LinuxAffinity.loadOrNull();
    }
}
