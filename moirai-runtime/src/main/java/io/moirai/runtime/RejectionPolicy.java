package io.moirai.runtime;

/**
 * What happens to a submission when its lane already holds {@code queueCapacity} waiting tasks.
 * Applies only when {@link MoiraiRuntime.Builder#queueCapacity(int)} is set; an unbounded runtime
 * never rejects for capacity. A runtime that is shut down rejects every submission from outside
 * its own threads with {@link java.util.concurrent.RejectedExecutionException}, whatever the
 * policy. Every rejection is counted in {@link RuntimeSnapshot#rejected()}.
 */
public enum RejectionPolicy {
    /** Throw {@link java.util.concurrent.RejectedExecutionException}. The default. */
    ABORT,
    /**
     * Run the task on the submitting thread, which slows the submitter down to the runtime's
     * pace.
     */
    CALLER_RUNS,
    /**
     * Wait up to {@link MoiraiRuntime.Builder#blockTimeout(java.time.Duration)} for space, then
     * throw {@link java.util.concurrent.RejectedExecutionException}, at once if the runtime shuts
     * down while the submitter waits. A runtime thread that submits
     * never waits (waiting there could deadlock the lane it waits on); it runs the task itself.
     */
    BLOCK,
    /**
     * Evict the oldest waiting task of the lowest waiting priority, fail its handle with
     * {@link java.util.concurrent.RejectedExecutionException} (counted as rejected), and queue the
     * new one. The action of a {@code CompletableFuture}'s asynchronous stage, given to
     * {@code execute} as it is or inside a {@link TaskWrapper}, is never discarded (nothing could
     * complete its stage then): the submitter runs it in its place, as {@link #CALLER_RUNS} would.
     */
    DISCARD_OLDEST
}
