package io.moirai.topology;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The downcalls behind {@link Affinity}: glibc's (or musl's)
 * {@code int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)} and
 * {@code sched_getaffinity} with the same signature, pid 0 meaning the calling thread. A
 * {@code cpu_set_t} is a bitmask of unsigned longs, CPU {@code n} at bit {@code n % 64} of word
 * {@code n / 64}; glibc's fixed type holds 1024 CPUs, but the system calls take any size that
 * covers the kernel's CPU count, so masks here are sized to the CPU asked for (at least 1024
 * bits) and reading grows the mask until the kernel accepts it. Each call allocates its mask in a
 * confined arena, freed when the call returns.
 */
final class LinuxAffinity {

    private static final System.Logger LOG = System.getLogger(Affinity.class.getName());
    private static final long MIN_MASK_BYTES = 128L;
    private static final long MAX_MASK_BYTES = CpuList.MAX_CPU / 8;

    private final MethodHandle setAffinity;
    private final MethodHandle getAffinity;

    private LinuxAffinity(MethodHandle setAffinity, MethodHandle getAffinity) {
        this.setAffinity = setAffinity;
        this.getAffinity = getAffinity;
    }

    /** Links the functions, or logs once why it cannot and returns {@code null}. */
    static LinuxAffinity loadOrNull() {
        try {
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
                return unavailable("the operating system is " + os + ", not Linux");
            }
            Linker linker = Linker.nativeLinker();
            MemoryLayout sizeT = linker.canonicalLayouts().get("size_t");
            if (!ValueLayout.JAVA_LONG.equals(sizeT)) {
                return unavailable("size_t is not 64 bits wide here");
            }
            SymbolLookup libc = linker.defaultLookup();
            FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
            MemorySegment set = libc.find("sched_setaffinity").orElse(null);
            MemorySegment get = libc.find("sched_getaffinity").orElse(null);
            if (set == null || get == null) {
                return unavailable("the C library has no sched_setaffinity/sched_getaffinity");
            }
            return new LinuxAffinity(linker.downcallHandle(set, signature), linker.downcallHandle(get, signature));
        } catch (IllegalCallerException denied) {
            return unavailable("native access is denied (" + denied.getMessage()
                    + "); start the JVM with --enable-native-access=ALL-UNNAMED");
        } catch (RuntimeException | LinkageError failed) {
            return unavailable(failed.toString());
        }
    }

    private static LinuxAffinity unavailable(String why) {
        LOG.log(System.Logger.Level.WARNING, "Thread affinity is unavailable: " + why
                + "; threads are not pinned to CPUs.");
        return null;
    }

    boolean pin(int cpu) {
        long bytes = Math.max(MIN_MASK_BYTES, (cpu / 64 + 1) * 8L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(bytes, 8L);
            mask.setAtIndex(ValueLayout.JAVA_LONG, cpu / 64, 1L << (cpu % 64));
            return (int) setAffinity.invokeExact(0, bytes, mask) == 0;
        } catch (Throwable failed) {
            return false;
        }
    }

    Set<Integer> currentCpus() {
        for (long bytes = MIN_MASK_BYTES; bytes <= MAX_MASK_BYTES; bytes <<= 1) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mask = arena.allocate(bytes, 8L);
                if ((int) getAffinity.invokeExact(0, bytes, mask) < 0) {
                    continue; // EINVAL: the mask is smaller than the kernel's CPU count
                }
                SortedSet<Integer> cpus = new TreeSet<>();
                for (long word = 0; word < bytes / 8; word++) {
                    long bits = mask.getAtIndex(ValueLayout.JAVA_LONG, word);
                    while (bits != 0L) {
                        cpus.add((int) (word * 64 + Long.numberOfTrailingZeros(bits)));
                        bits &= bits - 1;
                    }
                }
                return Collections.unmodifiableSortedSet(cpus);
            } catch (Throwable failed) {
                return Set.of();
            }
        }
        return Set.of();
    }
}
