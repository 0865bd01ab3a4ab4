package io.moirai.runtime;

/**
 * The order in which waiting tasks start. Honoured where tasks wait in shared queues: the CPU
 * lane's injection queue and the blocking lane's waiting queue. Among tasks of one priority the
 * order is first in, first out. Priorities are strict: a {@code LOW} task starts only when no
 * {@code HIGH} or {@code NORMAL} task is waiting in the same queue.
 */
public enum Priority {
    /** Starts before any waiting {@code NORMAL} or {@code LOW} task. */
    HIGH,
    /** The default. */
    NORMAL,
    /** Starts only when nothing of higher priority waits. */
    LOW
}
