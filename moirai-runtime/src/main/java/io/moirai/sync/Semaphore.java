package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A counting semaphore with the semantics of {@link java.util.concurrent.Semaphore}, whose
 * contended acquisitions spin adaptively before they park.
 *
 * <pre>{@code
 * private final Semaphore connections = new Semaphore(10);
 *
 * Row query(String sql) throws InterruptedException {
 *     connections.acquire();
 *     try {
 *         return pool.run(sql);
 *     } finally {
 *         connections.release();
 *     }
 * }
 * }</pre>
 *
 * <p>Permits are a count, not owned objects: any thread may release, and releasing more than
 * was acquired raises the count. The initial count may be negative (releases must then bring it
 * up before anyone acquires). A fair semaphore grants permits in FIFO order of the threads that
 * queued; an unfair one lets arriving threads take free permits ahead of queued ones. As in the
 * JDK, the untimed {@link #tryAcquire()} barges even when fair. A release happens-before every
 * acquisition that takes a permit it added. Raising the count above {@link Integer#MAX_VALUE}
 * throws {@link Error}, as the JDK does.
 */
public final class Semaphore {

    private final Sync sync;

    /**
     * Creates an unfair semaphore.
     *
     * @param permits the initial number of permits; may be negative
     */
    public Semaphore(int permits) {
        this(permits, false);
    }

    /**
     * Creates a semaphore with the given fairness.
     *
     * @param permits the initial number of permits; may be negative
     * @param fair    true to grant permits in FIFO order
     */
    public Semaphore(int permits, boolean fair) {
        sync = new Sync(permits, fair);
    }

    /**
     * Takes one permit, waiting until one is available.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *         waiting; its interrupt flag is then cleared
     */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Takes {@code permits} permits at once, waiting until that many are available.
     *
     * @param permits the number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws InterruptedException     if the current thread is interrupted on entry or while
     *                                  waiting; its interrupt flag is then cleared
     */
    public void acquire(int permits) throws InterruptedException {
        checkPermits(permits);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (sync.tryAcquireShared(permits) < 0 && !sync.spinAcquire(permits)) {
            sync.acquireSharedInterruptibly(permits);
        }
    }

    /**
     * Takes one permit, waiting until one is available; an interrupt does not stop the wait and
     * is re-asserted on the thread when this method returns.
     */
    public void acquireUninterruptibly() {
        acquireUninterruptibly(1);
    }

    /**
     * Takes {@code permits} permits, waiting uninterruptibly (see
     * {@link #acquireUninterruptibly()}).
     *
     * @param permits the number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public void acquireUninterruptibly(int permits) {
        checkPermits(permits);
        if (sync.tryAcquireShared(permits) < 0 && !sync.spinAcquire(permits)) {
            sync.acquireShared(permits);
        }
    }

    /**
     * Takes one permit if one is available now; barges even when fair.
     *
     * @return true if a permit was taken
     */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} permits if that many are available now; barges even when fair.
     *
     * @param permits the number of permits
     * @return true if the permits were taken
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public boolean tryAcquire(int permits) {
        checkPermits(permits);
        return sync.nonfairTryAcquire(permits) >= 0;
    }

    /**
     * Takes one permit if one becomes available within the timeout; honours fairness.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @param unit    the unit of {@code timeout}
     * @return true if a permit was taken, false if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *                              waiting; its interrupt flag is then cleared
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    /**
     * Takes {@code permits} permits if that many become available within the timeout.
     *
     * @param permits the number of permits
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @param unit    the unit of {@code timeout}
     * @return true if the permits were taken, false if the time elapsed first
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws NullPointerException     if {@code unit} is null
     * @throws InterruptedException     if the current thread is interrupted on entry or while
     *                                  waiting; its interrupt flag is then cleared
     */
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
        checkPermits(permits);
        long nanos = Objects.requireNonNull(unit, "unit").toNanos(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return sync.tryAcquireShared(permits) >= 0 || nanos > 0 && sync.spinAcquire(permits)
                || sync.tryAcquireSharedNanos(permits, nanos);
    }

    /** Returns one permit. */
    public void release() {
        sync.releaseShared(1);
    }

    /**
     * Returns {@code permits} permits.
     *
     * @param permits the number of permits
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public void release(int permits) {
        checkPermits(permits);
        sync.releaseShared(permits);
    }

    /**
     * The permits available now; for monitoring.
     *
     * @return the current count, possibly negative
     */
    public int availablePermits() {
        return sync.permits();
    }

    /**
     * Takes every available permit at once; a negative count is reset to 0, as the JDK does.
     * Afterwards no permit is available (until the next release).
     *
     * @return the number of permits taken, or the negative count that was cleared
     */
    public int drainPermits() {
        return sync.drain();
    }

    /**
     * Whether this semaphore is fair.
     *
     * @return true if fair
     */
    public boolean isFair() {
        return sync.fair;
    }

    /**
     * Whether any thread is queued waiting for permits; for monitoring.
     *
     * @return true if a thread may be queued
     */
    public boolean hasQueuedThreads() {
        return sync.hasQueuedThreads();
    }

    /**
     * An estimate of the number of queued threads.
     *
     * @return the number of threads queued
     */
    public int getQueueLength() {
        return sync.getQueueLength();
    }

    /** The identity string followed by {@code [Permits = N]}. */
    @Override
    public String toString() {
        return super.toString() + "[Permits = " + sync.permits() + "]";
    }

    private static void checkPermits(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative, was " + permits);
        }
    }

    /**
     * The state is the permit count. Acquisition is a cas loop (volatile), release a cas loop,
     * so a release happens-before the acquisitions that take its permits.
     */
    private static final class Sync extends AbstractQueuedSynchronizer {

        private static final long serialVersionUID = 1L;

        final boolean fair;
        private final transient AdaptiveSpin spin = new AdaptiveSpin();

        Sync(int permits, boolean fair) {
            this.fair = fair;
            setState(permits);
        }

        int permits() {
            return getState();
        }

        int nonfairTryAcquire(int acquires) {
            for (;;) {
                int available = getState();
                // Compared before subtracting: with a negative count and a large request the
                // difference wraps around to a positive count, and the acquisition would succeed.
                if (available < acquires) {
                    return -1;
                }
                int remaining = available - acquires;
                if (compareAndSetState(available, remaining)) {
                    return remaining;
                }
            }
        }

        @Override
        protected int tryAcquireShared(int acquires) {
            if (fair && hasQueuedPredecessors()) {
                return -1;
            }
            return nonfairTryAcquire(acquires);
        }

        @Override
        protected boolean tryReleaseShared(int releases) {
            for (;;) {
                int current = getState();
                int next = current + releases;
                if (next < current) {
                    throw new Error("Maximum permit count exceeded");
                }
                if (compareAndSetState(current, next)) {
                    return true;
                }
            }
        }

        int drain() {
            for (;;) {
                int current = getState();
                if (current == 0 || compareAndSetState(current, 0)) {
                    return current;
                }
            }
        }

        /** The adaptive spin phase: waits for enough permits while no thread is queued. */
        boolean spinAcquire(int acquires) {
            int budget = spin.begin();
            if (budget == 0) {
                return false;
            }
            for (int i = 0; i < budget; i++) {
                if (getState() >= acquires && tryAcquireShared(acquires) >= 0) {
                    spin.succeeded(i);
                    return true;
                }
                if ((i & AdaptiveSpin.CHECK_MASK) == AdaptiveSpin.CHECK_MASK
                        && (Thread.currentThread().isInterrupted() || hasQueuedThreads())) {
                    break;
                }
                Thread.onSpinWait();
            }
            spin.failed();
            return false;
        }
    }
}
