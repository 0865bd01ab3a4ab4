package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link CompletableFuture} that belongs to a runtime: its {@code *Async} methods without an
 * executor run on the runtime, the stages derived from it do too, and waiting on it goes through
 * {@link Waiting}, which helps, blocks or compensates as the waiting thread requires.
 *
 * @param <T> the result type
 */
class RuntimeStage<T> extends CompletableFuture<T> {

    /*
     * Waiters. A thread that must park until this stage completes pushes a WaitNode on a Treiber
     * stack and removes it when its wait ends, however it ends (completion, timeout, interrupt),
     * as FutureTask does. The stack is woken by one completion callback, registered the first
     * time anybody parks on this stage: a thread that polls get(1 ms) ten thousand times adds one
     * dependent to the stage, not ten thousand (a whenComplete per wait would leave each one
     * behind until completion).
     *
     * No lost wake-up: completion stores the result before it runs its dependents, and the
     * callback swaps the stack for WOKEN (a volatile read-modify-write). A waiter pushes with a
     * CAS and then re-reads isDone(); either its push precedes the swap (so the callback unparks
     * it) or the swap precedes the push (which then fails on WOKEN), and in both orders it learns
     * of the completion.
     */

    private static final Object WOKEN = new Object();
    private static final VarHandle WAITERS;
    private static final VarHandle WAKE_REGISTERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAITERS = lookup.findVarHandle(RuntimeStage.class, "waiters", Object.class);
            WAKE_REGISTERED = lookup.findVarHandle(RuntimeStage.class, "wakeRegistered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MoiraiRuntime runtime;
    /** Null, the top {@link WaitNode}, or {@link #WOKEN} once completion has woken the waiters. */
    private volatile Object waiters;
    private volatile boolean wakeRegistered;

    RuntimeStage(MoiraiRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Executor defaultExecutor() {
        return runtime;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new RuntimeStage<>(runtime);
    }

    /** As {@code CompletableFuture}'s, but its asynchronous stages stay on the runtime (see {@link MinimalRuntimeStage}). */
    @Override
    public CompletionStage<T> minimalCompletionStage() {
        MinimalRuntimeStage<T> d = new MinimalRuntimeStage<>(runtime);
        whenComplete(d::relay);
        return d;
    }

    /**
     * The waiter's shortcut: a task that sits where the waiting worker would take it next runs
     * at once on the waiter's stack. Returns whether it ran; false for every other stage.
     */
    boolean tryRunInWaiter() {
        return false;
    }

    /** {@code join}'s wait: the waiter's shortcut, then an uninterruptible wait until done. */
    final void awaitForJoin() {
        if (!isDone() && !(tryRunInWaiter() && isDone())) {
            try {
                Waiting.await(this, false, false, 0L);
            } catch (InterruptedException | TimeoutException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /** {@code get}'s wait: the waiter's shortcut, then an interruptible wait until done. */
    final void awaitForGet() throws InterruptedException {
        if (!isDone() && !(tryRunInWaiter() && isDone())) {
            try {
                Waiting.await(this, true, false, 0L);
            } catch (TimeoutException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    @Override
    public T join() {
        awaitForJoin();
        try {
            return super.join();
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitForGet();
        try {
            return super.get();
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = unit.toNanos(timeout); // saturates; also the NullPointerException for a null unit
        if (!isDone()) {
            Waiting.await(this, true, true, nanos);
        }
        try {
            return super.get();
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
        }
    }

    @Override
    public T getNow(T valueIfAbsent) {
        try {
            return super.getNow(valueIfAbsent);
        } catch (CancellationException e) {
            throw keepDeadlineType(e); // as join and get
        }
    }

    /**
     * {@code CompletableFuture} rethrows a cancellation as a new {@code CancellationException}
     * (for the caller's stack trace) with the original as its cause; a missed deadline keeps its
     * type, {@link DeadlineExceededException}, so callers can catch it as such.
     */
    private static CancellationException keepDeadlineType(CancellationException e) {
        if (e instanceof DeadlineExceededException || !(e.getCause() instanceof DeadlineExceededException missed)) {
            return e;
        }
        DeadlineExceededException rethrown = new DeadlineExceededException(missed.getMessage());
        rethrown.initCause(missed);
        return rethrown;
    }

    // ---- waiters -------------------------------------------------------------------------

    /** One parked thread; {@code thread} is cleared when its wait ends. */
    static final class WaitNode {
        volatile Thread thread;
        volatile WaitNode next;

        WaitNode(Thread thread) {
            this.thread = thread;
        }
    }

    /**
     * Pushes a waiter, registering the wake-up callback on first use. Returns false when the
     * stage has already completed (the caller must not park).
     */
    final boolean addWaiter(WaitNode node) {
        if (!wakeRegistered && WAKE_REGISTERED.compareAndSet(this, false, true)) {
            whenComplete((value, failure) -> wakeWaiters());
        }
        for (Object top = waiters; top != WOKEN; top = waiters) {
            node.next = (WaitNode) top;
            if (WAITERS.compareAndSet(this, top, node)) {
                return !isDone();
            }
        }
        return false;
    }

    /** Ends a wait: the node is made inert at once and unlinked from the stack. */
    final void removeWaiter(WaitNode node) {
        node.thread = null;
        retry:
        for (;;) {
            Object top = waiters;
            if (top == WOKEN || top == null) {
                return;
            }
            WaitNode pred = null;
            for (WaitNode q = (WaitNode) top, s; q != null; q = s) {
                s = q.next;
                if (q.thread != null) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = s;
                    if (pred.thread == null) {
                        continue retry; // pred itself was removed meanwhile: start over
                    }
                } else if (!WAITERS.compareAndSet(this, q, s)) {
                    continue retry;
                }
            }
            return;
        }
    }

    /**
     * Unparks the threads waiting now without ending their waits: each looks again at what it
     * waits for. The caller's volatile store of what changed comes before this volatile read of
     * the stack, and a waiter pushes its node before it reads that state and parks, so a waiter
     * either is on the stack here or sees the change before it parks.
     */
    final void unparkWaiters() {
        for (Object q = waiters; q instanceof WaitNode node; q = node.next) {
            Thread t = node.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void wakeWaiters() {
        Object top = WAITERS.getAndSet(this, WOKEN);
        for (Object q = top; q instanceof WaitNode node; q = node.next) {
            Thread t = node.thread;
            if (t != null) {
                node.thread = null; // woken: the node is inert from here on
                LockSupport.unpark(t);
            }
        }
    }
}
