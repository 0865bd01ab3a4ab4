package io.moirai.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Pins a benchmark thread to a CPU of its own, on Linux, through {@code sched_setaffinity}; does
 * nothing elsewhere or when there are fewer CPUs than threads.
 *
 * <h2>Why</h2>
 * A hand-off benchmark ({@link QueueHandOff}) means to measure a producer and a consumer on two
 * cores. Left to the scheduler, both threads sometimes share one CPU for seconds or whole forks,
 * while something else (another process, the JIT's compiler threads) has the other one. Such a
 * fork measures time slices, not the queue: the producer fills the queue, spins, yields, the
 * consumer empties it, spins, yields, and each side fails exactly {@link QueueHandOff#SPINS}
 * times per capacity's worth of items, which is how those forks are recognised in old results.
 * That made SPSC forks 4 to 6 times slower, and MPSC forks up to 3 times faster, than forks with
 * a core each, whichever queue ran. With each thread of the group pinned to a CPU of its own the
 * mode cannot occur; the CPU time each side reports shows what other load still took.
 *
 * <p>The CPUs are those the JVM may run on ({@code sched_getaffinity}), in ascending order;
 * thread {@code i} of {@code n} gets the {@code i}-th. Uses {@code java.lang.foreign}, so the
 * benchmarks fork with {@code --enable-native-access=ALL-UNNAMED}.
 */
final class ThreadAffinity {

    /** Bytes of a {@code cpu_set_t}: 1024 CPUs. */
    private static final long CPU_SET_BYTES = 128;

    private static final Optional<MethodHandle> GET = find("sched_getaffinity");
    private static final Optional<MethodHandle> SET = find("sched_setaffinity");

    private ThreadAffinity() {
    }

    /**
     * Pins the calling thread to the {@code index}-th CPU it may run on, if there are at least
     * {@code count} of them.
     *
     * @param index the thread's index among the threads to place, from 0
     * @param count the number of threads to place, each on a CPU of its own
     * @return whether the thread was pinned
     */
    static boolean pinToOwnCpu(int index, int count) {
        if (GET.isEmpty() || SET.isEmpty()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment allowed = arena.allocate(CPU_SET_BYTES);
            if ((int) GET.get().invokeExact(0, CPU_SET_BYTES, allowed) != 0) {   // 0: the calling thread
                return false;
            }
            int cpu = nthCpu(allowed, index, count);
            if (cpu < 0) {
                return false;
            }
            MemorySegment one = arena.allocate(CPU_SET_BYTES);
            one.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            return (int) SET.get().invokeExact(0, CPU_SET_BYTES, one) == 0;
        } catch (Throwable e) {
            throw new IllegalStateException("sched_setaffinity failed", e);
        }
    }

    /** The {@code index}-th CPU set in {@code mask}, or -1 if fewer than {@code count} are set. */
    private static int nthCpu(MemorySegment mask, int index, int count) {
        int seen = 0;
        int chosen = -1;
        for (int cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) {
            if ((mask.get(ValueLayout.JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) {
                if (seen == index) {
                    chosen = cpu;
                }
                seen++;
            }
        }
        return seen >= count ? chosen : -1;
    }

    /** {@code int name(pid_t, size_t, cpu_set_t *)} from the C library, where there is one. */
    private static Optional<MethodHandle> find(String name) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS)));
    }
}
