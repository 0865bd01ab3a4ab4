package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The blocking lane: tasks run on virtual threads, at most {@code limit} at once.
 *
 * <p>A submission takes a permit and starts a virtual thread, or, with no permit free, waits in a
 * FIFO queue per priority. A virtual thread that finishes its task keeps its permit and runs the
 * next waiting task, so under load the lane reuses threads instead of creating one per task;
 * only when nothing waits does it give its permit back and end.
 *
 * <p><b>Lingering.</b> Before it ends, a thread whose next task is likely to come soon lingers:
 * it takes one of a few {@link HandOffSlots}, yields its carrier a few times, and a submission
 * that finds it there hands it the task (one CAS) instead of taking a permit and starting a
 * thread. Starting a virtual thread, naming, registering and ending it cost several times a tiny
 * task, and without lingering a stream of tiny tasks settles in either of two states: the
 * threads keep up, end, and every submission starts a new one (slow, as the submitter then does
 * most of the work), or a backlog lets them reuse one another (fast); the lane flipped between
 * them from run to run. A thread lingers only when a next task is likely (see
 * {@link #lingerForNext}), so the end of a burst of sleeping tasks is not delayed. The hand-off
 * is a start like any other: the submitter finds a free permit's worth of room first (the
 * lingering thread's own, within the limit), nothing waits in the queue, and the task keeps its
 * place in the counts.
 *
 * <p><b>No lost hand-off.</b> A task queued while the last lane thread gives up its permit must
 * still start. The submitter takes its place in the queue (an atomic {@code getAndAdd}, so a
 * full fence), stores the task there, then reads the permits; a thread that gives a permit back
 * (an atomic decrement) then reads the queue's ends. Of two such threads at least one sees the
 * other: either the submitter finds the permit free and starts the task, or the releasing
 * thread sees the entry and takes it, waiting for the store if it has not landed yet
 * ({@link WaitingQueue#poll()} never gives up on an entry whose producer is still storing it).
 * Whoever re-takes a permit for that look and finds nothing (another thread took the entry, or
 * its task had ended) releases and looks again, until it reads no waiting entry or no free
 * permit: a submitter may have read the permits while it held one. No counter of waiting tasks
 * sits on this path: every submission and every take would write it, and with several
 * submitting threads that shared line cost more than the queue itself. A task that ends while
 * it waits stays queued until a poll drops it; whoever wins its
 * {@link RuntimeTask#claimWaiting()}, the thread taking it from the queue or the party ending
 * it unstarted, decides which of them accounts for it, so the waiting figure leaves it out at once.
 *
 * <p>Shrinking the limit takes effect as tasks finish: a thread that holds a permit beyond the
 * limit gives it back instead of taking the next task. No thread is ever interrupted or started
 * beyond the limit, so at most {@code limit} tasks run at any moment.
 *
 * <p>The threads that run tasks are registered for {@code shutdownNow}'s interrupt in a few
 * striped lists, chosen by thread id: a thread links its own {@link Runner} (the object it runs,
 * so registering allocates nothing) under its stripe's lock as it starts, and as it ends moves it
 * to the stripe's list of exited runners, which {@code awaitTermination} joins so that no thread
 * outlives a successful wait; dead entries are pruned as that list grows. A concurrent set would
 * allocate a node per thread and update a shared size on both occasions. The lock is a CAS
 * spin lock: its holders run a few pointer moves and never block, and releasing it is a plain
 * release store, where a {@code ReentrantLock} pays a full fence to unlock.
 */
final class BlockingLane {

    private final MoiraiRuntime runtime;
    /**
     * Makes the lane's threads, unnamed: {@link #start} names each one. A naming factory builds
     * every name in a growing {@code StringBuilder} (three arrays and about 150 bytes a thread,
     * measured with JFR), where one concatenation allocates one.
     */
    private final ThreadFactory threads;
    private final String threadNamePrefix;
    /** The number in the next thread's name; the names run from 0, as a naming factory's do. */
    private final AtomicLong threadNumber = new AtomicLong();
    /**
     * The waiting tasks, one queue per priority. Every lane thread that finishes a task takes its
     * next one here, so the queue's consumer side must not serialize them: see
     * {@link WaitingQueue}, whose consumers claim with a CAS and never wait for each other.
     */
    @SuppressWarnings("unchecked")
    private final WaitingQueue<RuntimeTask<?>>[] waiting = new WaitingQueue[] {
            new WaitingQueue<RuntimeTask<?>>(), new WaitingQueue<RuntimeTask<?>>(), new WaitingQueue<RuntimeTask<?>>()};
    /**
     * Entries still in {@link #waiting} whose task ended while it waited (cancelled, timed out,
     * evicted by its ending party): counted by that party, uncounted by the thread that polls
     * and drops the entry. Only for {@link #waiting()}; the hot paths never touch it.
     */
    private final PaddedCounter deadWaiting = new PaddedCounter();
    private final PaddedCounter inUse = new PaddedCounter();
    /**
     * Tasks running nested in a waiting task, on its permit (see {@link InlineRun#helpWith}):
     * running, so counted as active, though they hold no permit of their own. Only the snapshot
     * reads it; only those rare nested runs write it.
     */
    private final PaddedCounter nested = new PaddedCounter();
    /** {@code Runner.handed}. */
    private static final VarHandle HANDED;

    static {
        try {
            HANDED = MethodHandles.lookup().findVarHandle(Runner.class, "handed", RuntimeTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where finished threads linger for the next submission; see the class comment. */
    private final HandOffSlots<Runner> handOffs = new HandOffSlots<>();
    /**
     * The thread count {@link #threadsStartedSinceLastLook} saw last, a hint. Padded: finishing
     * threads write it, and beside {@link #limit} and {@link #paused}, which every submission
     * reads, it would cost each submission a cache miss.
     */
    private final PaddedCounter startsSeen = new PaddedCounter();
    /** The threads running this lane's tasks, by stripe; see the class comment. */
    private final Stripe[] running;
    private volatile int limit;
    private volatile boolean paused;

    BlockingLane(MoiraiRuntime runtime, int limit, String namePrefix) {
        this.runtime = runtime;
        this.limit = limit;
        // no inherited thread locals: a blocking task must not see whatever thread happened to start its thread
        Thread.Builder.OfVirtual builder = Thread.ofVirtual().inheritInheritableThreadLocals(false);
        if (runtime.configuredHandler() != null) {
            builder.uncaughtExceptionHandler(runtime.configuredHandler());
        }
        this.threads = builder.factory();
        this.threadNamePrefix = namePrefix + "blocking-";
        int stripes = Integer.highestOneBit(Math.clamp(2L * Runtime.getRuntime().availableProcessors(), 1, 64));
        this.running = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            running[i] = new Stripe();
        }
    }

    /** 128 bytes before a stripe's fields, so no two stripes (or their neighbours) share a line. */
    abstract static class StripePad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07, p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** The fields of a {@link Stripe}, between its paddings. */
    abstract static class StripeFields extends StripePad0 {
        volatile int locked;
        Runner head;
        /** Runners whose thread has ended its work, linked through {@code next}; some may be dead. */
        Runner exited;
        int exitedCount;
        /** Prune when {@code exitedCount} passes this: twice what the last pruning kept, at least {@link #PRUNE_EXITED_AT}. */
        int pruneAt = PRUNE_EXITED_AT;
    }

    /** 128 bytes after a stripe's fields. */
    abstract static class StripePad1 extends StripeFields {
        long q00, q01, q02, q03, q04, q05, q06, q07, q10, q11, q12, q13, q14, q15, q16, q17;
    }

    /** One list of running threads, one of exited ones, and the spin lock that guards both. */
    private static final class Stripe extends StripePad1 {
        private static final VarHandle LOCKED;

        static {
            try {
                LOCKED = MethodHandles.lookup().findVarHandle(StripeFields.class, "locked", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        void lock() {
            for (int spins = 0; !LOCKED.compareAndSet(this, 0, 1); spins++) {
                Backoff.pause(spins);
            }
        }

        void unlock() {
            LOCKED.setRelease(this, 0); // release: the list updates are visible to the next holder
        }
    }

    /** Past this many exited runners in a stripe, the dead ones are dropped. */
    private static final int PRUNE_EXITED_AT = 64;

    /** What a lane thread runs, its entry in {@link #running} while it runs, and its {@link InlineRun} record. */
    private final class Runner extends InlineRun implements Runnable {
        final RuntimeTask<?> first;
        Thread thread;
        /**
         * The task a submitter hands this thread while it lingers: written once by the submitter
         * that claimed its slot, read and cleared by the thread; accessed through {@link #HANDED}.
         */
        RuntimeTask<?> handed;
        /** Whether its last linger ended with a task handed over; owner only. */
        boolean lingerPaidOff;
        /** Links in the stripe's list; guarded by the stripe's lock. */
        Runner previous;
        Runner next;

        Runner(RuntimeTask<?> first) {
            this.first = first;
        }

        @Override
        boolean holdsPermitOf(MoiraiRuntime owner) {
            return owner == runtime;
        }

        @Override
        public void run() {
            runFrom(this);
        }
    }

    private Stripe stripeOf(Thread thread) {
        return running[(int) thread.threadId() & (running.length - 1)];
    }

    private void register(Runner runner) {
        Stripe stripe = stripeOf(runner.thread);
        stripe.lock();
        try {
            Runner head = stripe.head;
            runner.next = head;
            if (head != null) {
                head.previous = runner;
            }
            stripe.head = runner;
        } finally {
            stripe.unlock();
        }
    }

    /** Moves a runner whose thread is about to end from the running list to the exited one. */
    private void retire(Runner runner) {
        Stripe stripe = stripeOf(runner.thread);
        stripe.lock();
        try {
            Runner previous = runner.previous;
            Runner next = runner.next;
            if (previous != null) {
                previous.next = next;
            } else {
                stripe.head = next;
            }
            if (next != null) {
                next.previous = previous;
            }
            runner.previous = null;
            runner.next = stripe.exited;
            stripe.exited = runner;
            if (++stripe.exitedCount > stripe.pruneAt) {
                pruneExited(stripe);
            }
        } finally {
            stripe.unlock();
        }
    }

    /** Drops the exited runners whose thread has died; the caller holds the stripe's lock. */
    private static void pruneExited(Stripe stripe) {
        Runner kept = null;
        int count = 0;
        for (Runner r = stripe.exited, next; r != null; r = next) {
            next = r.next;
            if (r.thread.isAlive()) {
                r.next = kept;
                kept = r;
                count++;
            }
        }
        stripe.exited = kept;
        stripe.exitedCount = count;
        stripe.pruneAt = Math.max(PRUNE_EXITED_AT, 2 * count); // a burst of live ones is not rescanned at every exit
    }

    /** The lane's threads that ended their work and may not have died yet, for {@code awaitTermination} to join. */
    List<Thread> exitedThreads() {
        List<Thread> threads = new ArrayList<>();
        for (Stripe stripe : running) {
            stripe.lock();
            try {
                pruneExited(stripe);
                for (Runner r = stripe.exited; r != null; r = r.next) {
                    threads.add(r.thread);
                }
            } finally {
                stripe.unlock();
            }
        }
        return threads;
    }

    /** Starts the task at once if a permit is free. */
    boolean tryStartNow(RuntimeTask<?> task) {
        if (paused) {
            return false;
        }
        // Under load every permit is held and nobody lingers: the task queues, and reading the
        // permits (a line written only as threads start and end) settles that before the
        // queue's ends, which every submission and every take write.
        boolean lingering = handOffs.anyLingering();
        if (!lingering && inUse.get() >= limit || anyWaiting()) {
            return false;
        }
        if (lingering && handToLingering(task)) {
            return true;
        }
        if (!tryAcquirePermit()) {
            return false;
        }
        start(task); // a submission the runtime accepted: in this thread's hands
        return true;
    }

    /** Queues the task (its capacity slot, if any, is already taken) and starts what permits allow. */
    void enqueue(RuntimeTask<?> task) {
        task.waitingForPermit = true; // plain: published by the queue
        waiting[task.priority().ordinal()].offer(task);
        // The queue's getAndAdd (a full fence) comes before the permits are read in
        // dispatchWaiting. A lane thread gives its permit back (an atomic decrement) and then
        // reads the queue's ends (anyWaiting), so either it sees the entry, and waits for it to
        // be stored if need be, or this thread sees the permit free and starts the task.
        dispatchWaiting();
    }

    /**
     * A waiting task ended unstarted, and its ending party won its
     * {@link RuntimeTask#claimWaiting()}: its entry stays in the queue until a poll drops it,
     * and until then the waiting figure leaves it out.
     */
    void waitingLeft() {
        deadWaiting.incrementAndGet();
    }

    /**
     * Whether an entry may wait in a queue: one was offered that no poll has taken yet. An entry
     * being offered counts from its producer's {@code getAndAdd}, before it is stored; an entry
     * whose task ended while waiting counts until a poll drops it.
     */
    private boolean anyWaiting() {
        for (WaitingQueue<RuntimeTask<?>> queue : waiting) {
            if (!queue.looksEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Lowest priority, oldest first: the victim of DISCARD_OLDEST. Skips entries that already ended. */
    RuntimeTask<?> evictOldest() {
        for (int i = waiting.length - 1; i >= 0; i--) {
            RuntimeTask<?> task = pollLive(waiting[i]);
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /** The next live waiting task; entries of tasks that ended while waiting are dropped. */
    private RuntimeTask<?> pollWaiting() {
        for (WaitingQueue<RuntimeTask<?>> queue : waiting) {
            RuntimeTask<?> task = pollLive(queue);
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /**
     * The oldest live task of one queue, or null when the queue is empty. Entries of tasks that
     * ended while waiting are dropped. Waits for an entry whose producer has its place in the
     * queue but has not stored it yet: a lane thread that gave up there could end while the
     * producer, finding every permit held, leaves the task to it.
     */
    private RuntimeTask<?> pollLive(WaitingQueue<RuntimeTask<?>> queue) {
        for (RuntimeTask<?> task; (task = queue.poll()) != null; ) {
            // The claim decides between this thread and a party ending the task unstarted:
            // exactly one of them wins it; a party that won it counted the entry dead.
            if (!task.claimWaiting()) {
                deadWaiting.decrementAndGet();
            } else if (task.isNew()) {
                return task;
            }
        }
        return null;
    }

    /** Starts waiting tasks while permits allow; also {@code shutdownNow()}'s look after its drain. */
    void dispatchWaiting() {
        for (;;) {
            // While shutdownNow() empties the queues take nothing: it returns what it finds, and
            // must not find them started (its own lifting of a pause dispatches too). Before it,
            // and after it for a task that reached the queue late, a task taken runs.
            if (runtime.termination().isEmptyingQueues()) {
                return;
            }
            RuntimeTask<?> task = takeWaitingWithPermit();
            if (task == null) {
                return;
            }
            start(task);
        }
    }

    /**
     * Takes a permit and the oldest waiting task, or returns null holding no permit. It gives up
     * only once it reads no waiting task or no free permit after its last release: see
     * nextOrRelease for why a release must be followed by another look.
     */
    private RuntimeTask<?> takeWaitingWithPermit() {
        // the permits first: see tryStartNow; the queue is still read after them, as the
        // hand-off argument needs
        while (mayStartMore() && inUse.get() < limit && anyWaiting() && tryAcquirePermit()) {
            RuntimeTask<?> task = pollWaiting();
            if (task != null) {
                return task;
            }
            inUse.decrementAndGet(); // another thread took the entry, or its task had ended: look again
            Thread.onSpinWait();
        }
        return null;
    }

    private boolean tryAcquirePermit() {
        for (int n = inUse.get(); n < limit; n = inUse.get()) {
            if (inUse.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void start(RuntimeTask<?> first) {
        Thread thread;
        try {
            Runner runner = new Runner(first);
            thread = threads.newThread(runner);
            thread.setName(threadNamePrefix + threadNumber.getAndIncrement());
            runtime.termination().threadStarted();
        } catch (Throwable failure) {
            inUse.decrementAndGet();
            runtime.failUnstartable(first, failure);
            return;
        }
        thread.start();
    }

    private void runFrom(Runner runner) {
        runner.thread = Thread.currentThread();
        runner.owner = runner.thread;
        register(runner);
        try {
            ScopedValue.where(MoiraiRuntime.CURRENT, runtime).where(InlineRun.HERE, runner).run(() -> {
                for (RuntimeTask<?> task = runner.first; task != null; task = nextOrRelease(runner)) {
                    Thread.interrupted(); // a stale interrupt never reaches the next task
                    runner.current = task;
                    runtime.runTask(task);
                    runner.current = null;
                }
            });
        } finally {
            retire(runner);
            runtime.termination().threadExitedRecorded(); // retire recorded it for awaitTermination
        }
    }

    /** Keeps the permit for the next waiting task, or gives it back; null means this thread ends. */
    private RuntimeTask<?> nextOrRelease(Runner runner) {
        RuntimeTask<?> task;
        Termination termination = runtime.termination();
        // shutdownNow() may be emptying the queue: what it finds goes back to its caller, so take
        // nothing until it is done (a blocking wait: see Termination.awaitTakeable)
        termination.awaitTakeable();
        if (mayStartMore() && inUse.get() <= limit && (task = pollWaiting()) != null) {
            return task;
        }
        if (mayStartMore() && (task = lingerForNext(runner)) != null) {
            return task;
        }
        inUse.decrementAndGet();
        // A task queued between the poll above and the release would otherwise wait for the next
        // submission: look again after every release. Its submitter takes its place in the queue
        // and then reads the permits; this thread releases, then reads the queue's ends (both
        // atomic read-modify-writes, so each is a full fence). Either the submitter sees the
        // permit free and starts the task, or this thread sees the entry and takes the task. A look
        // that re-took a permit and found nothing must release and look again: a submitter may
        // have read the permits while this thread held one.
        if ((task = takeWaitingWithPermit()) != null) {
            return task;
        }
        runtime.termination().tryTerminate();
        return null;
    }

    /**
     * Lingers, holding the permit, for the next submission to hand this thread its task (see the
     * class comment, "Lingering"), or for a task to be queued; returns that task, or null to give
     * the permit back. Lingers only where a next task is likely: the last linger paid off, or
     * threads were started since a finishing thread last looked (so submissions are arriving
     * while threads end, and each would start another). At the end of a burst of sleeping tasks
     * neither holds, and the threads end at once. With every permit taken it first yields once
     * and looks at the queue, where submissions are going meanwhile.
     */
    private RuntimeTask<?> lingerForNext(Runner runner) {
        RuntimeTask<?> task;
        int used = inUse.get();
        if (used > limit) {
            return null; // the limit shrank: this permit goes back
        }
        if (used == limit) {
            // Every permit is taken, so submissions are queueing: let the carrier run the other
            // virtual threads once and look again. Under a steady stream a task is usually queued
            // by then, and taking it saves ending this thread and starting another (a quarter to
            // a half more tasks per second from 4 submitting threads on 2 cores, when measured).
            Thread.yield();
            if ((task = pollWaiting()) != null) {
                return task;
            }
        }
        if (!runner.lingerPaidOff && !threadsStartedSinceLastLook()) {
            return null;
        }
        runner.lingerPaidOff = false;
        int slot = handOffs.occupy(runner);
        if (slot < 0) {
            return null;
        }
        for (int i = 0; i < LINGER_YIELDS; i++) {
            Thread.yield(); // lets the carrier run other virtual threads, a submitter's among them
            if ((task = handed(runner)) != null) {
                return handedTo(runner, task);
            }
            if (anyWaiting()) {
                break; // submissions queue: leave, and take them as any finishing thread does
            }
        }
        if (handOffs.leave(slot, runner)) {
            return null;
        }
        // a submitter claimed this thread before it could leave: its task lands in a moment,
        // unless the submitter's thread was descheduled in between (then yield, see Backoff)
        for (int spins = 0; (task = handed(runner)) == null; spins++) {
            Backoff.pause(spins);
        }
        return handedTo(runner, task);
    }

    /** Acquire: pairs with the submitter's release store, so the handed task's fields are seen. */
    private static RuntimeTask<?> handed(Runner runner) {
        return (RuntimeTask<?>) HANDED.getAcquire(runner);
    }

    private static RuntimeTask<?> handedTo(Runner runner, RuntimeTask<?> task) {
        // plain: no submitter writes the field again before this thread occupies a slot anew,
        // and that CAS (a full fence) orders this store before any claim can follow
        HANDED.set(runner, (RuntimeTask<?>) null);
        runner.lingerPaidOff = true;
        return task;
    }

    /**
     * Hands a task that may start now to a lingering thread, which already holds a permit;
     * false if none is there or the lane is above its limit (it shrank), where that permit is
     * about to be given back.
     */
    private boolean handToLingering(RuntimeTask<?> task) {
        if (inUse.get() > limit) {
            return false;
        }
        Runner runner = handOffs.claim();
        if (runner == null) {
            return false;
        }
        // release: publishes the admitted task's fields to the thread's acquire load; the
        // claim's CAS before it is what made this thread the one to write the field
        HANDED.setRelease(runner, task);
        return true;
    }

    /** How many times a lingering thread yields its carrier, looking for a task after each yield. */
    static final int LINGER_YIELDS = 4;

    /**
     * Whether the lane started threads since a finishing thread last asked. A racy hint: every
     * finishing thread reads and writes it with opaque accesses, and a stale value only makes one
     * thread linger, or not, once.
     */
    private boolean threadsStartedSinceLastLook() {
        int started = (int) threadNumber.get();
        if (started == startsSeen.getOpaque()) {
            return false;
        }
        startsSeen.setOpaque(started);
        return true;
    }

    /**
     * Permit holders keep taking waiting tasks even while the runtime stops: a task admitted just
     * before {@code shutdownNow} may reach the queue after its drain, and must still end; the
     * runtime refuses to start it and counts it cancelled.
     */
    private boolean mayStartMore() {
        return !paused;
    }

    boolean isPaused() {
        return paused;
    }

    void setLimit(int newLimit) {
        limit = newLimit;
        dispatchWaiting();
    }

    int limit() {
        return limit;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        dispatchWaiting();
    }

    /**
     * Permits held by threads that run a task: a lingering thread holds one too, but runs
     * nothing, so the snapshot (running tasks, both lanes) leaves it out.
     */
    int inUse() {
        return Math.max(0, inUse.get() - handOffs.lingering());
    }

    void nestedStarted() {
        nested.incrementAndGet();
    }

    void nestedEnded() {
        nested.decrementAndGet();
    }

    /** Tasks running nested in waiting tasks of this lane, on their permits. */
    int nested() {
        return Math.max(0, nested.get());
    }

    int waiting() {
        long queued = -deadWaiting.get();
        for (WaitingQueue<RuntimeTask<?>> queue : waiting) {
            queued += queue.size();
        }
        return (int) Math.clamp(queued, 0L, Integer.MAX_VALUE);
    }

    void interruptAll() {
        for (Stripe stripe : running) {
            stripe.lock();
            try {
                for (Runner runner = stripe.head; runner != null; runner = runner.next) {
                    runner.thread.interrupt();
                }
            } finally {
                stripe.unlock();
            }
        }
    }

    int drain(Consumer<RuntimeTask<?>> sink) {
        int n = 0;
        for (RuntimeTask<?> task; (task = pollWaiting()) != null; n++) {
            sink.accept(task);
        }
        return n;
    }
}
