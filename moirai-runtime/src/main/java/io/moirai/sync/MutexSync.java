package io.moirai.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer behind {@link Mutex}: an {@link AbstractQueuedSynchronizer} whose state is the
 * owner's hold count (0 when free), with one spinning successor in front of its queue.
 */
final class MutexSync extends MutexSyncFields {
    /*
     * Design note
     *
     * The problem
     * A mutex guarding a short critical section, taken by a few threads on a few cores, loses its
     * time in two places. Parking: a waiter that parks costs a park and an unpark (system calls and
     * a context switch, several microseconds, the unpark paid by the releasing thread). Hand-offs:
     * a waiter that spins and takes the mutex the moment it is freed makes the mutex change cores on
     * every acquisition, and with it the lock word and the data it guards; each transfer is a cache
     * miss of 40 to 100 ns, several times the critical section. On a 2-core machine both ran well
     * below the speed of one thread alone (docs/sync.md has the numbers). What runs fastest is
     * what ReentrantLock's barging aims at, without its system calls: the releasing thread, which
     * has the lock word and the data in its cache, takes the mutex again, for a bounded run of
     * acquisitions, while one waiter waits nearby without parking and without disturbing it, then
     * gets its own run.
     *
     * State
     * AQS's state is the hold count: 0 free, n > 0 held n times by exclusiveOwnerThread. One more
     * value, RESERVED (-1), is a free mutex that only the successor (or, after a starving wait, the
     * queue's first thread) may take; every other path acquires only from 0, so a reservation needs
     * no check on the uncontended path. The owner field is written by the owner only (after its
     * acquiring cas, and cleared before its releasing store), as in ReentrantLock.
     *
     * The uncontended path
     * lock(): one cas of the state from 0 to 1, and a plain store of the owner. unlock(): a compare
     * of the owner with the current thread, a plain (opaque) read of the successor slot, which sits
     * in the same cache line, the owner cleared, one volatile store of the state, and AQS's read of
     * its queue head (null until the first contention). No allocation, and nothing of the spin
     * bookkeeping is read or written. A reentrant acquisition or release is a volatile store of the
     * count, never a cas: only the owner writes a nonzero count.
     *
     * The successor
     * At most one thread spins on a mutex, in the successor slot (a field of this class, claimed by a
     * cas from NONE). More would only add cache traffic on the lock word: the mutex goes to one
     * thread next. The slot also tells a releasing thread that someone is about to acquire, so it
     * wakes nobody: no unpark while a successor spins.
     *   Who spins: an arriving thread that finds the mutex held, if no thread is queued (it does not
     *   overtake parked threads by spinning); otherwise the queue's first thread, once per wake-up.
     *   A thread that finds others queued joins the queue and, if no successor spins, wakes the
     *   first queued thread on its way (off the owner's path) so that one soon does. A thread that
     *   finds the slot taken waits CLAIM_WAIT_NANOS for it to empty before it queues: a successor
     *   that has just acquired empties it right after its cas, often just as the thread it took
     *   over from comes back, which would otherwise park for nothing.
     *   How it polls: politely. It takes a free mutex only when it has seen it free at two polls in
     *   a row with no release in between (the owner counts its releases while a successor spins), so
     *   a releasing thread that comes straight back re-acquires from its own cache. The wait
     *   between polls starts at FIRST_POLL_NANOS and doubles up to MAX_POLL_NANOS, so a long wait
     *   costs the owner one cache miss every 2 microseconds, not one per acquisition.
     *   Patience: after a quarter of its spin budget the successor demands the mutex (DEMANDING):
     *   the next release leaves the state RESERVED for it instead of 0, the releasing thread's
     *   next cas fails, and the successor takes the reservation at its next poll, now made at
     *   every Thread.onSpinWait().
     *   Budget: how long the successor may spin before it parks, learnt per mutex as in
     *   AdaptiveSpin: it starts at INITIAL_SPIN_NANOS, stays within [MIN_SPIN_NANOS,
     *   MAX_SPIN_NANOS], grows after a spin that acquired to max(budget, 2 x spin time) +
     *   budget / 8 and halves after one that ran out. The ceiling is of the order of a park and
     *   unpark, so a waiter never spins much longer than parking would have cost.
     *   When it stops: never spins on one available CPU; stops (and parks) once the budget runs
     *   out, the owner is not RUNNABLE (it sleeps, waits or blocks inside its critical section, so
     *   the section is long; checked every CHECK_NANOS), the spinner is interrupted, a timed
     *   acquisition reaches its deadline, or, on a fair mutex, a thread is queued. A virtual thread
     *   spins at most VIRTUAL_MAX_SPIN_NANOS: it holds its carrier, which the owner may need.
     *
     * The queue
     * AQS's queue with its conditions, timeouts and interrupts, unchanged. The first queued thread
     * of an unfair mutex competes as the successor when woken (tryAcquire spins for it once; a spin
     * that fails leaves the slot SPENT, so AQS's retries do not spin again, until the next release
     * resets it and wakes the queue). A first queued thread that has been first for STARVING_NANOS
     * marks the slot QUEUE_DEMANDING: the next release reserves the mutex and wakes it, whatever
     * arrives meanwhile.
     *
     * Bounded unfairness
     * Arriving threads may take a free mutex ahead of a waiting one (barging), but:
     *   - a spinning successor acquires within a quarter of its budget (at most MAX_SPIN_NANOS / 4,
     *     16 us) plus the critical sections of at most two holders (the one holding when it demands,
     *     and one that raced the demand), unless it stops spinning first;
     *   - the first queued thread acquires within STARVING_NANOS (1 ms) of becoming first, plus one
     *     successor's spin (it may find one already spinning), two critical sections and its own
     *     wake-up, as long as holders keep releasing;
     *   - threads behind it wait for those ahead of them: the queue is FIFO and spinning never
     *     overtakes it.
     * A fair mutex keeps AQS's FIFO order: its successor spins only while nobody is queued, takes
     * only a free mutex with nobody queued, and never demands.
     *
     * Memory ordering (vocabulary of io.moirai.concurrent's package documentation)
     *   - Acquiring is a cas of the state, releasing a volatile store of it (0, RESERVED or the
     *     count); the store is read by the next acquiring cas, so a critical section
     *     happens-before the next one, whichever value carried it.
     *   - The releasing thread's read of the slot before its store is opaque: it decides only
     *     whether to count the release and whether to reserve. A demand it misses is seen by the
     *     next release (hence "two holders" above).
     *   - Skipping the wake-up is a Dekker pair: the releaser stores the state (volatile) then reads
     *     the slot (volatile); a successor leaving stores the slot (volatile) then reads the state.
     *     Either the releaser sees the successor gone and wakes the queue (and withdraws a
     *     reservation nobody will take), or the successor sees the mutex free or reserved and takes
     *     it, or wakes the queue itself. A successor that acquired clears the slot with an opaque
     *     store: the release it skipped is covered by its own release to come.
     *   - The release count is a plain field written by owners only, between their acquiring cas
     *     and releasing store, so increments are never lost; the successor reads it opaque.
     *   - The spin budget and the heir's start time are hints, accessed opaque; the heir is a hint
     *     too: a stale value at worst restarts or shortens one wait for a hand-off.
     *   - A withdrawn queue demand (the demanding thread gave up and nobody else is queued) is the
     *     same Dekker pair with the slot cas and the state read.
     * jcstress tests in moirai-jcstress (package io.moirai.sync) check the hand-off publication and
     * both Dekker pairs (MutexHandOffTest, MutexSuccessorLeaveTest, MutexReservationLeaveTest).
     *
     * Layout
     * A patient successor polls the state and the release count; every poll that finds them in a
     * line the owner wrote costs the owner a cache miss on its next write. So the two must share
     * one line: MutexSyncFields declares the release count first among the fields after AQS's,
     * which puts it right after the state, in the same aligned 8 bytes (offsets 24 and 28 with
     * the default 12-byte object header), hence always in the same cache line whatever the
     * object's address. Fields the successor reads while spinning are copied to locals (fair) or
     * read rarely (the owner, every CHECK_NANOS). Measured on 2 cores, with the count 16 bytes
     * further on and the fair flag read at every poll: three object addresses in eight split
     * what the polls read across two lines, and those ran about a quarter slower under
     * contention. MutexSyncLayoutTest checks the layout with JOL.
     *
     * Rejected
     *   - Handing the mutex to the spinning waiter at every release (a greedy test-and-set
     *     spinner): the alternation above, about half speed on 2 cores.
     *   - A count of spinners updated with two atomic adds per contended acquisition, on a line of
     *     its own (AdaptiveSpin, which RwLock and Semaphore keep): two more cache-line transfers
     *     per hand-off, for a bound the single slot gives for free.
     *   - A queue of our own: AQS's gives exact condition, timeout and interrupt semantics; the
     *     mutex changes only what happens before a thread parks and when a release wakes one.
     */

