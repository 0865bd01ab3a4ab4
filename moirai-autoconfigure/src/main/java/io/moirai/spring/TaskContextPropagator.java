package io.moirai.spring;

/**
 * Carries the submitting thread's context (Spring Security's {@code SecurityContext}, the
 * logging MDC, Micrometer's current observation) to the thread that runs a task, and restores
 * that thread's own values afterwards. Applied by {@link MoiraiTaskExecutor} and {@link MoiraiTaskScheduler} to
 * every task, outside any {@code TaskDecorator}, so a decorator's own code sees the caller's
 * context too.
 *
 * <p>The auto-configured one builds on Micrometer context-propagation; an application may
 * define its own bean of this type to change what travels.
 */
@FunctionalInterface
public interface TaskContextPropagator {

    /** Propagates nothing: the task runs with whatever the running thread has. */
    TaskContextPropagator NONE = task -> task;

    /**
     * Captures the calling thread's context and returns a task that runs {@code task} within
     * it, then restores the running thread's own state.
     *
     * @param task the task, called on the submitting thread
     * @return the task to hand to the runtime
     */
    Runnable wrap(Runnable task);
}
