package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The CPU lane's queue for tasks submitted from outside its workers: one multi-producer queue
 * per {@link Priority} (and several for {@code NORMAL}), drained by one worker at a time, that
 * also counts the submissions made through it.
 *
 * <p><b>One atomic per submission.</b> An external submission must be counted before the
 * submitter checks the run state (see {@link Admission#admit}), and published before it asks
 * whether a worker must be woken (see {@link CpuLane}, "No lost wake-up"); each of those needs a
 * full fence. Counting in a shared {@code LongAdder} and linking with a {@code getAndSet} paid
 * two. Here a queue's producer side is one word, {@code ctl}: the number of entries ever
 * offered, shifted left by one, and a lock bit. A producer takes the lock and counts its entry
 * with one CAS ({@code ctl + 3}), checks the run state, stores its task, and unlocks with a
 * release store ({@code ctl - 1}). That one CAS is the fence both protocols need, and the
 * per-queue count replaces the shared adder: the runtime's "submitted" figure adds the queues'
 * counts ({@link #submitted()}). A producer holds the lock for a few stores; submitters spread
 * over the {@code NORMAL} queues by thread, so they rarely meet there (the idea behind
 * {@code ForkJoinPool}'s per-submitter queues), and a producer that finds the lock taken spins
 * briefly, then yields; it never parks.
 *
 * <p><b>Entries live in arrays, not in a list.</b> A queue stores its tasks in segments: arrays
 * of {@link #SEGMENT_SIZE} slots, the last element of each linking the next segment. The
 * producer holding the lock stores the task in the next slot (appending a segment when the
 * current one is full); the consumer reads slots in order, and a null slot ends what it can
 * take. Each segment is filled once and dropped once the consumer has passed it, so no slot is
 * ever reused and a slot read can never be stale. An intrusive linked list (Vyukov's, with a
 * stub node, which this replaces) made the consumer chase pointers: it learns where task
 * {@code n + 1} is only by reading task {@code n}, which the submitter has just written on
 * another core, so a batch cost one cache miss after another. From an array the consumer reads
 * sixteen task addresses per cache line, and the misses on the tasks themselves come later,
 * when each runs, where the processor can overlap them with other work. On 2 cores, the
 * forks of {@code ExternalSubmitBenchmark} that ran in the fast mode went from about 30 to
 * about 40 M tasks per second from two and from four submitting threads. It also stores every task into a young array instead of the queue's long-lived tail field,
 * which G1's write barrier made a fence per task. A segment costs about 4 bytes per task.
 *
 * <p><b>Submitters spread over shards.</b> {@code NORMAL} tasks, the common case, go to one of
 * {@link #SHARDS} queues chosen by the submitting thread's id, so a few submitters do not even
 * share a producer word; each submitter's own tasks stay in order. {@code HIGH} and {@code LOW}
 * have one queue each, and a worker always looks at {@code HIGH} first and {@code LOW} last, so
 * priorities stay strict across shards.
 *
 * <p><b>Entries that are not submissions.</b> Tasks the runtime moves here itself (a retiring
 * worker's deque, a timer that fired, a submission already counted elsewhere) are offered with
 * {@link #offer}: they count as offered, and also in the queue's {@code uncounted} figure, which
 * {@link #submitted()} subtracts. A submission refused under the lock (the runtime shut down) is
 * counted, never stored, and added to {@code refused}.
 *
 * <p><b>One consumer per queue at a time.</b> Each queue has a consumer try-lock, and a worker
 * that loses the race moves on to the next queue or goes stealing instead of waiting. The winner
 * moves a batch into its own deque, where other workers can steal it: the queue's consumer side
 * is touched once per batch, not once per task. The consumer never takes the producer lock: a
 * slot the producer has not stored yet reads null, and the consumer takes that task on a later
 * look.
 *
 * <p><b>Emptiness.</b> {@link #looksEmpty()} compares the offered count with the entries taken
 * plus those refused, and treats a held producer lock as "not empty". It reads {@code refused}
 * before {@code ctl} and {@code taken} after it: a refusal counted after the {@code ctl} read
 * cannot make up for an entry still queued, and the consumer takes entries in order, so an entry
 * queued before the {@code ctl} read keeps {@code taken} below its position. It answers "not
 * empty" as soon as a producer's CAS is visible, before the task is stored: the wake-up protocol
 * relies on exactly that (a parking worker that sees the CAS stays awake and retries until the
 * store lands). It may answer "not empty" for a queue being drained: callers treat the answer as
 * a hint to look, never as proof of work.
 *
 * <p>Memory ordering: the producer CAS is a volatile read-modify-write (it orders the producer's
 * count before its run-state read, and its earlier writes to the task); the slot store is a
 * release store that publishes the task's fields to the consumer's acquire load of the slot, and
 * a new segment's link is a release store made before the segment's first slot is stored, so a
 * consumer that follows the link sees the new array's initial nulls. The unlock is a release
 * store, so the next producer sees the tail as its predecessor left it. The consumer's position
 * is plain, guarded by the consumer lock (acquire CAS, release store). {@code uncounted},
 * {@code refused} and {@code taken} have one writer at a time (the respective lock holder) and
 * are written with release stores and read with acquire loads: on x86 plain moves.
 */
final class InjectionQueue {

    /**
     * Queues for {@code NORMAL} tasks: the power of two at or above twice the processors, at
     * least 4 and at most 64. Submitters that run at the same moment are at most as many as the processors, so
     * they seldom meet on a producer lock, while a worker that finds its own deque empty still
     * visits few queues.
     */
    static final int SHARDS = Integer.highestOneBit(Math.clamp(4L * Runtime.getRuntime().availableProcessors() - 1, 4, 64));

    /** Slots per segment (see the class comment); the queues of a runtime all use it. */
    static final int SEGMENT_SIZE = 64;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle CTL;
    private static final VarHandle CONSUMER_LOCK;
    private static final VarHandle HEAD_SEGMENT;
    private static final VarHandle HEAD_INDEX;
    private static final VarHandle UNCOUNTED;
    private static final VarHandle REFUSED;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CTL = lookup.findVarHandle(LevelTail.class, "ctl", long.class);
            UNCOUNTED = lookup.findVarHandle(LevelTail.class, "uncounted", long.class);
            REFUSED = lookup.findVarHandle(LevelTail.class, "refused", long.class);
            CONSUMER_LOCK = lookup.findVarHandle(LevelHead.class, "consumerLock", int.class);
            HEAD_SEGMENT = lookup.findVarHandle(LevelHead.class, "headSegment", Object[].class);
            HEAD_INDEX = lookup.findVarHandle(LevelHead.class, "headIndex", int.class);
            TAKEN = lookup.findVarHandle(LevelHead.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The producer lock bit of {@code ctl}. */
    private static final long LOCKED = 1L;
    /** One offered entry in {@code ctl}. */
    private static final long ONE = 2L;

    // Producers work on the producer word and the tail, the consumer on the head: the two live on
    // separate cache lines (64 bytes of padding on each side, laid out through the class chain
    // because the JVM groups a class's own fields by size), so producers and the consumer do not
    // invalidate each other's line on every task.

    @SuppressWarnings("unused")
    abstract static class LevelPad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class LevelTail extends LevelPad0 {
        /** Entries ever offered, times two, plus the producer lock bit. */
        volatile long ctl;
        /**
         * The segment the next entry goes to, and the slot in it; producer lock holder only.
         * Plain: the unlock's release store publishes them to the next holder.
         */
        Object[] tailSegment;
        int tailIndex;
        /** Entries offered that were not submissions (see the class comment); producer lock holder only. */
        long uncounted;
        /** Submissions counted here and refused, never stored; producer lock holder only. */
        long refused;
    }

    @SuppressWarnings("unused")
    abstract static class LevelPad1 extends LevelTail {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class LevelHead extends LevelPad1 {
        /**
         * The segment and slot of the oldest entry not taken; written by the consumer lock
         * holder only, read without the lock by {@link Level#mayHaveEntries()} as a hint.
         */
        Object[] headSegment;
        int headIndex;
        /** Entries taken; consumer lock holder only. */
        long taken;
        /** 0 when free; taken with a CAS (acquire), given back with a release store. */
        volatile int consumerLock;
    }

    @SuppressWarnings("unused")
    abstract static class LevelPad2 extends LevelHead {
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }

    static final class Level extends LevelPad2 {

        /** Slots per segment; each array has one more element, the link to the next segment. */
        private final int segmentSize;

        Level(int segmentSize) {
            this.segmentSize = segmentSize;
            Object[] first = new Object[segmentSize + 1];
            tailSegment = first;
            headSegment = first;
        }

        boolean tryLock() {
            // acquire semantics of the CAS order the plain head reads after it
            return consumerLock == 0 && CONSUMER_LOCK.compareAndSet(this, 0, 1);
        }

        /**
         * Waits for the consumer lock: spins, then yields ({@link Backoff}).
         */
        void lock() {
            for (int spins = 0; !tryLock(); spins++) {
                Backoff.pause(spins);
            }
        }

        void unlock() {
            // release: the next consumer sees our head updates
            CONSUMER_LOCK.setRelease(this, 0);
        }

        /**
         * Takes the producer lock, adding {@code add} to the offered count in the same CAS (a
         * full fence). Returns the locked word, which only the holder changes until it unlocks.
         */
        private long lockProducer(long add) {
            for (int spins = 0; ; spins++) {
                long c = ctl;
                if ((c & LOCKED) == 0L && CTL.compareAndSet(this, c, c + add + LOCKED)) {
                    return c + add + LOCKED;
                }
                Backoff.pause(spins); // the holder does a few stores, unless it was descheduled
            }
        }

        private void unlockProducer(long locked) {
            // release: the next holder sees the tail and the figures written under the lock
            CTL.setRelease(this, locked - LOCKED);
        }

        /** Stores a task in the next slot, as the producer lock holder. */
        private void append(RuntimeTask<?> task) {
            Object[] segment = tailSegment;
            int i = tailIndex;
            if (i == segmentSize) {
                Object[] next = new Object[segmentSize + 1];
                // release: a consumer that follows the link sees the new array's nulls, not older memory
                SLOT.setRelease(segment, segmentSize, next);
                tailSegment = segment = next; // plain: published to the next holder by the unlock
                i = 0;
            }
            // release: the consumer's acquire load of the slot then sees the task's fields
            SLOT.setRelease(segment, i, task);
            tailIndex = i + 1;
        }

        /** Queues an entry that is not a submission. */
        void offer(RuntimeTask<?> task) {
            long locked = lockProducer(ONE);
            UNCOUNTED.setRelease(this, uncounted + 1L);
            append(task);
            unlockProducer(locked);
        }

        /**
         * Counts a submission, then queues it if {@code open} still allows it after the count
         * (see the class comment). Returns false when refused: the task was counted and not queued.
         */
        boolean offerSubmission(RuntimeTask<?> task, BooleanSupplier open) {
            long locked = lockProducer(ONE);
            boolean accepted = false;
            try {
                if (open.getAsBoolean()) {
                    append(task);
                    accepted = true;
                } else {
                    REFUSED.setRelease(this, refused + 1L);
                }
            } finally {
                unlockProducer(locked);
            }
            return accepted;
        }

        /**
         * Waits until no producer holds the producer lock. For {@code shutdownNow()}'s drain, after
         * the move to STOP: a producer that took the lock before it (counted, and read the run
         * state as open) has not necessarily stored its task yet, and {@link #poll()} would take
         * its empty slot for the end of the queue. Producers that take the lock after the move see
         * STOP and refuse their task, so once the lock is seen free every accepted task is stored
         * (the unlock is a release store, read here with a volatile load). A producer holds the
         * lock for a few stores, so the wait is as short as {@code lockProducer}'s own.
         */
        void awaitProducers() {
            for (int spins = 0; (ctl & LOCKED) != 0L; spins++) {
                Backoff.pause(spins);
            }
        }

        /** Consumer lock holder only. Returns null when empty or when the next task is counted but not yet stored. */
        RuntimeTask<?> poll() {
            Object[] segment = headSegment;
            int i = headIndex;
            if (i == segmentSize) {
                // acquire: pairs with the producer's release store of the link
                Object[] next = (Object[]) SLOT.getAcquire(segment, segmentSize);
                if (next == null) {
                    return null;
                }
                headSegment = segment = next; // plain: read by mayHaveEntries as a hint only
                headIndex = i = 0;
            }
            // acquire: pairs with the producer's release store of the slot
            RuntimeTask<?> task = (RuntimeTask<?>) SLOT.getAcquire(segment, i);
            if (task == null) {
                return null;
            }
            // plain: lets the collector take the task; no producer writes this slot again
            SLOT.set(segment, i, null);
            headIndex = i + 1;
            TAKEN.setRelease(this, taken + 1L);
            return task;
        }

        /**
         * A cheaper hint than {@link #looksEmpty()} for a worker deciding whether to try the
         * consumer lock: reads the consumer's position and one slot. {@code ctl} is the line every
         * submission's CAS writes; a worker that read it on every look would take that line away
         * from the submitter each time, and a submitter that must fetch it back for every task
         * pays a cache miss per submission. It answers "empty" while a producer has counted but
         * not yet stored its entry, and may answer "empty" when it reads the position while the
         * consumer moves to the next segment, so it is never the last look before a worker
         * parks: that one is {@link #looksEmpty()}, whose {@code ctl} read pairs with the
         * submitter's CAS (see {@link CpuLane}, "No lost wake-up").
         */
        boolean mayHaveEntries() {
            // opaque: read afresh on every look of a searching worker's loop; a stale answer only delays a look
            Object[] segment = (Object[]) HEAD_SEGMENT.getOpaque(this);
            int i = (int) HEAD_INDEX.getOpaque(this);
            return SLOT.getOpaque(segment, i) != null; // at the segment's end: its link
        }

        /** See the class comment, "Emptiness", for why the three reads come in this order. */
        boolean looksEmpty() {
            long r = (long) REFUSED.getAcquire(this);
            long c = ctl;
            return (c & LOCKED) == 0L && (c >>> 1) == r + (long) TAKEN.getAcquire(this);
        }

        /** Submissions counted here: never less than those made before the call, so never too few for termination. */
        long submitted() {
            long u = (long) UNCOUNTED.getAcquire(this); // first: ctl counts every entry u counts
            return (ctl >>> 1) - u;
        }
    }

    private final Level high;
    private final Level[] normal = new Level[SHARDS];
    private final Level low;
    /** Every queue in the order consumers visit them when they start at shard 0. */
    private final Level[] all = new Level[SHARDS + 2];

    InjectionQueue() {
        this(SEGMENT_SIZE);
    }

    /** For tests: segments of {@code segmentSize} slots, so that a few entries cross segments. */
    InjectionQueue(int segmentSize) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segmentSize must be at least 1, was " + segmentSize);
        }
        high = new Level(segmentSize);
        low = new Level(segmentSize);
        all[0] = high;
        for (int i = 0; i < SHARDS; i++) {
            normal[i] = new Level(segmentSize);
            all[i + 1] = normal[i];
        }
        all[SHARDS + 1] = low;
    }

    /** Any thread: queues a task that is not a submission, or whose submission was counted elsewhere. */
    void offer(RuntimeTask<?> task) {
        levelFor(task).offer(task);
    }

    /**
     * Any thread: counts a submission and queues it unless {@code open}, asked after the count,
     * refuses it; returns whether it was queued. See the class comment.
     */
    boolean offerSubmission(RuntimeTask<?> task, BooleanSupplier open) {
        return levelFor(task).offerSubmission(task, open);
    }

    private Level levelFor(RuntimeTask<?> task) {
        return switch (task.priority()) {
            case HIGH -> high;
            case NORMAL -> normal[(int) Thread.currentThread().threadId() & (SHARDS - 1)];
            case LOW -> low;
        };
    }

    /** Submissions counted by the queues (see {@link Level#submitted()}). */
    long submitted() {
        long n = 0L;
        for (Level level : all) {
            n += level.submitted();
        }
        return n;
    }

    /**
     * Takes up to {@code into.length} tasks from one {@code NORMAL} shard, oldest first, unless
     * another worker holds its consumer lock; returns how many. Workers choose the shard (see
     * {@code Worker.pollInjection}), visiting {@code HIGH} before and {@code LOW} after them.
     */
    int pollShard(int shard, RuntimeTask<?>[] into) {
        return drainSome(normal[shard], into);
    }

    /** Whether the {@code LOW} queue may hold a task: a hint, see {@link Level#mayHaveEntries()}. */
    boolean lowMayHaveEntries() {
        return low.mayHaveEntries();
    }

    /**
     * Whether every {@code NORMAL} queue looks empty (see {@link Level#looksEmpty()}). A worker
     * that found no {@code NORMAL} task may have been turned away from a shard only because
     * another worker held its consumer lock in the middle of a batch; it asks this before it
     * takes a {@code LOW} task (see {@code Worker.lowIfNoNormalWaits}).
     */
    boolean normalLooksEmpty() {
        for (Level level : normal) {
            if (!level.looksEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Takes up to {@code into.length} tasks from the {@code LOW} queue only. */
    int pollLow(RuntimeTask<?>[] into) {
        return drainSome(low, into);
    }

    /**
     * Takes the oldest {@code HIGH} task, or null when that queue is empty; one at a time, never
     * a batch. A batch of {@code HIGH} tasks in one worker's deque would wait there while other
     * workers, which look only at this queue before each task, go on starting {@code NORMAL}
     * ones. Waits for the consumer lock instead of moving on, for the same reason: the holder
     * takes one task and lets go.
     */
    RuntimeTask<?> pollHigh() {
        Level level = high;
        if (level.looksEmpty()) {
            return null;
        }
        level.lock();
        try {
            return level.poll();
        } finally {
            level.unlock();
        }
    }

    /** Whether the {@code HIGH} queue looks empty: workers ask before every task, so it is two volatile reads. */
    boolean highLooksEmpty() {
        return high.looksEmpty();
    }

    private static int drainSome(Level level, RuntimeTask<?>[] into) {
        if (!level.mayHaveEntries() || !level.tryLock()) {
            return 0;
        }
        int n = 0;
        try {
            for (RuntimeTask<?> task; n < into.length && (task = level.poll()) != null; ) {
                into[n++] = task;
            }
        } finally {
            level.unlock();
        }
        return n;
    }

    /** Lowest priority, oldest of its queue first: the victim of DISCARD_OLDEST. Waits for the locks. */
    RuntimeTask<?> pollOldestLowest() {
        for (int i = all.length - 1; i >= 0; i--) {
            Level level = all[i];
            if (level.looksEmpty()) {
                continue;
            }
            level.lock();
            try {
                RuntimeTask<?> task = level.poll();
                if (task != null) {
                    return task;
                }
            } finally {
                level.unlock();
            }
        }
        return null;
    }

    /**
     * Removes every task, waiting for the consumer locks and for producers that were storing a
     * task they had counted (see {@link Level#awaitProducers()}): without that wait a submission
     * admitted just before {@code shutdownNow()} was stored after the drain passed, and the task
     * was neither run nor handed back.
     */
    int drain(Consumer<RuntimeTask<?>> sink) {
        int n = 0;
        for (Level level : all) {
            level.lock();
            try {
                level.awaitProducers();
                for (RuntimeTask<?> task; (task = level.poll()) != null; n++) {
                    sink.accept(task);
                }
            } finally {
                level.unlock();
            }
        }
        return n;
    }

    boolean looksEmpty() {
        for (Level level : all) {
            if (!level.looksEmpty()) {
                return false;
            }
        }
        return true;
    }
}
