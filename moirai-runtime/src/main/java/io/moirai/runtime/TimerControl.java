package io.moirai.runtime;

import java.util.OptionalLong;

/**
 * One runtime's timer as a {@linkplain TimeSource#isVirtual() virtual time source} sees it: what
 * is due next, a wake-up after time moved, and whether everything that fell due has run. A
 * source receives it through {@link TimeSource#attach(TimerControl)}; applications never
 * implement it.
 *
 * <p>A virtual clock advances in steps: it moves its time to the earliest trigger within the
 * target, calls {@link #timeMoved()}, waits until {@link #isSettled()}, and repeats, so tasks
 * run in due order and tasks that they schedule within the target run too.
 */
public interface TimerControl {

    /**
     * The earliest trigger time among the timer's pending entries (delayed and periodic tasks,
     * deadlines), in the source's {@link TimeSource#nanoTime()} terms.
     *
     * @return the earliest trigger, or empty when nothing is pending
     */
    OptionalLong nextTriggerNanos();

    /** Wakes the timer to fire whatever is due at the source's current time. */
    void timeMoved();

    /**
     * Whether the timer is at rest: nothing due at the source's current time is left unfired,
     * and every task it fired (on either lane) has finished its run and completed its handle,
     * and every deadline it enforced has failed its task's handle. A runtime that is paused is
     * settled once the timer has handed its due tasks on (they start on resume); one that has
     * stopped is always settled.
     *
     * @return true when at rest
     */
    boolean isSettled();

    /**
     * Whether the calling thread is one of this runtime's own (a worker, a blocking-lane thread,
     * the timer). A virtual clock refuses to advance from such a thread: it would wait for the
     * task it is running.
     *
     * @return true on a thread of this runtime
     */
    boolean isRuntimeThread();
}
