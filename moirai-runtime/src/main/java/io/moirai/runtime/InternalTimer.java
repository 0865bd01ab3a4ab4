package io.moirai.runtime;

/** A timer entry of the runtime's own (deadline watches, the detector's tick): never counted as a task. */
abstract class InternalTimer implements TimerEntry {

    private final long sequence;
    long triggerNanos;
    private int heapIndex = -1;

    InternalTimer(long triggerNanos, long sequence) {
        this.triggerNanos = triggerNanos;
        this.sequence = sequence;
    }

    @Override
    public final long triggerNanos() {
        return triggerNanos;
    }

    @Override
    public final long sequence() {
        return sequence;
    }

    @Override
    public final int heapIndex() {
        return heapIndex;
    }

    @Override
    public final void heapIndex(int index) {
        heapIndex = index;
    }

    @Override
    public final boolean isUserTask() {
        return false;
    }
}
