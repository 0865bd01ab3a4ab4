package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The CPU lane's queue for tasks submitted from outside its workers: one intrusive
 * multi-producer queue per {@link Priority}, drained by one worker at a time.
 *
 * <p><b>Producers never wait for each other.</b> Each priority level is Vyukov's intrusive MPSC
 * queue: a producer links its task in with a single {@code getAndSet} on the tail (wait-free, no
 * retry loop, no lock), so submitters contend on one cache line but never serialise behind a
 * lock as they do on {@code LinkedBlockingQueue} (ThreadPoolExecutor) or on a submission queue's
 * lock ({@code ForkJoinPool}). Tasks are their own queue nodes, so a submission allocates nothing
 * here.
 *
 * <p><b>Submitters spread over shards.</b> {@code NORMAL} tasks, the common case, go to one of
 * {@value #SHARDS} queues chosen by the submitting thread's id, so a few submitters do not even
 * share a tail (the idea behind {@code ForkJoinPool}'s per-submitter queues, without their
 * locks); each submitter's own tasks stay in order. {@code HIGH} and {@code LOW} have one queue
 * each, and a worker always looks at {@code HIGH} first and {@code LOW} last, so priorities stay
 * strict across shards.
 *
 * <p><b>One consumer per queue at a time.</b> The MPSC algorithm allows a single consumer; each
 * queue has a try-lock, and a worker that loses the race moves on to the next queue or goes
 * stealing instead of waiting. The winner moves a batch into its own deque, where other workers
 * can steal it: the queue's consumer side is touched once per batch, not once per task.
 *
 * <p><b>Half-linked tasks.</b> Between a producer's {@code getAndSet} and its link store the
 * consumer cannot take the task yet ({@code poll} answers null), but {@link #looksEmpty()}
 * already reports it, because it reads the tail, which the full-fence swap published. The
 * wake-up protocol relies on exactly that (see {@link CpuLane}): a parking worker that sees the
 * swap stays awake and retries until the link lands.
 *
 * <p>Memory ordering: the tail swap is a volatile read-modify-write (it orders the producer's
 * earlier writes to the task); the link is a release store that publishes the task's fields to
 * the consumer's acquire load of {@code next}; the consumer's {@code head} is a plain field,
 * guarded by the consumer lock (whose acquire CAS and release store order it between consumers).
 */
final class InjectionQueue {

    /** Queues for {@code NORMAL} tasks; a power of two. */
    static final int SHARDS = 4;

    private static final VarHandle NEXT;
    private static final VarHandle TAIL;
    private static final VarHandle CONSUMER_LOCK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(RuntimeTask.class, "next", RuntimeTask.class);
            TAIL = lookup.findVarHandle(LevelTail.class, "tail", RuntimeTask.class);
            CONSUMER_LOCK = lookup.findVarHandle(LevelHead.class, "consumerLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // One priority level is an intrusive MPSC queue with a stub node. Producers swap the tail,
    // the consumer moves the head: the two live on separate cache lines (64 bytes of padding on
    // each side, laid out through the class chain because the JVM groups a class's own fields by
    // size), so producers and the consumer do not invalidate each other's line on every task.

    @SuppressWarnings("unused")
    abstract static class LevelPad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class LevelTail extends LevelPad0 {
        /** Written by producers with getAndSet; read by the consumer and by emptiness checks. */
        volatile RuntimeTask<?> tail;
    }

    @SuppressWarnings("unused")
    abstract static class LevelPad1 extends LevelTail {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class LevelHead extends LevelPad1 {
        /** Consumer-only, guarded by the consumer lock. */
        RuntimeTask<?> head;
        RuntimeTask<?> stub;
        /** 0 when free; taken with a CAS (acquire), given back with a release store. */
        volatile int consumerLock;
    }

    @SuppressWarnings("unused")
    abstract static class LevelPad2 extends LevelHead {
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }

    static final class Level extends LevelPad2 {

        Level() {
            stub = RuntimeTask.stub();
            head = stub;
            tail = stub;
        }

        boolean tryLock() {
            // acquire semantics of the CAS order the plain head reads after it
            return consumerLock == 0 && CONSUMER_LOCK.compareAndSet(this, 0, 1);
        }

        void lock() {
            while (!tryLock()) {
                Thread.onSpinWait();
            }
        }

        void unlock() {
            // release: the next consumer sees our head updates
            CONSUMER_LOCK.setRelease(this, 0);
        }

        void offer(RuntimeTask<?> task) {
            // plain: published by the getAndSet below, which is a full fence
            NEXT.set(task, (RuntimeTask<?>) null);
            RuntimeTask<?> previous = (RuntimeTask<?>) TAIL.getAndSet(this, task);
            // release: the consumer's acquire load of previous.next then sees the task's fields
            NEXT.setRelease(previous, task);
        }

        /** Consumer only. Returns null when empty or momentarily half-linked. */
        RuntimeTask<?> poll() {
            RuntimeTask<?> first = head;
            RuntimeTask<?> next = (RuntimeTask<?>) NEXT.getAcquire(first);
            if (first == stub) {
                if (next == null) {
                    return null;
                }
                head = next;
                first = next;
                next = (RuntimeTask<?>) NEXT.getAcquire(next);
            }
            if (next != null) {
                head = next;
                NEXT.setOpaque(first, (RuntimeTask<?>) null);
                return first;
            }
            if (first != tail) {
                return null; // a producer swapped the tail but has not linked yet
            }
            offer(stub);
            next = (RuntimeTask<?>) NEXT.getAcquire(first);
            if (next != null) {
                head = next;
                NEXT.setOpaque(first, (RuntimeTask<?>) null);
                return first;
            }
            return null;
        }

        /**
         * Empty exactly when the stub is both tail and head: the consumer re-inserts the stub
         * behind the last element it takes, and {@code head} always points at the next element to
         * take (or the stub). Reading the tail first, with a volatile load, makes a producer's
         * swap visible here as soon as its {@code getAndSet} is: the wake-up protocol needs that,
         * since a producer's later link store is only a release store. May answer "not empty"
         * for a queue being drained: callers treat the answer as a hint to look, never as proof
         * of work.
         */
        boolean looksEmpty() {
            return tail == stub && head == stub;
        }
    }

    private final Level high = new Level();
    private final Level[] normal = new Level[SHARDS];
    private final Level low = new Level();
    /** Every queue in the order consumers visit them when they start at shard 0. */
    private final Level[] all = new Level[SHARDS + 2];

    InjectionQueue() {
        all[0] = high;
        for (int i = 0; i < SHARDS; i++) {
            normal[i] = new Level();
            all[i + 1] = normal[i];
        }
        all[SHARDS + 1] = low;
    }

    /** Any thread. Wait-free. */
    void offer(RuntimeTask<?> task) {
        switch (task.priority()) {
            case HIGH -> high.offer(task);
            case NORMAL -> normal[(int) Thread.currentThread().threadId() & (SHARDS - 1)].offer(task);
            case LOW -> low.offer(task);
        }
    }

    /**
     * Takes up to {@code into.length} tasks from one queue: {@code HIGH} first, then the
     * {@code NORMAL} shards from {@code start}, then {@code LOW}; queues whose lock another worker
     * holds are skipped. Returns how many were taken, oldest first.
     */
    int pollBatch(int start, RuntimeTask<?>[] into) {
        int n = drainSome(high, into);
        for (int i = 0; n == 0 && i < SHARDS; i++) {
            n = drainSome(normal[(start + i) & (SHARDS - 1)], into);
        }
        return n == 0 ? drainSome(low, into) : n;
    }

    /** Takes up to {@code into.length} tasks from the {@code HIGH} queue only. */
    int pollHigh(RuntimeTask<?>[] into) {
        return drainSome(high, into);
    }

    /** Whether the {@code HIGH} queue looks empty: workers ask before every task, so it is two volatile reads. */
    boolean highLooksEmpty() {
        return high.looksEmpty();
    }

    private static int drainSome(Level level, RuntimeTask<?>[] into) {
        if (level.looksEmpty() || !level.tryLock()) {
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

    /** Removes every task, waiting for the consumer locks. */
    int drain(Consumer<RuntimeTask<?>> sink) {
        int n = 0;
        for (Level level : all) {
            level.lock();
            try {
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
