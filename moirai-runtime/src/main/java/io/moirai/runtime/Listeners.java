package io.moirai.runtime;

import java.util.List;

/**
 * The registered listeners as one: calls each in registration order and reports an exception
 * from any of them to the runtime's uncaught-exception handler, so a faulty listener can neither
 * fail a task nor stop the other listeners.
 */
final class Listeners implements RuntimeListener {

    private final RuntimeListener[] listeners;
    private final MoiraiRuntime runtime;

    private Listeners(RuntimeListener[] listeners, MoiraiRuntime runtime) {
        this.listeners = listeners;
        this.runtime = runtime;
    }

    /** Null when there are none, so the hot path tests one field and calls nothing. */
    static RuntimeListener of(List<RuntimeListener> listeners, MoiraiRuntime runtime) {
        return listeners.isEmpty() ? null : new Listeners(listeners.toArray(RuntimeListener[]::new), runtime);
    }

    @Override
    public void taskQueued(String name, Lane lane) {
        for (RuntimeListener listener : listeners) {
            try {
                listener.taskQueued(name, lane);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void taskStarted(String name, Lane lane, long queueWaitNanos) {
        for (RuntimeListener listener : listeners) {
            try {
                listener.taskStarted(name, lane, queueWaitNanos);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        for (RuntimeListener listener : listeners) {
            try {
                listener.taskFinished(name, lane, outcome, queueWaitNanos, runNanos);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }

    @Override
    public void runtimeEvent(RuntimeEvent event) {
        for (RuntimeListener listener : listeners) {
            try {
                listener.runtimeEvent(event);
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }
}
