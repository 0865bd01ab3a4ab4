package io.moirai.runtime;

/**
 * Something the {@link TimerQueue} fires at an instant of the timer's time (its
 * {@link TimeSource}, {@code System.nanoTime()} by default): a user's
 * delayed or periodic task, a deadline watch, the blocking detector's tick. Entries know their
 * own heap slot so that cancellation removes them in O(log n) instead of leaving them to fire.
 */
interface TimerEntry {

    /** The instant of the timer's time to fire at. Stable while the entry is queued. */
    long triggerNanos();

    /** Tie-breaker: entries due at the same instant fire in the order they were scheduled. */
    long sequence();

    /** The entry's slot in the heap, or -1 when not queued. Guarded by the timer's lock. */
    int heapIndex();

    void heapIndex(int index);

    /** Whether this is a user task counted in {@link RuntimeSnapshot#timersPending()}. */
    boolean isUserTask();

    /** Runs on the timer thread, outside its lock; must be short. */
    void fire();
}
