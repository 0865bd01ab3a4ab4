package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A task the runtime owns: its handle (a {@link TaskStage}), what the queues it passes through
 * need of it (its priority, lane and slot) and its run state, in one object so that a
 * submission allocates once (the queues' segments aside, a few bytes per task).
 *
 * <h2>Run state</h2>
 * <pre>
 *   NEW ──tryStart──▶ RUNNING ──tryFinishRun──▶ DONE   (or back to NEW for the next run of a periodic task)
 *    │                  ├──cancel(false)──▶ CANCELLED ──▶ DONE
 *    │                  ├──cancel(true)───▶ INTERRUPTING ──▶ INTERRUPTED ──▶ DONE
 *    │                  └──complete etc.──▶ HANDLE_DONE   (final; the run goes on, its runner counts it)
 *    └──cancel / deadline / eviction / shutdownNow / complete etc.──▶ DONE
 *                     (handed back by shutdownNow, then run by a caller) DONE ──▶ ABANDONED_RUN ──▶ ABANDONED_ENDED
 *                                                           cancel(true) while it runs ──┴▶ ABANDONED_INTERRUPTING ──▶ ABANDONED_ENDED
 * </pre>
 * Every transition out of {@code NEW} and out of {@code RUNNING} is a CAS, so exactly one party
 * decides how the task ends, and that party counts the outcome <em>before</em> it settles the
 * handle ({@link TaskStage#settle}): once a caller sees the handle done,
 * {@link MoiraiRuntime#snapshot()} already counts it.
 * The canceller counts a task it cancels (before or while it runs); the runner counts every
 * other task it started.
 *
 * <p>{@code cancel(true)} claims {@code RUNNING → INTERRUPTING}, interrupts the runner, then
 * publishes {@code INTERRUPTED}; a runner that finishes meanwhile waits for {@code INTERRUPTED}
 * and clears its interrupt status, so an interrupt aimed at one task never reaches the next task
 * on that thread (the scheme of {@link java.util.concurrent.FutureTask}).
 *
 * @param <T> the result type
 */
abstract class RuntimeTask<T> extends TaskStage<T> implements TaskHandle<T>, RunnableFuture<T> {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int CANCELLED = 2;
    static final int INTERRUPTING = 3;
    static final int INTERRUPTED = 4;
    static final int DONE = 5;
    /**
     * Running, and its handle was completed from outside ({@code complete} and the like): the run
     * goes on and its runner counts it by how it ends, but no canceller can claim it any more.
     * Final: the runner leaves it so, and never settles the handle, which holds what it was given;
     * so nobody ever waits for an outcome from its runner ({@link #settling()} is false).
     */
    static final int HANDLE_DONE = 6;
    /**
     * Handed back by {@code shutdownNow} ({@code DONE}, {@link #abandoned}) and claimed by the one
     * caller of {@link #run()} that runs its body: as with {@link java.util.concurrent.FutureTask},
     * the body runs at most once however many threads run the handle.
     */
    static final int ABANDONED_RUN = 7;
    /**
     * A {@code cancel(true)} claimed a handed-back task while a caller ran it, and is interrupting
     * that caller; the runner, once its body returns, waits for {@link #ABANDONED_ENDED} so the
     * interrupt lands while it is still inside {@link #run()}, as {@link java.util.concurrent.FutureTask}'s does.
     */
    static final int ABANDONED_INTERRUPTING = 8;
    /** A handed-back task's run by a caller is over: no {@code cancel} interrupts its thread any more. Final. */
    static final int ABANDONED_ENDED = 9;

    /** {@link #tryFinishRun}: the run ended as it was, {@code DONE} or back to {@code NEW}. */
    static final int FINISHED = 0;
    /** {@link #tryFinishRun}: a canceller claimed the task first and counted it. */
    static final int TAKEN = 1;
    /** {@link #tryFinishRun}: the handle was completed from outside meanwhile; still {@code HANDLE_DONE}, not yet counted. */
    static final int FINISHED_AFTER_HANDLE = 2;

    /** How many {@link TaskWrapper}s a report sees through, so that one wrapping itself cannot loop. */
    private static final int UNWRAP_DEPTH = 16;

    private static final VarHandle STATE;
    private static final VarHandle RUNNER;
    private static final VarHandle WAITING_FOR_PERMIT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(RuntimeTask.class, "state", int.class);
            RUNNER = lookup.findVarHandle(RuntimeTask.class, "runner", Thread.class);
            WAITING_FOR_PERMIT = lookup.findVarHandle(RuntimeTask.class, "waitingForPermit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TaskOptions options;
    private volatile int state;
    /** Accessed with opaque/plain modes through {@link #RUNNER}; see {@link #tryStart()}. */
    private Thread runner;
    /**
     * What only a task with a deadline, or in a runtime with a listener, needs; null for the
     * common task, which so stays 16 bytes smaller. Plain: set before the task is queued and
     * published by the queue.
     */
    Extras extras;
    /** The capacity slot this task holds while it waits ({@link #NO_SLOT} when unbounded). Plain: set before queueing. */
    byte slot;
    /** Counted in the blocking lane's waiting figure: set (plain) before queueing, cleared once by {@link #claimWaiting()}. */
    boolean waitingForPermit;
    static final byte NO_SLOT = 0;
    static final byte CPU_SLOT = 1;
    static final byte BLOCKING_SLOT = 2;
    /** Handed back by {@code shutdownNow}: no longer the runtime's to run or count. */
    volatile boolean abandoned;
    /**
     * The task that was running on the worker that spawned this one, while this one is queued or
     * running; cleared when it ends so finished tasks do not hold their ancestors. A waiting
     * worker follows these links to tell work the awaited task depends on (its descendants)
     * from unrelated work. Plain: written before the task is queued, read racily by helpers, to
     * whom a stale value only means a missed chance to help.
     */
    RuntimeTask<?> parent;
    /**
     * In a CPU-lane queue (an injection queue or a deque), so a worker waiting for it may claim
     * and run it wherever it sits. Plain: written before the queue publishes the task; a helper
     * that reads a stale {@code false} merely does not help.
     */
    boolean enqueued;
    /**
     * Counted as submitted, so its end is counted too. False for tasks made by
     * {@code newTaskFor} and run by a caller without being submitted (as {@code invokeAny}'s
     * completion service does), and for abandoned tasks.
     */
    boolean counted;
    /**
     * Nobody but its runner can end this task once it runs: its handle is never handed out, so
     * no {@code cancel} can claim it while it runs. Such a task ends with a release store instead
     * of a CAS and leaves its runner unrecorded (only a canceller and the helpers of a waiter
     * read it, and neither exists for it); without a {@link #parent} it is also claimed without
     * a CAS (see {@link #tryStart()}). Fits the byte the layout leaves free.
     */
    private final boolean runnerOnly;

    RuntimeTask(MoiraiRuntime runtime, TaskOptions options) {
        this(runtime, options, false);
    }

    RuntimeTask(MoiraiRuntime runtime, TaskOptions options, boolean runnerOnly) {
        super(runtime);
        this.options = options;
        this.runnerOnly = runnerOnly;
    }

    /** The user's work. */
    abstract T compute() throws Exception;

    /** See {@link #extras}. */
    static final class Extras {
        /** When it was queued, read only when listeners are registered. */
        long queuedAtNanos;
        /** The deadline to start by, in the timer's time; meaningful when {@link #hasDeadline}. */
        long deadlineNanos;
        boolean hasDeadline;
        /** The timer entry that ends this task at its deadline; removed as soon as the task leaves "new". */
        volatile DeadlineWatch watch;
    }

    /** The task's {@link Extras}, made on first use: by the submitter, or the timer before it queues the task. */
    final Extras extras() {
        Extras e = extras;
        if (e == null) {
            extras = e = new Extras();
        }
        return e;
    }

    /** A task that is never run: what tests of the queues store and take. */
    static RuntimeTask<Void> stub() {
        return new RuntimeTask<>(null, TaskOptions.defaults()) {
            @Override
            Void compute() {
                throw new IllegalStateException("queue stub");
            }
        };
    }

    @Override
    public final String name() {
        return options.name();
    }

    @Override
    public final Lane lane() {
        return options.lane();
    }

    final Priority priority() {
        return options.priority();
    }

    /** The name shown in reports: the given name, else the class of the user's work. */
    String displayName() {
        return options.name();
    }

    /**
     * {@link #displayName()} for a task running {@code work}: the given name, else the class of
     * the work, seen through {@link TaskWrapper}s (at most {@value #UNWRAP_DEPTH}, stopping at one
     * that fails or gives null). Called only when a task is reported, never to run one.
     */
    final String workName(Object work) {
        String name = options.name();
        if (!name.isEmpty()) {
            return name;
        }
        Object current = work;
        for (int depth = 0; depth < UNWRAP_DEPTH && current instanceof TaskWrapper wrapper; depth++) {
            Object wrapped;
            try {
                wrapped = wrapper.wrappedTask();
            } catch (RuntimeException ex) {
                break; // a report must not fail on the application's code
            }
            if (wrapped == null) {
                break;
            }
            current = wrapped;
        }
        return current.getClass().getName();
    }

    /** The object handed back by {@code shutdownNow}. */
    Runnable asQueuedRunnable() {
        return this;
    }

    final boolean isNew() {
        return state == NEW;
    }

    /**
     * Runs the task directly, as {@link RunnableFuture#run()} requires. The runtime's own threads
     * call {@link MoiraiRuntime#runTask}; this entry serves callers that hold the task as a
     * {@code Runnable}, such as the list {@code shutdownNow} returns.
     */
    @Override
    public final void run() {
        runByCaller();
    }

    /** {@link #run()}'s body; a scheduled task first takes itself out of the timer. */
    void runByCaller() {
        runtime.runTask(this);
    }

    /** Claims the task for running: false if it already ended. */
    final boolean tryStart() {
        if (state != NEW) {
            return false;
        }
        if (runnerOnly && parent == null) {
            // Only the thread that took this task from its queue can claim it: no handle, so no
            // canceller and no waiter; no parent, so no helper looks for it as a descendant; every
            // other ending (shutdownNow's drain, DISCARD_OLDEST, a retiring worker) takes it from
            // its queue first, and a queue hands each entry out once. So an opaque store claims
            // it: no CAS at all on the common external path.
            STATE.setOpaque(this, RUNNING);
            leftQueue();
            return true;
        }
        return startByCas();
    }

    /**
     * Moves {@code NEW} to {@code RUNNING} by a CAS, recording the runner first.
     *
     * <p>Claimants can race: a worker that took the task from a queue, and waiters that found it
     * there as a descendant to help with. Each writes itself as the runner before its CAS, so a
     * loser's write may land after the winner's; left there, a {@code cancel(true)} of the
     * winner's run would interrupt the loser, in the middle of whatever it runs next. So a loser
     * takes itself off with a CAS that succeeds only while the field still names it (a rare
     * path), which leaves the field empty: that run's cancel then interrupts nobody, which
     * {@code Future.cancel}'s "attempts" allows, where interrupting the wrong thread is not.
     * What remains is a window of a few instructions between a loser's write and its removal.
     * The winner does not write itself again after its CAS: on fork/join's join, where every
     * task is claimed this way, that store cost about 5% (alternating forks, fib(22)).
     */
    private boolean startByCas() {
        // opaque, then published by the CAS below: a canceller reads it only after its own CAS
        // on state has seen RUNNING, so it sees this thread. Written before the CAS (not after)
        // so no volatile store is needed on the hot path.
        Thread me = runnerOnly ? null : Thread.currentThread();
        if (me != null) {
            RUNNER.setOpaque(this, me);
        }
        if (STATE.compareAndSet(this, NEW, RUNNING)) {
            leftQueue();
            return true;
        }
        if (me != null) {
            forgetRunner(me);
        }
        return false;
    }

    /** A claimant that lost takes itself off the runner field (see {@link #startByCas()}); kept out of line, off the hot path. */
    private void forgetRunner(Thread me) {
        RUNNER.compareAndSet(this, me, (Thread) null);
    }

    /**
     * Claims the task for a worker that waits for it and runs it itself (see
     * {@link Worker#tryRunPushedLast}): always by a CAS, which {@link WorkStealingDeque#popIfClaimed}
     * takes as its fence. False if it started, ended or was handed back by {@code shutdownNow}.
     */
    final boolean tryStartAsWaiter() {
        return state == NEW && !abandoned && startByCas();
    }

    /** {@link #tryStartAsWaiter()} as the deque's claim; a constant, so passing it allocates nothing. */
    static final Predicate<RuntimeTask<?>> CLAIM_AS_WAITER = RuntimeTask::tryStartAsWaiter;

    /**
     * A CPU worker of this task's runtime that waits for the task it pushed last takes it back
     * from its deque and runs it, as {@code ForkJoinTask.join} does: the usual step of
     * fork/join, made without entering the general wait.
     */
    @Override
    final boolean tryRunInWaiter() {
        return state == NEW && enqueued
                && Thread.currentThread() instanceof WorkerThread thread
                && thread.worker().runtime == runtime
                && !(this instanceof ScheduledTask<?>)
                && thread.worker().tryRunPushedLast(this);
    }

    /**
     * Takes this task out of the blocking lane's waiting figure: true for exactly one caller, the
     * lane thread that takes it from the waiting queue or the party that ends it unstarted,
     * whichever comes first (that party counts the queue entry dead, see
     * {@code BlockingLane.waitingLeft}); false if it never waited or was already taken out.
     */
    final boolean claimWaiting() {
        return waitingForPermit && WAITING_FOR_PERMIT.compareAndSet(this, true, false);
    }

    /**
     * Claims a task handed back by {@code shutdownNow} for the caller that runs it: true for one
     * caller only, which is then recorded as the runner for {@code cancel(true)}. Recorded after
     * the claim, so a caller that loses never appears there; a cold path, so it pays for a
     * volatile store: with the canceller's CAS and then load of the runner, a Dekker pair, so
     * either the canceller sees this thread and interrupts it, or this thread sees the cancel
     * and interrupts itself (both may happen; an interrupt is a flag).
     */
    final boolean claimAbandonedRun() {
        if (state != DONE || !STATE.compareAndSet(this, DONE, ABANDONED_RUN)) {
            return false;
        }
        Thread me = Thread.currentThread();
        RUNNER.setVolatile(this, me);
        if (state != ABANDONED_RUN) { // a cancel(true) came between the claim and the store, and may have read no runner
            me.interrupt();
        }
        return true;
    }

    /**
     * The caller's run of a handed-back task is over. If a {@code cancel(true)} is interrupting
     * this thread, waits until it has, so its interrupt cannot reach what the caller does next.
     * The interrupt is left set, as {@code FutureTask} leaves it: the thread is not the runtime's,
     * and an interrupt meant for it by someone else cannot be told apart.
     */
    final void endAbandonedRun() {
        if (!STATE.compareAndSet(this, ABANDONED_RUN, ABANDONED_ENDED)) {
            while (state == ABANDONED_INTERRUPTING) {
                Thread.onSpinWait();
            }
        }
        RUNNER.setOpaque(this, (Thread) null);
    }

    /**
     * Cancels a task handed back by {@code shutdownNow}: its handle completes as cancelled unless
     * it is done already, and a caller running it is interrupted if asked, as {@code FutureTask}
     * does; that caller's later settle finds the handle done and changes nothing.
     */
    private boolean cancelAbandoned(boolean mayInterruptIfRunning) {
        boolean cancelled = completeExceptionally(new TaskCancelledException());
        if (cancelled && mayInterruptIfRunning) {
            interruptAbandonedRun();
        }
        return cancelled;
    }

    /**
     * {@code cancel(true)} of a handed-back task whose handle it just completed: interrupts the
     * caller running it, if one is (see {@link #ABANDONED_INTERRUPTING}).
     */
    private void interruptAbandonedRun() {
        if (state == ABANDONED_RUN && STATE.compareAndSet(this, ABANDONED_RUN, ABANDONED_INTERRUPTING)) {
            try {
                Thread t = (Thread) RUNNER.getVolatile(this); // null: the runner has yet to record itself, and will see our CAS
                if (t != null) {
                    t.interrupt();
                }
            } finally {
                STATE.setRelease(this, ABANDONED_ENDED);
            }
        }
    }

    /** Claims a task that never started, to end it unstarted: false if it started or ended. */
    final boolean tryEndUnstarted() {
        if (state == NEW && STATE.compareAndSet(this, NEW, DONE)) {
            leftQueue();
            parent = null;
            return true;
        }
        return false;
    }

    /**
     * The task stopped waiting (it starts, or ends unstarted): it gives back its capacity slot
     * and leaves the blocking lane's waiting figure. Tied to the one CAS out of {@code NEW}, so it happens exactly
     * once, and a cancelled task frees its place at once although its queue entry is skipped
     * only later.
     */
    private void leftQueue() {
        if (slot != NO_SLOT || waitingForPermit) {
            runtime.admission().leftQueue(this);
            slot = NO_SLOT;
        }
        Extras e = extras;
        DeadlineWatch w;
        if (e != null && (w = e.watch) != null) {
            // The submitter stores watch, then reads state; we moved state, then read watch: both
            // volatile, so at least one of us sees the other and removes the entry (twice is harmless).
            e.watch = null;
            runtime.timers().remove(w);
        }
    }

    /**
     * The runner claims how its run ends: {@code DONE}, or {@code NEW} for a periodic task that
     * runs again ({@link #FINISHED}). Returns {@link #TAKEN} when a canceller claimed it first
     * (and counted it); the runner then waits out the canceller's interrupt, clears it, and
     * leaves the task {@code DONE}. Returns {@link #FINISHED_AFTER_HANDLE} when the handle was
     * completed from outside meanwhile: the task stays {@code HANDLE_DONE} (a periodic one runs
     * no more), and the runner counts it but does not settle the handle.
     */
    final int tryFinishRun(int next) {
        if (runnerOnly) {
            // No canceller can have moved RUNNING (see runnerOnly): a release store publishes the
            // run's effects to whoever reads the state, as the CAS would.
            STATE.setRelease(this, next);
            return FINISHED;
        }
        RUNNER.setOpaque(this, (Thread) null); // ordered before the state change by the CAS below
        if (STATE.compareAndSet(this, RUNNING, next)) {
            return FINISHED;
        }
        int s = state;
        if (s == HANDLE_DONE) {
            return FINISHED_AFTER_HANDLE; // final: the CAS above failed on it
        }
        while ((s = state) == INTERRUPTING) {
            Thread.onSpinWait();
        }
        if (s == INTERRUPTED) {
            Thread.interrupted(); // the interrupt belonged to this task
        }
        state = DONE;
        return TAKEN;
    }

    /** Settles the handle with the run's result. Tasks without a visible handle skip it. */
    void publish(T value, Throwable failure) {
        settle(value, thrownByRun(failure), false);
    }

    /**
     * What the handle keeps of an exception the task itself threw. The handle is a
     * {@code CompletableFuture}, which reads two exceptions it is completed with as its own
     * wrappers: a {@link CancellationException} means cancelled, and a {@link CompletionException}
     * is unwrapped, {@code get()} reporting its cause. A task whose body throws one of them (a
     * {@code join()} of a cancelled or failed future, say) was neither cancelled nor did it throw
     * that cause: it failed with that exception. So those two are wrapped in a
     * {@link CompletionException}: {@code get()} then throws {@code ExecutionException} with the
     * thrown exception itself as the cause, {@code exceptionNow()} returns it,
     * {@code isCancelled()} is false and {@code state()} is {@code FAILED}, as for
     * {@code FutureTask}.
     */
    static Throwable thrownByRun(Throwable failure) {
        return failure instanceof CancellationException || failure instanceof CompletionException
                ? new CompletionException(failure) : failure;
    }

    /**
     * Decided, not yet settled: every move out of {@code NEW} or {@code RUNNING} is made by the
     * party that settles next, except handing the task back from {@code shutdownNow}.
     */
    @Override
    final boolean settling() {
        int s = state;
        // HANDLE_DONE: the handle is completed already; its runner settles only when the run ends
        return s != NEW && s != RUNNING && s != HANDLE_DONE && !abandoned;
    }

    /** After the run has been counted: periodic tasks re-arm, {@code execute} reports failures. */
    void afterRun(TaskOutcome outcome, Throwable failure) {
    }

    /**
     * Cancels the task. Before it starts: it never runs. While it runs: its handle completes with
     * {@link CancellationException} at once and, if {@code mayInterruptIfRunning}, its thread is
     * interrupted, unless its handle was already completed from outside ({@code complete},
     * {@code orTimeout}): then, as {@link java.util.concurrent.Future#cancel} requires of a completed task, nothing
     * happens. Returns {@code true} only for the call that cancelled it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (abandoned) {
            return cancelAbandoned(mayInterruptIfRunning);
        }
        for (int s; ; ) {
            if ((s = state) == NEW) {
                if (tryEndUnstarted()) {
                    runtime.endUnstarted(this, TaskOutcome.CANCELLED, new TaskCancelledException());
                    return true;
                }
            } else if (s == HANDLE_DONE) {
                while (!isDone()) {
                    Thread.onSpinWait(); // completed from outside a moment ago: its completer is about to complete the future
                }
                return false; // "already completed": the run goes on, uninterrupted
            } else if (s != RUNNING) {
                while (!isDone() && settling()) {
                    Thread.onSpinWait(); // ended by another party a moment ago: done once this returns, as Future requires
                }
                if (abandoned && !isDone()) {
                    // shutdownNow() claimed it unstarted (DONE) and has handed it back since: nobody
                    // will settle it, so it is cancelled as a task found handed back above
                    return cancelAbandoned(mayInterruptIfRunning);
                }
                return false;
            } else if (STATE.compareAndSet(this, RUNNING, mayInterruptIfRunning ? INTERRUPTING : CANCELLED)) {
                runtime.endCancelledWhileRunning(this);
                if (mayInterruptIfRunning) {
                    try {
                        // volatile, after the CAS above: the canceller's half of the nested-run protocol
                        Thread t = (Thread) RUNNER.getVolatile(this);
                        if (t != null) {
                            t.interrupt();
                        }
                    } finally {
                        STATE.setRelease(this, INTERRUPTED);
                    }
                }
                return true;
            }
        }
    }

    /*
     * Completion from outside. complete, completeExceptionally, obtrudeValue and obtrudeException
     * (and orTimeout and completeOnTimeout, which the JDK implements with them) take part in the
     * run state like cancel:
     *   - NEW: they claim the task by the one CAS out of NEW: it never runs, gives back its queue
     *     slot at once, and is counted by how its handle ended (completed, failed, or cancelled
     *     for a CancellationException);
     *   - RUNNING: they move it to HANDLE_DONE by CAS before completing the future, so a cancel
     *     either claimed the task first (then the completer's bind waits for the cancellation
     *     and its complete returns false) or finds HANDLE_DONE and returns false without
     *     interrupting or counting. The run goes on; its runner counts it by how it ends (by the
     *     handle if the body had not begun) and leaves the handle alone, and a periodic task runs
     *     no more. HANDLE_DONE is final and not "settling", so no reader's bind ever waits for
     *     the runner: the future, completed by the completer right after its CAS, is the truth;
     *   - any other state: the ending is decided; TaskStage's bind waits for it, as before.
     */

    @Override
    public boolean complete(T value) {
        return takeFromOutside(value, null) || super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        return takeFromOutside(null, failure) || super.completeExceptionally(failure);
    }

    @Override
    public void obtrudeValue(T value) {
        if (!takeFromOutside(value, null)) {
            super.obtrudeValue(value);
        }
    }

    @Override
    public void obtrudeException(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (!takeFromOutside(null, failure)) {
            super.obtrudeException(failure);
        }
    }

    /**
     * As {@code CompletableFuture}'s: the supplier runs as a task of {@code executor} and its
     * result completes this handle, through {@link #complete} (the JDK's own version completes
     * the future without calling it, and so would leave the task queued and uncounted).
     */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(executor, "executor");
        executor.execute(() -> {
            if (isDone()) {
                return;
            }
            T value;
            try {
                value = supplier.get();
            } catch (Throwable failure) {
                // as the JDK's: a failure of the supplier reaches readers wrapped, never as a cancellation
                completeExceptionally(failure instanceof CompletionException ? failure : new CompletionException(failure));
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }

    /**
     * The run-state half of a completion from outside (see the note above): true if it claimed
     * the task unstarted and settled its handle; false if the caller goes on to complete the
     * future, the task being running (now {@code HANDLE_DONE}), ended or decided by another party,
     * or handed back by {@code shutdownNow}.
     */
    private boolean takeFromOutside(T value, Throwable failure) {
        for (int s; !abandoned; ) {
            if ((s = state) == NEW) {
                if (tryEndUnstarted()) {
                    TaskOutcome outcome = failure == null ? TaskOutcome.COMPLETED
                            : failure instanceof CancellationException ? TaskOutcome.CANCELLED : TaskOutcome.FAILED;
                    runtime.endUnstarted(this, outcome, value, failure);
                    endedFromOutside();
                    return true;
                }
            } else if (s != RUNNING || STATE.compareAndSet(this, RUNNING, HANDLE_DONE)) {
                return false;
            }
        }
        return false;
    }

    /** A task ended unstarted from outside leaves whatever else holds it (a scheduled task: the timer). */
    void endedFromOutside() {
    }

    /*
     * Nested runs and cancel(true). A waiting worker may run another task inside this task's
     * frame (see Waiting); cancel(true) on this task must not interrupt that other task. So the
     * worker hides this task's runner (runner = null) for the duration, and cancel(true)
     * interrupts only a runner it can see. This is Dekker's pattern, and it needs a full fence
     * on each side: the canceller has its CAS on state; the worker borrows the CASes the nested
     * task makes anyway, instead of paying two fences of its own per nested run:
     *
     *   hide:  runner = null (release) ... nested task claimed (CAS on its state: a full fence)
     *          ... Worker.nestedStarted reads this task's state
     *   show:  runner = thread (release) ... nested task's final CAS (a full fence) ...
     *          Worker.runNested reads this task's state
     *
     * Either the canceller sees the runner hidden (and leaves the interrupt to the worker's
     * check), or the worker's check sees the cancellation: then it waits until the canceller is
     * done interrupting, clears the status before the nested task starts, and delivers the
     * interrupt itself when this task's frame is current again. Where no nested CAS follows the
     * show (the nested task had already been taken), the show is a volatile store. Treating a
     * CAS as a full fence is what every JVM does (a locked instruction on x86, a
     * sequentially consistent read-modify-write elsewhere), as java.util.concurrent does in
     * several places.
     */

    /** See the note above: called before another task runs in this one's frame. */
    final void hideRunner() {
        RUNNER.setRelease(this, (Thread) null);
    }

    /** {@link #hideRunner()} where no CAS of the nested task follows as the fence (see {@link InlineRun}). */
    final void hideRunnerFenced() {
        RUNNER.setVolatile(this, (Thread) null);
    }

    /** See the note above; {@code fenced} when no CAS of a nested task follows. */
    final void showRunner(boolean fenced) {
        if (fenced) {
            RUNNER.setVolatile(this, Thread.currentThread());
        } else {
            RUNNER.setRelease(this, Thread.currentThread());
        }
    }

    /** Whether {@code cancel(true)} has claimed this task. */
    final boolean interruptRequested() {
        int s = state;
        return s == INTERRUPTING || s == INTERRUPTED;
    }

    /** Waits until a {@code cancel(true)} that claimed this task has interrupted (or skipped) its thread. */
    final void awaitInterruptDelivered() {
        while (state == INTERRUPTING) {
            Thread.onSpinWait();
        }
    }

    /** The thread running this task now, if any; a hint for helpers. */
    final Thread runnerHint() {
        return (Thread) RUNNER.getOpaque(this);
    }

    /**
     * Whether {@code ancestor} spawned this task, directly or through tasks that are still
     * running, within {@value #MAX_ANCESTRY} generations.
     */
    final boolean isDescendantOf(RuntimeTask<?> ancestor) {
        RuntimeTask<?> p = parent;
        for (int i = 0; p != null && i < MAX_ANCESTRY; i++, p = p.parent) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** How far up {@link #isDescendantOf} looks: far beyond any helping depth. */
    static final int MAX_ANCESTRY = 256;

    /** Ends an unstarted task's handle; the caller has won {@link #tryEndUnstarted()} and counted it. */
    final void failUnstarted(Throwable cause) {
        settle(null, cause, false);
    }

    /** As {@code CompletableFuture}'s, an identity then the status, with the task's class and name: {@code CallableTask@1b6d3586[name][Completed normally]}. */
    @Override
    public String toString() {
        String name = options.name();
        String identity = "@" + Integer.toHexString(hashCode());
        String future = super.toString(); // Object's toString (class name, identity), then the status
        return getClass().getSimpleName() + identity + (name.isEmpty() ? "" : "[" + name + "]")
                + future.substring(getClass().getName().length() + identity.length());
    }
}