    private static final long serialVersionUID = 1L;

    /** A free mutex that only the successor, or the queue's first thread, may take. */
    static final int RESERVED = -1;

    /** Successor slot: nobody spins. */
    static final int NONE = 0;

    /** Successor slot: a thread spins and lets the releasing thread re-acquire. */
    static final int SPINNING = 1;

    /** Successor slot: the spinning thread waited its patience; releases reserve the mutex for it. */
    static final int DEMANDING = 2;

    /** Successor slot: the last spin failed; nobody spins until a release wakes the queue. */
    static final int SPENT = 3;

    /** Successor slot: the queue's first thread starves; releases reserve the mutex and wake it. */
    static final int QUEUE_DEMANDING = 4;

    /** The smallest spin budget, kept so that a mutex whose holds became short again finds out. */
    static final int MIN_SPIN_NANOS = 1 << 10;

    /** The largest spin budget, of the order of a park and unpark. */
    static final int MAX_SPIN_NANOS = 1 << 16;

    /** The budget a new mutex starts with. */
    static final int INITIAL_SPIN_NANOS = 1 << 14;

    /** The largest budget of a virtual thread, which holds its carrier while it spins. */
    static final int VIRTUAL_MAX_SPIN_NANOS = 1 << 11;

    /** The first wait between two polls of a patient successor. */
    static final long FIRST_POLL_NANOS = 1 << 7;

