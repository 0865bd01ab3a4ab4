package io.moirai.runtime;

/** How a task ended. Every task the runtime is given ends exactly once, in one of these. */
public enum TaskOutcome {
    /** It ran and returned normally. */
    COMPLETED,
    /** It ran and threw. */
    FAILED,
    /** It was cancelled, before it started (deadline passed, {@code cancel}) or while running. */
    CANCELLED,
    /** It was refused at submission or evicted from a full queue. */
    REJECTED,
    /** It was queued when {@link MoiraiRuntime#shutdownNow()} returned it unstarted. */
    NEVER_STARTED
}
