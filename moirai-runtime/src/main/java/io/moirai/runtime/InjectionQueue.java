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
 * <p><b>One consumer at a time.</b> The MPSC algorithm allows a single consumer; workers take
 * turns through a try-lock ({@link #tryLockConsumer()}) and a worker that loses the race goes
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

    private static final VarHandle NEXT;
    private static final VarHandle TAIL;
    private static final VarHandle CONSUMER_LOCK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(RuntimeTask.class, "next", RuntimeTask.class);
            TAIL = lookup.findVarHandle(LevelTail.class, "tail", RuntimeTask.class);
            CONSUMER_LOCK = lookup.findVarHandle(InjectionQueue.class, "consumerLock", int.class);
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

    private final Level[] levels = {new Level(), new Level(), new Level()};
    @SuppressWarnings("unused")
    private volatile int consumerLock;

    /** Any thread. Wait-free. */
    void offer(RuntimeTask<?> task) {
        levels[task.priority().ordinal()].offer(task);
    }

    boolean tryLockConsumer() {
        // acquire semantics of the CAS order the plain head reads after it
        return consumerLock == 0 && CONSUMER_LOCK.compareAndSet(this, 0, 1);
    }

    void lockConsumer() {
        while (!tryLockConsumer()) {
            Thread.onSpinWait();
        }
    }

    void unlockConsumer() {
        // release: the next consumer sees our head updates
        CONSUMER_LOCK.setRelease(this, 0);
    }

    /** Consumer lock held. Highest priority first, FIFO within a priority. */
    RuntimeTask<?> pollLocked() {
        for (Level level : levels) {
            RuntimeTask<?> task = level.poll();
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /** Consumer lock held. Lowest priority first, oldest first: the victim of DISCARD_OLDEST. */
    RuntimeTask<?> pollOldestLowestLocked() {
        for (int i = levels.length - 1; i >= 0; i--) {
            RuntimeTask<?> task = levels[i].poll();
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /** Takes one task if the consumer lock is free; null when empty or busy. */
    RuntimeTask<?> tryPoll() {
        if (!tryLockConsumer()) {
            return null;
        }
        try {
            return pollLocked();
        } finally {
            unlockConsumer();
        }
    }

    /** Removes every task, waiting for the consumer lock. */
    int drain(Consumer<RuntimeTask<?>> sink) {
        lockConsumer();
        try {
            int n = 0;
            for (RuntimeTask<?> task; (task = pollLocked()) != null; n++) {
                sink.accept(task);
            }
            return n;
        } finally {
            unlockConsumer();
        }
    }

    boolean looksEmpty() {
        return levels[0].looksEmpty() && levels[1].looksEmpty() && levels[2].looksEmpty();
    }
}
