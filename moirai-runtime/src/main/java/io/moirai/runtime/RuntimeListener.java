package io.moirai.runtime;

/**
 * Receives task life-cycle timings and runtime events: the SPI that metrics, tracing and audit
 * integrations build on. Register with {@link MoiraiRuntime.Builder#listener(RuntimeListener)}.
 *
 * <p>Callbacks run synchronously on the thread where the event happens (a worker, a virtual
 * thread, the timer thread or a submitter), so they must be fast and must not block; an exception
 * thrown by a callback is caught and reported to the runtime's uncaught-exception handler, never
 * to the task. With no listener registered the runtime reads no clock and calls nothing; the same
 * holds for the task callbacks when no listener {@linkplain #observesTasks() observes tasks}.
 *
 * <p>Task callbacks carry primitives only, so a listener that feeds timers allocates nothing per
 * task on the runtime's side.
 */
public interface RuntimeListener {

    /**
     * Whether this listener wants the task callbacks ({@link #taskQueued}, {@link #taskStarted},
     * {@link #taskFinished}). Each costs the runtime clock reads and calls on every task's path,
     * so a listener that only needs {@link #runtimeEvent} returns {@code false} and the runtime
     * skips that work for it. Asked once, when the runtime is built.
     *
     * @return {@code true} (the default) to receive the task callbacks
     */
    default boolean observesTasks() {
        return true;
    }

    /**
     * A task was accepted and waits to start.
     *
     * @param name the task's name, empty when unnamed
     * @param lane its lane
     */
    default void taskQueued(String name, Lane lane) {
    }

    /**
     * A task started. A periodic task reports each run as a started/finished pair.
     *
     * @param name           the task's name
     * @param lane           its lane
     * @param queueWaitNanos how long it waited between acceptance (or its timer firing) and start
     */
    default void taskStarted(String name, Lane lane, long queueWaitNanos) {
    }

    /**
     * A task ended, or one run of a periodic task did. Called once per task with whichever outcome
     * it reached, and in addition with {@code COMPLETED} after every run of a periodic task that
     * the task survives (so each {@link #taskStarted} has its finish, and never before it). For
     * tasks that never ran (cancelled before start, rejected, never started), {@code runNanos} is
     * 0. A task cancelled while it runs is counted, and its handle completed, at once; this call
     * comes when its body returns, on its thread, with the time it ran.
     *
     * @param name           the task's name
     * @param lane           its lane
     * @param outcome        how it ended
     * @param queueWaitNanos how long it waited to start (0 if it never started)
     * @param runNanos       how long it ran
     */
    default void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
    }

    /**
     * Something happened to the runtime as a whole.
     *
     * @param event the event
     */
    default void runtimeEvent(RuntimeEvent event) {
    }
}
