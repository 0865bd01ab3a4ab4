package io.moirai.spring;

/**
 * What happens to accepted tasks when the runtime stops with the application context: set by
 * {@code moirai.shutdown.mode} ({@code drain} or {@code cancel}) and reported by
 * {@link MoiraiRuntimeStoppedEvent#getMode()}.
 */
public enum ShutdownMode {

    /** Accepted tasks finish within the await termination period. */
    DRAIN,

    /** Running tasks are interrupted and queued tasks are abandoned at once. */
    CANCEL
}
