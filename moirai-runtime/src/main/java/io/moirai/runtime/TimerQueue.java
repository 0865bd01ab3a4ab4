package io.moirai.runtime;

import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's one timer structure: a binary min-heap of {@link TimerEntry}s ordered by trigger
 * time then sequence, served by one platform thread that sleeps until the earliest entry is due
 * and then hands it on (a user task goes to its lane; the timer thread never runs user code).
 *
 * <h2>Why a heap and not a timer wheel</h2>
 * A hierarchical wheel makes insert and cancel O(1) but rounds every deadline to its tick and
 * pays a cascade as time passes; it wins when there are very many short-lived timeouts that are
 * almost always cancelled (network stacks). The runtime's timers are user schedules
 * ({@code schedule}, fixed rate, fixed delay), task deadlines and the blocking detector's tick:
 * typically tens to thousands, which must fire at their exact nanosecond time and in order.
 * A heap gives exact times, O(log n) insert, O(log n) cancel (every entry knows its slot, so
 * cancellation removes it at once instead of leaving a dead entry to fire, which is what
 * {@code ScheduledThreadPoolExecutor} does with {@code removeOnCancel}), and no work at all while
 * idle. {@code TimerBenchmark} in {@code moirai-benchmarks} measures schedule-and-cancel against
 * {@code ScheduledThreadPoolExecutor}.
 *
 * <p>All heap access is under one lock; the thread waits on a condition with a timeout equal to
 * the head's remaining delay, and is signalled only when a new entry becomes the head.
 *
 * <h2>Virtual time</h2>
 * On a {@linkplain TimeSource#isVirtual() virtual} time source the thread never waits for a
 * delay: it fires what is due at the source's time and otherwise waits for a signal, which
 * {@link #timeMoved()} gives. The source learns that a step is over from {@link #isSettled()},
 * which needs to know that the tasks fired in it have finished: each fired task is counted in
 * {@code inFlight} until its run ends (see {@link MoiraiRuntime#runTask}), and each deadline
 * miss in {@code relaying} until the relay has failed its handle. Only virtual time pays for
 * these counts; on the system source the timer reads {@code System.nanoTime()} itself and
 * counts nothing.
 */
final class TimerQueue implements Runnable, TimerControl {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition headChanged = lock.newCondition();
    private final MoiraiRuntime runtime;
    private final Thread thread;
    /** The time source, or null for the system's: the common path then tests one field. */
    private final TimeSource source;
    /** Whether the source is virtual: time moves only when it says so. */
    private final boolean virtual;
    /** Virtual time only: tasks fired whose runs have not ended yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Virtual time only: deadline misses whose handles the relay has not failed yet. */
    private final AtomicInteger relaying = new AtomicInteger();
    private TimerEntry[] heap = new TimerEntry[16];
    private int size;
    private int userTasks;
    private boolean stopped;
    /**
     * The thread is firing an entry outside the lock (virtual time reads it to know that time may
     * not move yet; {@link #removeUserTasks(boolean, boolean)} waits for a user task's). Guarded by the lock.
     */
    private boolean firing;
    /** Whether the entry being fired is a user task, which {@code shutdownNow()} waits to see queued. Guarded by the lock. */
    private boolean firingUserTask;
    /** Signalled when a fire ends. */
    private final Condition fired = lock.newCondition();
    /**
     * Periodic tasks fired into a lane that have not been taken from it: {@code shutdown()}
     * cancels them there, as it cancels those still waiting here, so that a periodic task is
     * cancelled by the time {@code shutdown()} returns wherever it waits (as
     * {@code ScheduledThreadPoolExecutor} cancels its queued periodic tasks). A set rather than
     * a scan of the lanes' queues: a periodic task pays one insertion and one removal per run.
     */
    private final Set<ScheduledTask<?>> firedPeriodic = ConcurrentHashMap.newKeySet();

    TimerQueue(MoiraiRuntime runtime, String name, TimeSource source) {
        this.runtime = runtime;
        this.source = source == SystemTimeSource.INSTANCE ? null : source;
        this.virtual = source.isVirtual();
        this.thread = new Thread(null, this, name, 0L, false);
        thread.setDaemon(true);
        runtime.configureThread(thread);
    }

    Thread thread() {
        return thread;
    }

    /** Whether the timer runs on virtual time, where fired tasks are counted until they end. */
    boolean isVirtual() {
        return virtual;
    }

    /** The timer's time: {@code System.nanoTime()}, or the configured source's. */
    long nanoTime() {
        TimeSource s = source;
        return s == null ? System.nanoTime() : s.nanoTime();
    }

    /** The timer's wall-clock instant, from which deadlines are measured. */
    Instant instant() {
        TimeSource s = source;
        return s == null ? Instant.now() : s.instant();
    }

    /** Virtual time: a task the timer fired is on its way to its lane. */
    void inFlightBegan() {
        inFlight.incrementAndGet();
    }

    /** Virtual time: that task's run (or its end before it could run) is over. */
    void inFlightEnded() {
        inFlight.decrementAndGet();
    }

    /** Virtual time: a deadline miss is on its way to the relay. */
    void relayBegan() {
        relaying.incrementAndGet();
    }

    /** Virtual time: the relay has failed that task's handle. */
    void relayEnded() {
        relaying.decrementAndGet();
    }

    @Override
    public OptionalLong nextTriggerNanos() {
        lock.lock();
        try {
            if (size == 0 || stopped || runtime.termination().runState() >= Termination.STOP) {
                return OptionalLong.empty(); // what is left will never fire: nothing to step to
            }
            return OptionalLong.of(heap[0].triggerNanos());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void timeMoved() {
        lock.lock();
        try {
            headChanged.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isSettled() {
        if (runtime.termination().runState() >= Termination.STOP) {
            return true; // nothing fired is run any more; shutdownNow handed it back
        }
        lock.lock();
        try {
            if (!stopped && (firing || (size > 0 && heap[0].triggerNanos() - nanoTime() <= 0L))) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        // a paused runtime starts nothing, so its fired tasks wait for resume; the relay still runs
        return relaying.get() == 0 && (inFlight.get() == 0 || runtime.isPaused());
    }

    @Override
    public boolean isRuntimeThread() {
        return Thread.currentThread() == thread || runtime.isRuntimeThread();
    }

    /** Adds an entry; false if the timer has stopped. */
    boolean add(TimerEntry entry) {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = entry;
            entry.heapIndex(size);
            siftUp(size++);
            if (entry.isUserTask()) {
                userTasks++;
            }
            if (heap[0] == entry) {
                headChanged.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes an entry if it is queued. O(log n). */
    boolean remove(TimerEntry entry) {
        lock.lock();
        try {
            int i = entry.heapIndex();
            if (i < 0 || i >= size || heap[i] != entry) {
                return false;
            }
            removeAt(i);
            return true;
        } finally {
            lock.unlock();
        }
    }

    int pendingUserTasks() {
        lock.lock();
        try {
            return userTasks;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the user tasks that match, in trigger order. */
    List<ScheduledTask<?>> removeUserTasks(boolean periodicOnly) {
        return removeUserTasks(periodicOnly, false);
    }

    /**
     * Removes and returns the user tasks that match, in trigger order; with {@code awaitFire},
     * first waits for a user task being fired to reach its lane. That is for
     * {@code shutdownNow()}, which drains the lanes next and so finds the task there rather than
     * missing it on its way. The wait is not bounded by time: firing a user task only queues it
     * (a full lane's slot is forced, never waited for), so the wait is as short as the timer
     * thread's next few steps. It once was bounded, at 100 ms, and on a loaded machine a timer
     * thread descheduled for longer between taking an entry and queuing it lost that task: it
     * reached its lane after the drain and was refused. Internal entries (deadline watches,
     * the detector's tick) are not waited for: they queue no task, and what they call (a
     * cancelled handle's callbacks, a listener) is the user's code, which may take any time.
     */
    List<ScheduledTask<?>> removeUserTasks(boolean periodicOnly, boolean awaitFire) {
        List<ScheduledTask<?>> removed = new ArrayList<>();
        lock.lock();
        try {
            // never on the timer thread itself: a listener it calls may shut the runtime down
            while (awaitFire && firingUserTask && Thread.currentThread() != thread) {
                fired.awaitUninterruptibly();
            }
            for (int i = size - 1; i >= 0; i--) {
                if (heap[i] instanceof ScheduledTask<?> task && (!periodicOnly || task.isPeriodic())) {
                    removed.add(task);
                }
            }
            for (ScheduledTask<?> task : removed) {
                removeAt(task.heapIndex());
            }
        } finally {
            lock.unlock();
        }
        removed.sort(null);
        return removed;
    }

    /** A periodic task is being handed to its lane (see {@link #firedPeriodic}). */
    void periodicFired(ScheduledTask<?> task) {
        firedPeriodic.add(task);
    }

    /** A periodic task left its lane, or ended (see {@link #firedPeriodic}). */
    void periodicLeftLane(ScheduledTask<?> task) {
        firedPeriodic.remove(task);
    }

    /**
     * The periodic tasks fired into a lane and not yet taken from it; for {@code shutdown()}, after
     * its move out of RUNNING (see {@link ScheduledTask#fire()} for the other half).
     */
    List<ScheduledTask<?>> firedPeriodicTasks() {
        VarHandle.fullFence();
        return List.copyOf(firedPeriodic);
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            headChanged.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        lock.lock();
        try {
            while (!stopped) {
                TimerEntry head = size == 0 ? null : heap[0];
                if (head == null) {
                    headChanged.awaitUninterruptibly();
                    continue;
                }
                long delay = head.triggerNanos() - nanoTime();
                if (delay > 0L) {
                    // Not kept while waiting: a head cancelled meanwhile is removed without a
                    // signal, and this frame must not hold it (and all it references) reachable
                    // until its trigger, which may be hours or years away.
                    head = null;
                }
                if (delay > 0L && virtual) {
                    headChanged.awaitUninterruptibly(); // virtual time moves only by timeMoved()
                    continue;
                }
                if (delay > 0L) {
                    try {
                        headChanged.awaitNanos(delay);
                    } catch (InterruptedException ignored) {
                        // shutdownNow may interrupt runtime threads; the loop re-checks its state
                    }
                    continue;
                }
                removeAt(0);
                firing = true;
                firingUserTask = head.isUserTask();
                lock.unlock();
                try {
                    head.fire();
                } finally {
                    lock.lock();
                    firing = false;
                    firingUserTask = false;
                    fired.signalAll();
                }
            }
        } finally {
            lock.unlock();
            if (virtual) {
                source.detach(this);
            }
            runtime.termination().threadExited();
        }
    }

    private void removeAt(int i) {
        TimerEntry removed = heap[i];
        removed.heapIndex(-1);
        if (removed.isUserTask()) {
            userTasks--;
        }
        int last = --size;
        if (i != last) {
            TimerEntry moved = heap[last];
            heap[i] = moved;
            moved.heapIndex(i);
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
    }

    private void siftUp(int i) {
        TimerEntry entry = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerEntry p = heap[parent];
            if (!before(entry, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex(i);
            i = parent;
        }
        heap[i] = entry;
        entry.heapIndex(i);
    }

    private void siftDown(int i) {
        TimerEntry entry = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], entry)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex(i);
            i = child;
        }
        heap[i] = entry;
        entry.heapIndex(i);
    }

    private static boolean before(TimerEntry a, TimerEntry b) {
        long diff = a.triggerNanos() - b.triggerNanos();
        return diff < 0L || (diff == 0L && a.sequence() < b.sequence());
    }

    static long saturatedDelay(long delay, TimeUnit unit) {
        // keeps trigger differences far from overflow, as ScheduledThreadPoolExecutor does
        return Math.min(Math.max(unit.toNanos(delay), 0L), Long.MAX_VALUE >> 2);
    }
}
