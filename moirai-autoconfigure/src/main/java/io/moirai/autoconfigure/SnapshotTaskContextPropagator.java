package io.moirai.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.moirai.spring.TaskContextPropagator;
import org.springframework.util.ClassUtils;

/**
 * Context propagation on Micrometer context-propagation: every {@link ThreadLocalAccessor} in
 * the global {@link ContextRegistry} (Spring Security and Micrometer Observation register theirs
 * through {@code ServiceLoader}) is captured at submission and set around the task.
 *
 * <p>{@code clearMissing(true)} is what makes this safe on pooled threads: an accessor whose
 * value was absent at submission is cleared on the running thread for the task's duration, so a
 * task submitted without a {@code SecurityContext} never sees one left behind by an earlier task;
 * closing the scope afterwards puts back what the thread had before, which for the runtime's
 * threads is nothing.
 */
final class SnapshotTaskContextPropagator implements TaskContextPropagator {

    private final ContextSnapshotFactory snapshots;

    SnapshotTaskContextPropagator(ContextRegistry registry) {
        this.snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build();
    }

    /**
     * Uses the global registry, with an accessor for the whole SLF4J MDC added when SLF4J is
     * present and nothing else propagates the MDC yet.
     *
     * @param classLoader the application's class loader
     * @return the propagator
     */
    static SnapshotTaskContextPropagator usingGlobalRegistry(ClassLoader classLoader) {
        ContextRegistry registry = ContextRegistry.getInstance();
        if (ClassUtils.isPresent("org.slf4j.MDC", classLoader)) {
            registerMdcAccessorIfAbsent(registry);
        }
        return new SnapshotTaskContextPropagator(registry);
    }

    static void registerMdcAccessorIfAbsent(ContextRegistry registry) {
        synchronized (registry) {
            boolean present = registry.getThreadLocalAccessors().stream()
                    .anyMatch(accessor -> Slf4jThreadLocalAccessor.KEY.equals(accessor.key()));
            if (!present) {
                registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
            }
        }
    }

    @Override
    public Runnable wrap(Runnable task) {
        return this.snapshots.captureAll().wrap(task);
    }
}
