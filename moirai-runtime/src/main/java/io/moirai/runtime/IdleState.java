package io.moirai.runtime;

import java.util.ArrayDeque;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The CPU lane's idle bookkeeping: one atomic word counting unparked and searching workers, and
 * the stack of parked workers. Its protocol (see {@link CpuLane}, "Waking" and "No lost
 * wake-up") is kept apart from the lane so that jcstress can drive it directly.
 *
 * <p>The word: low 16 bits are the searching workers, high 16 bits the unparked ones. Every
 * change is an atomic read-modify-write, so it is sequentially consistent with the volatile
 * accesses of the queues, which the Dekker argument needs. The sleepers are guarded by a lock
 * that only parking workers and actual wake-ups take; a submitter that finds a searcher awake
 * (the common case under load) never touches it.
 *
 * <p>The lock is a spin lock ({@link Backoff}: spin-wait hints, then yields), not a
 * {@code ReentrantLock}: it is held for a few stores and a push or pop, and its contenders are a
 * worker on its way to park and a submitter waking it. A {@code ReentrantLock} parked the loser
 * of that race in the kernel, so a submitter that wanted to wake a worker went to sleep itself
 * and needed a wake-up of its own; on 2 cores with two submitting threads about one JVM launch in
 * three then settled at 10 M tasks/s instead of 20-25 M (ten alternating forks each: none did
 * with the spin lock). Nothing is done under the lock that takes it again or blocks.
 *
 * <p>A sleeper's {@link Sleeper#notified} flag is set under the same lock that takes it off the
 * stack, so "off the stack" and "notified" change together: a sleeper that leaves on its own
 * (retiring, terminating) can tell whether a waker already counted it as searching and give that
 * back, and the searching count never leaks (a leaked count would stop every future wake-up).
 *
 * @param <W> the worker type
 */
final class IdleState<W extends IdleState.Sleeper> {

    /** What the idle state knows of a worker: whether a waker has claimed it. */
    static class Sleeper {
        /** Set (under the idle lock) by whoever takes the sleeper off the stack to wake it; reset by the sleeper. */
        volatile boolean notified;
    }

    static final int SEARCHING_MASK = 0xFFFF;
    static final int UNPARKED_ONE = 1 << 16;

    /**
     * Read by every submission and written by workers as they search and park: kept alone on its
     * cache line so that neither the lock nor the sleeper stack shares it.
     */
    private final PaddedWord word = new PaddedWord();
    private final SpinLock lock = new SpinLock();
    private final ArrayDeque<W> sleepers = new ArrayDeque<>();

    /**
     * Pops a sleeper to wake if nobody is searching and somebody is parked, counting it as
     * unparked and searching (the woken worker searches first). Returns null when no wake-up is
     * due; the caller unparks the returned worker.
     */
    W wakeOne(int workerCount) {
        int s = word.get();
        if ((s & SEARCHING_MASK) != 0 || (s >>> 16) >= workerCount) {
            return null;
        }
        lock.lock();
        try {
            W sleeper;
            if ((word.get() & SEARCHING_MASK) != 0 || (sleeper = sleepers.poll()) == null) {
                return null;
            }
            word.addAndGet(UNPARKED_ONE + 1);
            sleeper.notified = true;
            return sleeper;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #wakeOne} could wake anybody now: nobody searching and somebody parked. A
     * cheap read for callers that must do more work (scanning queues) before asking.
     */
    boolean wakeMayBeDue(int workerCount) {
        int s = word.get();
        return (s & SEARCHING_MASK) == 0 && (s >>> 16) < workerCount;
    }

    /** At most half of the workers search at once. */
    boolean tryStartSearching(int workerCount) {
        for (int s = word.get(); ; s = word.get()) {
            if (2 * (s & SEARCHING_MASK) >= workerCount) {
                return false;
            }
            if (word.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** A searcher found work. Returns whether it was the last searcher. */
    boolean stopSearching() {
        return (word.decrementAndGet() & SEARCHING_MASK) == 0;
    }

    /**
     * A worker parks: it stops counting as unparked (and as searching), and joins the sleepers.
     * Returns whether it was the last searcher, which must then re-check every queue.
     */
    boolean park(W worker, boolean wasSearching) {
        lock.lock();
        try {
            int s = word.addAndGet(-UNPARKED_ONE - (wasSearching ? 1 : 0));
            sleepers.push(worker);
            return wasSearching && (s & SEARCHING_MASK) == 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a sleeper off the stack as if a submitter had woken it (unparked, searching,
     * notified), so it wakes and sees why; true if it was still parked.
     */
    boolean wake(W worker) {
        lock.lock();
        try {
            if (sleepers.remove(worker)) {
                word.addAndGet(UNPARKED_ONE + 1);
                worker.notified = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A sleeper leaves on its own and ends up unparked, not searching: if it is still on the
     * stack it comes off; if a waker already took it off (and counted it searching), that
     * searching status is given back.
     */
    void leave(W worker) {
        lock.lock();
        try {
            if (sleepers.remove(worker)) {
                word.addAndGet(UNPARKED_ONE);
            } else if (worker.notified) {
                worker.notified = false;
                word.decrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A new worker starts unparked, not searching. */
    void workerAdded() {
        word.addAndGet(UNPARKED_ONE);
    }

    /** An unparked worker leaves. Returns whether it was the last searcher. */
    boolean workerLeft(boolean searching) {
        int s = word.addAndGet(-UNPARKED_ONE - (searching ? 1 : 0));
        return searching && (s & SEARCHING_MASK) == 0;
    }

    int searching() {
        return word.get() & SEARCHING_MASK;
    }

    int unparked() {
        return word.get() >>> 16;
    }

    /** The sleepers' lock: a test-and-test-and-set word; see the class comment for why it spins. */
    private static final class SpinLock {
        private static final VarHandle HELD;

        static {
            try {
                HELD = MethodHandles.lookup().findVarHandle(SpinLock.class, "held", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** 1 while held. */
        private volatile int held;

        void lock() {
            // the CAS is a volatile read-modify-write: it acquires what the last holder released
            for (int spins = 0; held != 0 || !HELD.compareAndSet(this, 0, 1); spins++) {
                Backoff.pause(spins);
            }
        }

        void unlock() {
            // release: the next holder sees the stack and the flags as this holder left them
            HELD.setRelease(this, 0);
        }
    }

    @SuppressWarnings("unused")
    private abstract static class WordPad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    private abstract static class WordValue extends WordPad0 {
        volatile int value;
    }

    @SuppressWarnings("unused")
    private abstract static class WordPad1 extends WordValue {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** An {@code AtomicInteger} with padding; every access is volatile or a CAS. */
    private static final class PaddedWord extends WordPad1 {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(WordValue.class, "value", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        int get() {
            return value;
        }

        boolean compareAndSet(int expected, int next) {
            return VALUE.compareAndSet(this, expected, next);
        }

        int addAndGet(int delta) {
            return (int) VALUE.getAndAdd(this, delta) + delta;
        }

        int decrementAndGet() {
            return addAndGet(-1);
        }
    }
}
