package io.moirai.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.moirai.runtime.TaskWrapper;
import io.moirai.spring.TaskContextPropagator;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * Context propagation over Micrometer context-propagation's {@link ThreadLocalAccessor}s: every
 * accessor in the {@link ContextRegistry} (Spring Security and Micrometer Observation register
 * theirs through {@code ServiceLoader}) is read at submission and set around the task.
 *
 * <p>Semantics are those of {@code ContextSnapshotFactory} with {@code clearMissing(true)}: an
 * accessor whose value was absent at submission is cleared on the running thread for the task's
 * duration, so a task submitted without a {@code SecurityContext} never sees one left behind by an
 * earlier task; afterwards each accessor is restored to what the running thread had before
 * ({@code restore(previous)}, or {@code restore()} where it had nothing), in reverse order.
 *
 * <p>An accessor that throws does not leave the others' values behind: one that fails while the
 * values are set stops the task from running, and those already set are restored; one that fails
 * to restore leaves the others to be restored all the same. Its exception is what the task then
 * ends with (added to the task's own failure, if the task failed), so the runtime reports it as
 * it reports a failed task.
 */
final class AccessorTaskContextPropagator implements TaskContextPropagator {

    /*
     * Why not ContextSnapshotFactory.captureAll(): it builds a map of key to value per task, and
     * another for the previous values when the task runs. Here the accessors are an array read
     * once from the registry (and again only when the registry's list changes), the captured
     * values an array by index, and the running thread's previous values an array allocated only
     * when some accessor had a value there, which a runtime thread between tasks does not. A task
     * with nothing to carry costs one small wrapper: clearing still has to happen on the running
     * thread, or a value left behind by an earlier task would leak into it.
     */

    private final ContextRegistry registry;
    private volatile ThreadLocalAccessor<?>[] accessors = new ThreadLocalAccessor<?>[0];

    AccessorTaskContextPropagator(ContextRegistry registry) {
        this.registry = registry;
    }

    /**
     * Uses the global registry, with an accessor for the whole SLF4J MDC added when SLF4J is
     * present and nothing else propagates the MDC yet.
     *
     * @param classLoader the application's class loader
     * @return the propagator
     */
    static AccessorTaskContextPropagator usingGlobalRegistry(ClassLoader classLoader) {
        ContextRegistry registry = ContextRegistry.getInstance();
        if (ClassUtils.isPresent("org.slf4j.MDC", classLoader)) {
            registerMdcAccessorIfAbsent(registry);
        }
        return new AccessorTaskContextPropagator(registry);
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
        ThreadLocalAccessor<?>[] current = currentAccessors();
        Object[] values = null;
        for (int i = 0; i < current.length; i++) {
            Object value = current[i].getValue();
            if (value != null) {
                if (values == null) {
                    values = new Object[current.length];
                }
                values[i] = value;
            }
        }
        return new ContextTask(task, current, values);
    }

    /**
     * The registry's accessors, re-read only when its list no longer matches the cached array.
     * The list is a live view of the registry's copy-on-write list: an accessor removed by another
     * thread between {@code size()} and {@code get(i)} makes {@code get} throw, which means the
     * list changed, not that the submission failed.
     */
    private ThreadLocalAccessor<?>[] currentAccessors() {
        List<ThreadLocalAccessor<?>> listed = registry.getThreadLocalAccessors();
        ThreadLocalAccessor<?>[] cached = accessors;
        if (listed.size() == cached.length) {
            boolean same = true;
            try {
                for (int i = 0; i < cached.length && same; i++) {
                    same = listed.get(i) == cached[i];
                }
            } catch (IndexOutOfBoundsException removedMeanwhile) {
                same = false;
            }
            if (same) {
                return cached;
            }
        }
        ThreadLocalAccessor<?>[] fresh = listed.toArray(new ThreadLocalAccessor<?>[0]);
        accessors = fresh;
        return fresh;
    }

    /**
     * The task with the values captured at submission; {@code values} null when all were absent.
     * The runtime's reports name it by the task it wraps.
     */
    private record ContextTask(Runnable task, ThreadLocalAccessor<?>[] accessors, Object[] values)
            implements Runnable, TaskWrapper {

        @Override
        public void run() {
            Object[] previous = enter();
            try {
                task.run();
            } catch (Throwable failure) {
                exit(previous, failure);
                throw failure;
            }
            exit(previous, null);
        }

        @Override
        public Object wrappedTask() {
            return task;
        }

        /**
         * Sets every captured value and clears the rest; returns the running thread's values, or
         * null if it had none. An accessor that has no value here is already clear: clearing it
         * again cost a call into it per task (a thread-local store for the MDC's), on every
         * fresh virtual thread of the blocking lane.
         */
        private Object[] enter() {
            Object[] previous = null;
            int i = 0;
            try {
                for (; i < accessors.length; i++) {
                    ThreadLocalAccessor<?> accessor = accessors[i];
                    Object before = accessor.getValue();
                    if (before != null) {
                        if (previous == null) {
                            previous = new Object[accessors.length];
                        }
                        previous[i] = before;
                    }
                    Object value = (values != null) ? values[i] : null;
                    if (value != null) {
                        set(accessor, value);
                    } else if (before != null) {
                        accessor.setValue();
                    }
                }
            } catch (Throwable failure) {
                // the task will not run: the accessors already set must not keep its values on this
                // thread (a worker would show them to whatever it runs next, a submitter running the
                // task itself would lose its own); the failing one is left as it is
                exit(previous, i, failure);
                throw failure;
            }
            return previous;
        }

        private void exit(Object[] previous, Throwable taskFailure) {
            exit(previous, accessors.length, taskFailure);
        }

        /**
         * Restores the first {@code count} accessors, in reverse order. One that throws does not
         * keep the others from being restored: its failure is added to the task's, if the task
         * failed, or thrown once all are done (the first one, with any later ones suppressed).
         */
        private void exit(Object[] previous, int count, Throwable taskFailure) {
            Throwable failure = taskFailure;
            for (int i = count - 1; i >= 0; i--) {
                try {
                    Object before = (previous != null) ? previous[i] : null;
                    if (before != null) {
                        restore(accessors[i], before);
                    } else {
                        accessors[i].restore();
                    }
                } catch (Throwable ex) {
                    if (failure == null) {
                        failure = ex;
                    } else {
                        failure.addSuppressed(ex);
                    }
                }
            }
            if (failure != taskFailure) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (failure instanceof RuntimeException runtime) ? runtime : new IllegalStateException(failure);
            }
        }

        @SuppressWarnings("unchecked")
        private static <V> void set(ThreadLocalAccessor<V> accessor, Object value) {
            accessor.setValue((V) value);
        }

        @SuppressWarnings("unchecked")
        private static <V> void restore(ThreadLocalAccessor<V> accessor, Object value) {
            accessor.restore((V) value);
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
