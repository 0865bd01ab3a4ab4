package io.moirai.runtime;

/**
 * Where a task runs.
 *
 * <ul>
 *   <li>{@link #CPU}: the work-stealing pool of platform threads, one per parallelism slot. For
 *       work that computes; a task that blocks here is detected and compensated, but costs a
 *       core while it waits.</li>
 *   <li>{@link #BLOCKING}: virtual threads, at most {@code blockingConcurrency} running at once,
 *       the rest waiting in FIFO order. For work that waits on I/O, locks or sleeps.</li>
 * </ul>
 */
public enum Lane {
    /** The work-stealing lane of platform worker threads. */
    CPU,
    /** The bounded virtual-thread lane. */
    BLOCKING
}
