package io.moirai.iter;

import io.moirai.runtime.TaskHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stop switch one evaluation shares among all its threads: the first failure, a cancellation,
 * or a decisive unordered short-circuit ({@code anyMatch}) sets {@link #stopped}; sources poll it
 * between blocks of elements, claims poll it before each chunk. Blocking-lane tasks in flight are
 * registered so that stopping interrupts them, and a channel reader's wake-up so that stopping
 * withdraws its wait ({@link ChannelSpliterator}).
 */
final class Control implements StopSignal {

    /** Elements pushed between two polls of {@link #stopped}: a volatile read per block is noise. */
    static final int POLL_BLOCK = 1024;

    /** Never stops: the sequential context on the caller. */
    static final Control NONE = new Control();

    /** Written once to true; a volatile read is enough because it only ever turns on. */
    volatile boolean stopped;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Created by the first blocking task: most evaluations have none. */
    private volatile Set<TaskHandle<?>> blocking;
    /** The channel reader's wake-up, or null: only the run that reads the evaluation's source sets it. */
    private volatile Runnable wakeOnStop;

    /** Records the first failure and stops; later failures are dropped (documented). */
    void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            stop();
        }
    }

    Throwable failure() {
        return failure.get();
    }

    @Override
    public boolean shouldStop() {
        return stopped;
    }

    void stop() {
        if (this == NONE) {
            return;
        }
        stopped = true;
        Runnable wake = wakeOnStop;
        if (wake != null) {
            wake.run();
        }
        Set<TaskHandle<?>> handles = blocking;
        if (handles != null) {
            for (TaskHandle<?> handle : handles) {
                handle.cancel(true);
            }
        }
    }

    /**
     * Runs {@code wake} when the evaluation stops, or now if it has. The volatile write of
     * {@link #wakeOnStop} comes before the read of {@link #stopped}, and stop() writes
     * {@link #stopped} before it reads {@link #wakeOnStop}: one of the two sees the other, so the
     * wake-up is never missed (it may run twice, which a wake-up allows).
     */
    void onStop(Runnable wake) {
        if (this == NONE) {
            return;
        }
        wakeOnStop = wake;
        if (stopped) {
            wake.run();
        }
    }

    void register(TaskHandle<?> handle) {
        Set<TaskHandle<?>> handles = blocking;
        if (handles == null) {
            synchronized (this) {
                handles = blocking;
                if (handles == null) {
                    handles = ConcurrentHashMap.newKeySet();
                    blocking = handles; // volatile write publishes the set to stop()
                }
            }
        }
        handles.add(handle);
        if (stopped) {
            handle.cancel(true); // raced with stop(): it may have missed this handle
        }
    }

    /** One of the registered blocking tasks that has not ended, or null. */
    TaskHandle<?> unfinishedBlockingTask() {
        Set<TaskHandle<?>> handles = blocking;
        if (handles != null) {
            for (TaskHandle<?> handle : handles) {
                if (!handle.isDone()) {
                    return handle;
                }
            }
        }
        return null;
    }

    void unregister(TaskHandle<?> handle) {
        blocking.remove(handle); // registered before, so the set exists
    }
}
