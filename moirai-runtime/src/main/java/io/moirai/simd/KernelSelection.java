package io.moirai.simd;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once, when {@link Simd} initialises.
 *
 * <p>{@code VectorKernels} names classes of {@code jdk.incubator.vector}, which the JVM can
 * link only when that module is resolved. Nothing here names it in a signature, a cast or a
 * {@code new}, so no verifier or resolver touches it; it is loaded by name, and only after
 * {@link ModuleLayer#boot()} has shown the module present.
 */
final class KernelSelection {

    /** Set to {@code true} to force the scalar path, e.g. to compare the two. */
    static final String DISABLED_PROPERTY = "moirai.simd.disabled";

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String VECTOR_KERNELS = "io.moirai.simd.VectorKernels";

    private KernelSelection() {
    }

    static Kernels select() {
        return select(Boolean.getBoolean(DISABLED_PROPERTY),
                ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
                System.getLogger(Simd.class.getName()));
    }

    /**
     * The kernels for the given circumstances, logging one line when they are the scalar ones.
     *
     * @param disabled            whether {@value #DISABLED_PROPERTY} is {@code true}
     * @param vectorModulePresent whether the boot layer holds {@value #VECTOR_MODULE}
     * @param log                 where the line goes
     * @return the kernels to use
     */
    static Kernels select(boolean disabled, boolean vectorModulePresent, Logger log) {
        if (disabled) {
            log.log(Level.INFO, "SIMD kernels use the scalar path: " + DISABLED_PROPERTY + "=true");
            return new ScalarKernels();
        }
        if (!vectorModulePresent) {
            log.log(Level.INFO, "SIMD kernels use the scalar path; start the JVM with --add-modules "
                    + VECTOR_MODULE + " to enable the Vector API path");
            return new ScalarKernels();
        }
        try {
            Class<? extends Kernels> type = Class.forName(VECTOR_KERNELS).asSubclass(Kernels.class);
            if (!(boolean) type.getDeclaredMethod("isUseful").invoke(null)) {
                log.log(Level.INFO, "SIMD kernels use the scalar path: the Vector API offers no useful vector"
                        + " width on this CPU");
                return new ScalarKernels();
            }
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            log.log(Level.WARNING, "SIMD kernels use the scalar path: the Vector API path failed to load", e);
            return new ScalarKernels();
        }
    }
}