    /** The longest wait between two polls of a patient successor. */
    static final long MAX_POLL_NANOS = 1 << 11;

    /** How long an arriving thread waits for the successor slot to empty before it queues. */
    static final long CLAIM_WAIT_NANOS = 1 << 8;

    /** How often a successor checks the owner, its interrupt status and (fair) the queue. */
    static final long CHECK_NANOS = 1 << 10;

    /** How long the queue's first thread waits before releases hand the mutex to it. */
    static final long STARVING_NANOS = 1_000_000L;

    /** The argument of {@code release} that frees nothing and only wakes the first queued thread. */
    private static final int WAKE = 0;

    private static final boolean SPIN_ALLOWED = Runtime.getRuntime().availableProcessors() > 1;

    private static final VarHandle SUCCESSOR;
    private static final VarHandle RELEASES;
    private static final VarHandle SPIN_NANOS;
    private static final VarHandle HEIR;
    private static final VarHandle HEIR_SINCE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SUCCESSOR = lookup.findVarHandle(MutexSyncFields.class, "successor", int.class);
            RELEASES = lookup.findVarHandle(MutexSyncFields.class, "releases", int.class);
            SPIN_NANOS = lookup.findVarHandle(MutexSync.class, "spinNanos", int.class);
            HEIR = lookup.findVarHandle(MutexSync.class, "heir", Thread.class);
            HEIR_SINCE = lookup.findVarHandle(MutexSync.class, "heirSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final boolean fair;

    /** The spin budget in nanoseconds. */
    private int spinNanos;

    /** The first queued thread as it last saw itself first, and since when. */
    private transient Thread heir;
    private long heirSince;

    MutexSync(boolean fair) {
        this.fair = fair;
        // Plain: the mutex publishes this synchronizer through a final field.
        spinNanos = INITIAL_SPIN_NANOS;
    }

    // ------------------------------------------------------------------ acquiring

    /** {@code lock()}: the uncontended path is one cas, small enough to inline into callers. */
    void lock() {
        if (!fair && compareAndSetState(0, 1)) {
            setExclusiveOwnerThread(Thread.currentThread());
        } else {
            contendedLock();
        }
    }

    private void contendedLock() {
        if (!initialTryLock() && !spinBeforeQueueing(false, false, 0L)) {
            acquire(1);
        }
    }

    /** {@code lockInterruptibly()}, after its check of the interrupt status on entry. */
    void lockInterruptibly() throws InterruptedException {
        if (!initialTryLock() && !spinBeforeQueueing(true, false, 0L)) {
            try {
                acquireInterruptibly(1);
            } catch (InterruptedException e) {
                queuedAcquisitionFailed();
                throw e;
            }
        }
    }

    /**
     * {@code tryLock(time, unit)}, after its check of the interrupt status on entry.
     *
     * @param nanos the longest wait; zero or negative means do not wait
     * @return true if the current thread now holds the mutex
     */
    boolean tryLock(long nanos) throws InterruptedException {
        if (initialTryLock()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + nanos;
        if (spinBeforeQueueing(true, true, deadline)) {
            return true;
        }
        boolean acquired = false;
        try {
            acquired = tryAcquireNanos(1, deadline - System.nanoTime());
        } finally {
            if (!acquired) {
                queuedAcquisitionFailed();
            }
        }
        return acquired;
    }

    /**
     * A reentrant acquisition, or a free mutex (a fair one only with nobody queued).
     *
     * @return true if the current thread now holds the mutex
     */
    boolean initialTryLock() {
        Thread current = Thread.currentThread();
        if (getExclusiveOwnerThread() == current) {
            reenter();
            return true;
        }
        if (getState() == 0 && (!fair || !hasQueuedThreads()) && compareAndSetState(0, 1)) {
            setExclusiveOwnerThread(current);
            return true;
        }
        return false;
    }

    /**
     * {@code tryLock()}: barges even in fair mode, as {@code ReentrantLock.tryLock()} does.
     *
     * @return true if the current thread now holds the mutex
     */
    boolean tryLockBarging() {
        if (compareAndSetState(0, 1)) {
            setExclusiveOwnerThread(Thread.currentThread());
            return true;
        }
        if (getExclusiveOwnerThread() == Thread.currentThread()) {
            reenter();
            return true;
        }
        return false;
    }

    private void reenter() {
        int c = getState() + 1;
        if (c < 0) {
            throw new Error("Maximum lock count exceeded");
        }
        // No cas: only the owner writes a nonzero count.
        setState(c);
    }

    /**
     * Spins as the successor before queueing, if nobody is queued and nobody spins; if threads
     * are queued and nobody spins, wakes the first of them to spin instead.
     *
     * @param interruptible whether an interrupt ends the acquisition (the spin then leaves the mutex)
     * @param timed whether {@code deadline} applies
     * @param deadline the {@code System.nanoTime()} at which a timed acquisition gives up
     * @return true if the current thread now holds the mutex
     */
    private boolean spinBeforeQueueing(boolean interruptible, boolean timed, long deadline) {
        if (!SPIN_ALLOWED) {
            return false;
        }
        if (hasQueuedThreads()) {
            // Opaque: a successor that appears meanwhile makes this wake-up merely redundant.
            if (!fair && (int) SUCCESSOR.getOpaque(this) == NONE) {
                release(WAKE);
            }
            return false;
        }
        return (claim() || claimSoon()) && spin(1, false, interruptible, timed, deadline);
    }

    /**
     * Waits up to CLAIM_WAIT_NANOS for a successor's slot to empty: a successor that has just
     * acquired empties it right after its cas, typically while the thread it took over from
     * comes back.
     */
    private boolean claimSoon() {
        long end = System.nanoTime() + CLAIM_WAIT_NANOS;
        for (int s; (s = (int) SUCCESSOR.getOpaque(this)) == SPINNING || s == DEMANDING || s == NONE;) {
            if (claim()) {
                return true;
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Claims the successor slot.
     *
     * @return true if the current thread is now the successor, and must end with {@link #leave}
     *         or by acquiring in {@link #spin}
     */
    boolean claim() {
        // Opaque read first: a taken slot is the common case under contention, and a cas, even a
        // failing one, takes the line exclusively, away from the owner and the polling successor.
        return (int) SUCCESSOR.getOpaque(this) == NONE && SUCCESSOR.compareAndSet(this, NONE, SPINNING);
    }

    /** The successor has waited its patience: releases reserve the mutex for it from now on. */
    void demand() {
        // Opaque: releases read it opaque; one that misses it is followed by one that sees it.
        SUCCESSOR.setOpaque(this, DEMANDING);
    }

    @Override
    protected boolean tryAcquire(int acquires) {
        int c = getState();
        if (c == 0 && (!fair || !hasQueuedPredecessors()) && compareAndSetState(0, acquires)) {
            Thread current = Thread.currentThread();
            setExclusiveOwnerThread(current);
            // A barging thread has no wait to forget; the first queued thread may have one.
            if (!fair && (HEIR.getOpaque(this) == current || (int) SUCCESSOR.getOpaque(this) == QUEUE_DEMANDING)
                    && getFirstQueuedThread() == current) {
                heirAcquired(current);
            }
            return true;
        }
        return !fair && tryAcquireAsHeir(acquires, c);
    }

    /**
     * The first queued thread of an unfair mutex competes as the successor: it spins once per
     * wake-up, and once it has been first for STARVING_NANOS it has releases hand the mutex to it.
     */
    private boolean tryAcquireAsHeir(int acquires, int c) {
        Thread current = Thread.currentThread();
        if (getFirstQueuedThread() != current) {
            return false;
        }
        int s = (int) SUCCESSOR.getOpaque(this);
        if (s == QUEUE_DEMANDING) {
            if (c == RESERVED && compareAndSetState(RESERVED, acquires)) {
                setExclusiveOwnerThread(current);
                heirAcquired(current);
                return true;
            }
            return false;
        }
        long now = System.nanoTime();
        // Opaque: hints written by the first queued thread only; see the design note.
        if (HEIR.getOpaque(this) != current) {
            HEIR_SINCE.setOpaque(this, now);
            HEIR.setOpaque(this, current);
        }
        if (s == NONE && SPIN_ALLOWED && claim()) {
            return spin(acquires, true, false, false, 0L);
        }
        // Cannot spin (one CPU, or another successor): past the starving time, demand instead.
        if (starving(now) && (s == NONE || s == SPENT) && SUCCESSOR.compareAndSet(this, s, QUEUE_DEMANDING)
                && takeAfterLeaving(acquires, current, true, QUEUE_DEMANDING)) {
            heirAcquired(current);
            return true;
        }
        return false;
    }

    private boolean starving(long now) {
        return now - (long) HEIR_SINCE.getOpaque(this) >= STARVING_NANOS;
    }

    /** The first queued thread took the mutex: its wait is over and its hand-off demand met. */
    private void heirAcquired(Thread current) {
        if (HEIR.getOpaque(this) == current) {
            HEIR.setOpaque(this, null);
        }
        if ((int) SUCCESSOR.getOpaque(this) == QUEUE_DEMANDING) {
            SUCCESSOR.compareAndSet(this, QUEUE_DEMANDING, NONE);
        }
    }

    /**
     * After a timed or interruptible acquisition gave up in the queue: forgets its wait, and
     * withdraws a hand-off demand that no queued thread is left to take.
     */
    private void queuedAcquisitionFailed() {
        if (HEIR.getOpaque(this) == Thread.currentThread()) {
            HEIR.setOpaque(this, null);
        }
        // The cas is volatile: the Dekker pair with a release that reserved for the queue.
        if ((int) SUCCESSOR.getOpaque(this) == QUEUE_DEMANDING && !hasQueuedThreads()
                && SUCCESSOR.compareAndSet(this, QUEUE_DEMANDING, NONE)
                && getState() == RESERVED && compareAndSetState(RESERVED, 0)) {
            release(WAKE);
        }
    }

    // ------------------------------------------------------------------ the successor's spin

    /**
     * Spins in the successor slot, which the caller has claimed, and gives it up.
     *
     * @return true if the current thread now holds the mutex
     */
    private boolean spin(int acquires, boolean asHeir, boolean interruptible, boolean timed, long deadline) {
        // A local: the field sits outside the line that the polls read (see Layout).
        boolean fair = this.fair;
        Thread current = Thread.currentThread();
        long start = System.nanoTime();
        long budget = budget(current);
        boolean deadlineFirst = timed && deadline - start < budget;
        long giveUpAt = deadlineFirst ? deadline : start + budget;
        long demandAt = start + (budget >>> 2);
        long checkAt = start;
        long interval = fair ? 0L : FIRST_POLL_NANOS;
        boolean demanding = false;
        boolean sawFree = false;
        int seenReleases = 0;
        boolean ranOut;
        for (long now = start;;) {
            int c = getState();
            // The count is read opaque after the volatile read of the state: a release that saw
            // this successor counted itself before the store this read returns, so the count is
            // at least that new.
            if (c == RESERVED || c == 0 && (fair ? !hasQueuedPredecessors()
                    : demanding || sawFree && seenReleases == (int) RELEASES.getOpaque(this))) {
                if (compareAndSetState(c, acquires)) {
                    setExclusiveOwnerThread(current);
                    // Opaque: a release that skipped its wake-up for us is covered by ours to come.
                    SUCCESSOR.setOpaque(this, NONE);
                    if (asHeir) {
                        heirAcquired(current);
                    }
                    succeeded(now - start);
                    return true;
                }
            } else {
                sawFree = c == 0;
                seenReleases = (int) RELEASES.getOpaque(this);
            }
            if (now - giveUpAt >= 0) {
                ranOut = !deadlineFirst;
                break;
            }
            if (now - checkAt >= 0) {
                checkAt = now + CHECK_NANOS;
                if (!AdaptiveSpin.worthSpinning(getExclusiveOwnerThread())) {
                    ranOut = !current.isInterrupted();
                    break;
                }
                if (fair && hasQueuedThreads()) {
                    ranOut = false;
                    break;
                }
            }
            if (!demanding && !fair && now - demandAt >= 0) {
                demanding = true;
                interval = 0L;
                demand();
            }
            now = pause(now + interval);
            interval = Math.min(interval << 1, MAX_POLL_NANOS);
        }
        if (ranOut) {
            failed();
        }
        boolean take = !interruptible || !current.isInterrupted();
        int leaving = asHeir && starving(System.nanoTime()) ? QUEUE_DEMANDING : take ? SPENT : NONE;
        if (!leave(acquires, take, leaving)) {
            return false;
        }
        if (asHeir) {
            heirAcquired(current);
        }
        return true;
    }

    /** Spins until {@code pollAt}, at least once; returns the time it stopped. */
    private static long pause(long pollAt) {
        long now;
        do {
            Thread.onSpinWait();
            now = System.nanoTime();
        } while (now - pollAt < 0);
        return now;
    }

    /**
     * Gives up the successor slot, leaving {@code leaving} in it. A release that saw this thread in
     * the slot may have left the mutex free, or reserved for it, without waking the queue: so the
     * thread then takes the mutex, or withdraws the reservation and wakes the queue itself.
     *
     * @param acquires the holds to take
     * @param take whether the thread may take the mutex
     * @param leaving NONE, SPENT (the thread queues next) or QUEUE_DEMANDING (it is the starving
     *        first queued thread)
     * @return true if the current thread now holds the mutex
     */
    boolean leave(int acquires, boolean take, int leaving) {
        // Volatile: the Dekker pair with a release that skipped its wake-up because we spun.
        SUCCESSOR.setVolatile(this, leaving);
        return takeAfterLeaving(acquires, Thread.currentThread(), take, leaving);
    }

    private boolean takeAfterLeaving(int acquires, Thread current, boolean take, int leaving) {
        int c = getState();
        if (c != 0 && c != RESERVED) {
            return false;
        }
        if (take && (c == RESERVED || !fair || !hasQueuedPredecessors()) && compareAndSetState(c, acquires)) {
            setExclusiveOwnerThread(current);
            if (leaving != NONE) {
                SUCCESSOR.compareAndSet(this, leaving, NONE);
            }
            return true;
        }
        if (c == RESERVED && leaving != QUEUE_DEMANDING) {
            compareAndSetState(RESERVED, 0);
        }
        release(WAKE);
        return false;
    }

    private long budget(Thread current) {
        int d = (int) SPIN_NANOS.getOpaque(this);
        return current.isVirtual() ? Math.min(d, VIRTUAL_MAX_SPIN_NANOS) : d;
    }

    private void succeeded(long nanos) {
        int d = (int) SPIN_NANOS.getOpaque(this);
        int next = AdaptiveSpin.afterSuccess(d, nanos, MAX_SPIN_NANOS);
        if (next != d) {
            // Opaque: a hint; losing a concurrent update costs one acquisition's worth of tuning.
            SPIN_NANOS.setOpaque(this, next);
        }
    }

    private void failed() {
        int d = (int) SPIN_NANOS.getOpaque(this);
        int next = AdaptiveSpin.afterFailure(d, MIN_SPIN_NANOS);
        if (next != d) {
            SPIN_NANOS.setOpaque(this, next);
        }
    }

    // ------------------------------------------------------------------ releasing

    /** {@code unlock()}. */
    void unlock() {
        checkOwner();
        int c = getState();
        if (c > 1) {
            // No cas: only the owner writes a nonzero count.
            setState(c - 1);
        } else {
            releaseLastHold();
        }
    }

    /**
     * Frees the mutex, or reserves it for a successor that demands it, and wakes the first queued
     * thread unless a successor spins.
     *
     * @return true if it woke the queue (AQS unparks its first thread if that one is parked)
     */
    boolean releaseLastHold() {
        // Opaque: decides only whether to count this release and whether to reserve.
        int s = (int) SUCCESSOR.getOpaque(this);
        setExclusiveOwnerThread(null);
        if (s == NONE) {
            setState(0);
            return release(WAKE);
        }
        return releaseBesideSuccessor(s);
    }

    private boolean releaseBesideSuccessor(int s) {
        beforeFreeing(s);
        boolean reserving = s == DEMANDING || s == QUEUE_DEMANDING;
        setState(reserving ? RESERVED : 0);
        if (s == SPENT) {
            return release(WAKE);
        }
        // Volatile, after the volatile store: the Dekker pair with a successor giving up the slot.
        int now = (int) SUCCESSOR.getVolatile(this);
        if (now == SPINNING || now == DEMANDING) {
            return false;
        }
        if (reserving && now != QUEUE_DEMANDING) {
            // A cas: the leaving successor may take the reservation, or withdraw it, meanwhile.
            compareAndSetState(RESERVED, 0);
        }
        if (now == SPENT) {
            SUCCESSOR.compareAndSet(this, SPENT, NONE);
        }
        return release(WAKE);
    }

    @Override
    protected boolean tryRelease(int holds) {
        if (holds == WAKE) {
            return true;
        }
        // A condition's await releasing every hold; AQS wakes the first queued thread after it.
        checkOwner();
        int c = getState() - holds;
        if (c != 0) {
            setState(c);
            return false;
        }
        beforeFreeing((int) SUCCESSOR.getOpaque(this));
        setExclusiveOwnerThread(null);
        // Never reserved here: AQS wakes the queue anyway, and a demanding successor takes a free mutex.
        setState(0);
        return true;
    }

    /**
     * Before a final release's store: counts it for a spinning successor, or, after a failed spin,
     * lets the first queued thread spin again once this release wakes it.
     */
    private void beforeFreeing(int s) {
        if (s == SPINNING || s == DEMANDING) {
            // Plain: owners only write it, each between its acquiring cas and releasing store.
            releases++;
        } else if (s == SPENT) {
            SUCCESSOR.compareAndSet(this, SPENT, NONE);
        }
    }

    private void checkOwner() {
        if (getExclusiveOwnerThread() != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold the lock");
        }
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    // ------------------------------------------------------------------ inspection

    ConditionObject newCondition() {
        return new ConditionObject();
    }

    Thread owner() {
        return getState() > 0 ? getExclusiveOwnerThread() : null;
    }

    int holdCount() {
        return isHeldExclusively() ? getState() : 0;
    }

    boolean isLocked() {
        return getState() > 0;
    }

    int spinDuration() {
        return (int) SPIN_NANOS.getOpaque(this);
    }

    /** The state: the hold count, 0 when free, or {@link #RESERVED}; for tests. */
    int state() {
        return getState();
    }

    /** The successor slot; for tests. */
    int successorSlot() {
        return (int) SUCCESSOR.getOpaque(this);
    }
}

/**
 * The fields of {@link MutexSync} that sit next to AQS's state: a superclass, so that HotSpot
 * lays them out right after it and before the fields of MutexSync itself (see Layout in
 * MutexSync's design note). Accessed through MutexSync's {@code VarHandle}s only.
 */
abstract class MutexSyncFields extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** Final releases made while a successor was registered; written by owners only. */
    int releases;

    /** The successor slot: NONE, SPINNING, DEMANDING, SPENT or QUEUE_DEMANDING. */
    int successor;
}
