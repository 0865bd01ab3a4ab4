package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RunnableFuture;

/**
 * A task the runtime owns: its handle (a {@link RuntimeStage}), its queue node (the intrusive
 * {@code next} link of {@link InjectionQueue}) and its run state, in one object so that a
 * submission allocates once.
 *
 * <h2>Run state</h2>
 * <pre>
 *   NEW ──tryStart──▶ RUNNING ──tryFinishRun──▶ DONE   (or back to NEW for the next run of a periodic task)
 *    │                  ├──cancel(false)──▶ CANCELLED ──▶ DONE
 *    │                  └──cancel(true)───▶ INTERRUPTING ──▶ INTERRUPTED ──▶ DONE
 *    └──cancel / deadline / eviction / shutdownNow──▶ DONE
 * </pre>
 * Every transition out of {@code NEW} and out of {@code RUNNING} is a CAS, so exactly one party
 * decides how the task ends, and that party counts the outcome <em>before</em> it completes the
 * handle: once a caller sees the handle done, {@link MoiraiRuntime#snapshot()} already counts it.
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
abstract class RuntimeTask<T> extends RuntimeStage<T> implements TaskHandle<T>, RunnableFuture<T> {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int CANCELLED = 2;
    static final int INTERRUPTING = 3;
    static final int INTERRUPTED = 4;
    static final int DONE = 5;

    private static final VarHandle STATE;
    private static final VarHandle RUNNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(RuntimeTask.class, "state", int.class);
            RUNNER = lookup.findVarHandle(RuntimeTask.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TaskOptions options;
    private volatile int state;
    /** Accessed with opaque/plain modes through {@link #RUNNER}; see {@link #tryStart()}. */
    private Thread runner;
    /** The injection-queue link; accessed through {@link InjectionQueue}'s VarHandle. */
    volatile RuntimeTask<?> next;
    /** When it was queued, read only when listeners are registered. Plain: published by the queue. */
    long queuedAtNanos;
    /** The {@code System.nanoTime()} deadline to start by; meaningful when {@link #hasDeadline}. */
    long deadlineNanos;
    boolean hasDeadline;
    /** The capacity slot this task holds while it waits ({@link #NO_SLOT} when unbounded). Plain: set before queueing. */
    byte slot;
    /** Waiting in the blocking lane's queue, counted in its waiting figure. Plain: set before queueing. */
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
    /** The timer entry that ends this task at its deadline; removed as soon as the task leaves "new". */
    volatile DeadlineWatch watch;
    /**
     * Counted as submitted, so its end is counted too. False for tasks made by
     * {@code newTaskFor} and run by a caller without being submitted (as {@code invokeAny}'s
     * completion service does), and for abandoned tasks.
     */
    boolean counted;

    RuntimeTask(MoiraiRuntime runtime, TaskOptions options) {
        super(runtime);
        this.options = options;
    }

    /** The user's work. */
    abstract T compute() throws Exception;

    /** A node that is never run: the stub of an intrusive queue. */
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
        runtime.runTask(this);
    }

    /** Claims the task for running: false if it already ended. */
    final boolean tryStart() {
        if (state != NEW) {
            return false;
        }
        // opaque, then published by the CAS below: a canceller reads it only after its own CAS
        // on state has seen RUNNING, so it sees this thread. Written before the CAS (not after)
        // so no volatile store is needed on the hot path.
        RUNNER.setOpaque(this, Thread.currentThread());
        if (STATE.compareAndSet(this, NEW, RUNNING)) {
            leftQueue();
            return true;
        }
        return false;
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
     * and leaves the waiting count. Tied to the one CAS out of {@code NEW}, so it happens exactly
     * once, and a cancelled task frees its place at once although its queue entry is skipped
     * only later.
     */
    private void leftQueue() {
        if (slot != NO_SLOT || waitingForPermit) {
            runtime.leftQueue(this);
            slot = NO_SLOT;
            waitingForPermit = false;
        }
        DeadlineWatch w = watch;
        if (w != null) {
            // The submitter stores watch, then reads state; we moved state, then read watch: both
            // volatile, so at least one of us sees the other and removes the entry (twice is harmless).
            watch = null;
            runtime.timers().remove(w);
        }
    }

    /**
     * The runner claims how its run ends: {@code DONE}, or {@code NEW} for a periodic task that
     * runs again. Returns false when a canceller claimed it first (and counted it); the runner
     * then waits out the canceller's interrupt, clears it, and leaves the task {@code DONE}.
     */
    final boolean tryFinishRun(int next) {
        RUNNER.setOpaque(this, (Thread) null); // ordered before the state change by the CAS below
        if (STATE.compareAndSet(this, RUNNING, next)) {
            return true;
        }
        int s;
        while ((s = state) == INTERRUPTING) {
            Thread.onSpinWait();
        }
        if (s == INTERRUPTED) {
            Thread.interrupted(); // the interrupt belonged to this task
        }
        state = DONE;
        return false;
    }

    /** Completes the handle with the run's result. Tasks without a visible handle skip it. */
    void publish(T value, Throwable failure) {
        if (failure == null) {
            complete(value);
        } else {
            completeExceptionally(failure);
        }
    }

    /** After the run has been counted: periodic tasks re-arm, {@code execute} reports failures. */
    void afterRun(TaskOutcome outcome, Throwable failure) {
    }

    /**
     * Cancels the task. Before it starts: it never runs. While it runs: its handle completes with
     * {@link CancellationException} at once and, if {@code mayInterruptIfRunning}, its thread is
     * interrupted. Returns {@code true} only for the call that cancelled it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (abandoned) {
            return completeExceptionally(new TaskCancelledException());
        }
        for (int s; ; ) {
            if ((s = state) == NEW) {
                if (tryEndUnstarted()) {
                    runtime.endUnstarted(this, TaskOutcome.CANCELLED, new TaskCancelledException());
                    return true;
                }
            } else if (s != RUNNING) {
                return false;
            } else if (STATE.compareAndSet(this, RUNNING, mayInterruptIfRunning ? INTERRUPTING : CANCELLED)) {
                runtime.endCancelledWhileRunning(this);
                if (mayInterruptIfRunning) {
                    try {
                        // volatile: pairs with suspendInterrupts' volatile store of null (Dekker)
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

    /**
     * This task's thread is about to run another task inside this one's frame (a waiting worker
     * helps): from now until {@link #resumeInterrupts()}, {@code cancel(true)} on this task must
     * not interrupt the thread, since the interrupt would land in the other task. Returns false,
     * with this thread's interrupt status set, when this task is already being cancelled with an
     * interrupt: the caller must not run anything else then.
     *
     * <p>The protocol is Dekker's: this thread stores {@code runner = null} then reads
     * {@code state}; a canceller moves {@code state} (a CAS) then reads {@code runner}, all
     * volatile. Either the canceller sees null and leaves the interrupt to
     * {@link #resumeInterrupts()}, or this thread sees the cancellation here and takes the
     * interrupt itself.
     */
    final boolean suspendInterrupts() {
        RUNNER.setVolatile(this, (Thread) null);
        if (!interruptRequested()) {
            return true;
        }
        RUNNER.setVolatile(this, Thread.currentThread());
        takeRequestedInterrupt();
        return false;
    }

    /**
     * This task's frame is current again: {@code cancel(true)} may interrupt the thread directly,
     * and an interrupt it asked for meanwhile is delivered now.
     */
    final void resumeInterrupts() {
        RUNNER.setVolatile(this, Thread.currentThread());
        if (interruptRequested()) {
            takeRequestedInterrupt();
        }
    }

    private boolean interruptRequested() {
        int s = state;
        return s == INTERRUPTING || s == INTERRUPTED;
    }

    /** Waits until the canceller has interrupted (or skipped) the thread, then sets the status itself. */
    private void takeRequestedInterrupt() {
        while (state == INTERRUPTING) {
            Thread.onSpinWait();
        }
        Thread.currentThread().interrupt();
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

    /** Ends an unstarted task's handle; the caller has won {@link #tryEndUnstarted()}. */
    final void failUnstarted(Throwable cause) {
        completeExceptionally(cause);
    }

    @Override
    public String toString() {
        String name = options.name();
        return getClass().getSimpleName() + (name.isEmpty() ? "" : "[" + name + "]") + super.toString();
    }
}
