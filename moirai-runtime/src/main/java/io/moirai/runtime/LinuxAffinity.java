package io.moirai.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * The downcall behind {@link Affinity}: glibc's (or musl's)
 * {@code int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)}, pid 0 meaning
 * the calling thread. A {@code cpu_set_t} is a bitmask of unsigned longs, CPU {@code n} at bit
 * {@code n % 64} of word {@code n / 64}; glibc's fixed type holds 1024 CPUs, but the system call
 * takes any size that covers the CPU asked for, so masks here are sized to that CPU (at least
 * 1024 bits). Each call allocates its mask in a confined arena, freed when the call returns.
 */
final class LinuxAffinity {

    private static final System.Logger LOG = System.getLogger(Affinity.class.getName());
    private static final long MIN_MASK_BYTES = 128L;

    private final MethodHandle setAffinity;

    private LinuxAffinity(MethodHandle setAffinity) {
        this.setAffinity = setAffinity;
    }

    /** Links the function, or logs once why it cannot and returns {@code null}. */
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
            MemorySegment set = linker.defaultLookup().find("sched_setaffinity").orElse(null);
            if (set == null) {
                return unavailable("the C library has no sched_setaffinity");
            }
            return new LinuxAffinity(linker.downcallHandle(set, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS)));
        } catch (IllegalCallerException denied) {
            return unavailable("native access is denied (" + denied.getMessage()
                    + "); start the JVM with --enable-native-access=" + nativeAccessName());
        } catch (RuntimeException | LinkageError failed) {
            return unavailable(failed.toString());
        }
    }

    /** What {@code --enable-native-access} must name for this class: its module, or the class path. */
    private static String nativeAccessName() {
        Module module = LinuxAffinity.class.getModule();
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
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
}
