package io.moirai.runtime;

/** The life-cycle state of a {@link MoiraiRuntime}, as the snapshot and health report it. */
public enum RuntimeState {
    /** Accepting and running tasks. */
    RUNNING,
    /** Accepting tasks within capacity, starting none until {@link MoiraiRuntime#resume()}. */
    PAUSED,
    /** {@link MoiraiRuntime#shutdown()} was called: rejecting new work, finishing accepted work. */
    SHUTTING_DOWN,
    /** {@link MoiraiRuntime#shutdownNow()} was called: running tasks were interrupted. */
    STOPPING,
    /** Every accepted task has ended and every thread of the runtime has exited. */
    TERMINATED
}
