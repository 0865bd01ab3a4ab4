package io.moirai.runtime;

import java.util.List;

/**
 * The registered listeners as one: calls each in registration order and reports an exception
 * from any of them to the runtime's uncaught-exception handler, so a faulty listener can neither
 * fail a task nor stop the other listeners. Each callback goes only to the listeners that
 * override it (found once, by reflection, when the runtime is built), so a listener that cares
 * for finished tasks alone costs the other per-task paths nothing.
 */
final class Listeners implements RuntimeListener {

    private final RuntimeListener[] queued;
    private final RuntimeListener[] started;
    private final RuntimeListener[] finished;
    private final RuntimeListener[] events;
    private final MoiraiRuntime runtime;

    private Listeners(List<RuntimeListener> listeners, MoiraiRuntime runtime) {
        this.queued = overriding(listeners, "taskQueued", String.class, Lane.class);
        this.started = overriding(listeners, "taskStarted", String.class, Lane.class, long.class);
        this.finished = overriding(listeners, "taskFinished", String.class, Lane.class, TaskOutcome.class, long.class,
                long.class);
        this.events = overriding(listeners, "runtimeEvent", RuntimeEvent.class);
        this.runtime = runtime;
    }

    /** Null when there are none, so the hot path tests one field and calls nothing. */
    static RuntimeListener of(List<RuntimeListener> listeners, MoiraiRuntime runtime) {
        return listeners.isEmpty() ? null : new Listeners(listeners, runtime);
    }

    /** The listeners whose class overrides the callback; all of them if that cannot be told. */
    private static RuntimeListener[] overriding(List<RuntimeListener> listeners, String callback, Class<?>... parameters) {
        return listeners.stream().filter(listener -> {
            try {
                return listener.getClass().getMethod(callback, parameters).getDeclaringClass() != RuntimeListener.class;
            } catch (NoSuchMethodException | SecurityException e) {
                return true;
            }
        }).toArray(RuntimeListener[]::new);
    }

    @Override
    public void taskQueued(String name, Lane lane) {
        for (RuntimeListener listener : queued) {
            try {
                listener.taskQueued(name, lane);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void taskStarted(String name, Lane lane, long queueWaitNanos) {
        for (RuntimeListener listener : started) {
            try {
                listener.taskStarted(name, lane, queueWaitNanos);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        for (RuntimeListener listener : finished) {
            try {
                listener.taskFinished(name, lane, outcome, queueWaitNanos, runNanos);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void runtimeEvent(RuntimeEvent event) {
        for (RuntimeListener listener : events) {
            try {
                listener.runtimeEvent(event);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }
}
