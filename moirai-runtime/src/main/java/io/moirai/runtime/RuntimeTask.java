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
 *   NEW ──run──▶ RUNNING ──▶ DONE            (or back to NEW for the next run of a periodic task)
 *    │              └─cancel(true)─▶ INTERRUPTING ──▶ INTERRUPTED ──▶ DONE
 *    └──cancel / deadline / eviction──▶ DONE
 * </pre>
 * The {@code NEW → RUNNING} and {@code NEW → DONE} transitions are CASes, so exactly one of
 * "start it" and "end it unstarted" happens, and whoever wins counts the outcome: the canceller
 * counts a task cancelled before it started, the runner counts every task it started (as
 * cancelled if it was cancelled while running). That is the "every task ends exactly once" rule.
 *
 * <p>{@code cancel(true)} moves {@code RUNNING → INTERRUPTING}, interrupts the runner, then
 * publishes {@code INTERRUPTED}; a runner that finishes meanwhile waits for {@code INTERRUPTED}
 * and clears its interrupt status, so an interrupt aimed at one task never reaches the next task
 * on that thread (the scheme of {@link java.util.concurrent.FutureTask}).
 *
 * @param <T> the result type
 */
abstract class RuntimeTask<T> extends RuntimeStage<T> implements TaskHandle<T>, RunnableFuture<T> {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int INTERRUPTING = 2;
    static final int INTERRUPTED = 3;
    static final int DONE = 4;

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
    /** Handed back by {@code shutdownNow}: no longer the runtime's to run or count. */
    volatile boolean abandoned;
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
        return STATE.compareAndSet(this, NEW, RUNNING);
    }

    /** Claims a task that never started, to end it unstarted: false if it started or ended. */
    final boolean tryEndUnstarted() {
        return state == NEW && STATE.compareAndSet(this, NEW, DONE);
    }

    /**
     * Called by the runner after {@link #compute()}: waits out a concurrent {@code cancel(true)}
     * so its interrupt lands on this task, clears it, and leaves the state {@code next}.
     */
    final void finishRun(int next) {
        RUNNER.setOpaque(this, (Thread) null); // ordered before the state change by the CAS below
        for (int s; ; ) {
            s = state;
            if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, next)) {
                    return;
                }
            } else if (s == INTERRUPTING) {
                Thread.onSpinWait();
            } else {
                Thread.interrupted(); // the interrupt belonged to this task
                state = next;
                return;
            }
        }
    }

    /**
     * Leaves {@code RUNNING} without the interrupt handshake. Only for a runner whose
     * {@link #settle} completed the handle itself: a canceller interrupts only after its own
     * completion of the handle succeeded, which can then no longer happen.
     */
    final void finishRunSettled() {
        RUNNER.setOpaque(this, (Thread) null);
        STATE.setRelease(this, DONE);
    }

    /**
     * Completes the handle with the task's result; the outcome the runner counts.
     * {@code COMPLETED} or {@code FAILED} means this call completed the handle (or the task has
     * no handle to complete); {@code CANCELLED} means a canceller completed it first.
     */
    TaskOutcome settle(T value, Throwable failure) {
        if (failure == null) {
            if (complete(value)) {
                return TaskOutcome.COMPLETED;
            }
        } else if (completeExceptionally(failure)) {
            return TaskOutcome.FAILED;
        }
        // Completed by someone else: a cancel, or a caller of complete() on the CompletableFuture.
        return TaskOutcome.CANCELLED;
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
            return completeExceptionally(new CancellationException());
        }
        if (tryEndUnstarted()) {
            runtime.endUnstarted(this, TaskOutcome.CANCELLED, new CancellationException());
            return true;
        }
        if (state == DONE || !completeExceptionally(new CancellationException())) {
            return false;
        }
        if (mayInterruptIfRunning && STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
            try {
                Thread t = (Thread) RUNNER.getOpaque(this);
                if (t != null) {
                    t.interrupt();
                }
            } finally {
                STATE.setRelease(this, INTERRUPTED);
            }
        }
        return true;
    }

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
