package io.moirai.hazelcast;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The future of {@link ClusterChannel#receiveAsync()}, completed by a thread that polls the
 * channel slice by slice.
 *
 * <p>Completing it from outside ({@code cancel}, {@code complete}, {@code completeExceptionally},
 * {@code orTimeout}) withdraws the receive, with the in-process channel's rule: either the
 * withdrawal wins and no element is taken, or an element was taken and the withdrawal returns
 * false while the future completes with it. A poll that is under way cannot be called back, so
 * a withdrawal that comes during one waits for it to end (one slice at most) before it knows
 * which of the two happened.
 *
 * <p>{@code orTimeout} and {@code completeOnTimeout} withdraw on a thread of their own. The
 * JDK runs the timeouts of every {@link CompletableFuture} in the JVM on one scheduler thread
 * and expects them not to block; a withdrawal that waited out a poll there held every other
 * timeout and delayed task of the JVM for up to a slice each (100 receives timing out together
 * delayed an unrelated {@code delayedExecutor} task due at 250 ms to 10 s, and their own
 * {@code orTimeout(200 ms)} fired after as long).
 *
 * @param <E> the type of elements
 */
final class ClusterReceiveFuture<E> extends CompletableFuture<E> {

    /** No poll under way: a withdrawal wins at once. */
    private static final int OPEN = 0;
    /** A poll is under way: a withdrawal waits for its outcome. */
    private static final int TAKING = 1;
    /** Withdrawn from outside: the poller stops before its next poll. */
    private static final int WITHDRAWN = 2;
    /** The poller completed the future (an element, closed and drained, or a failure). */
    private static final int SETTLED = 3;

    /** Where a timeout's withdrawal runs: not on the JDK's scheduler thread, which must not block. */
    private final Executor withdrawals;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int state = OPEN;   // guarded by lock
    /**
     * A withdrawal waits for the poll under way: the poller starts no other. Without this, the
     * poller, which takes the lock again right after releasing it, won it over the woken
     * withdrawal slice after slice (a cancel took up to 200 ms, four slices; 100 orTimeouts
     * of 200 ms fired after 5 to 30 s).
     */
    private boolean withdrawing;   // guarded by lock

    /**
     * @param withdrawals runs the withdrawal of a timeout that passed, on a thread that may wait
     */
    ClusterReceiveFuture(Executor withdrawals) {
        this.withdrawals = withdrawals;
    }

    /** Before a poll: false if the receive was withdrawn. */
    boolean beginTake() {
        lock.lock();
        try {
            if (state != OPEN || withdrawing) {
                return false;
            }
            state = TAKING;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** After a poll that took nothing. */
    void endTake() {
        move(OPEN);
    }

    void deliver(E element) {
        move(SETTLED);
        super.complete(element);
    }

    void fail(Throwable failure) {
        move(SETTLED);
        super.completeExceptionally(failure);
    }

    private void move(int to) {
        lock.lock();
        try {
            state = to;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True if no element was or will be taken for this future; waits out a poll under way. */
    private boolean withdraw() {
        lock.lock();
        try {
            boolean interrupted = false;
            withdrawing = true;
            while (state == TAKING) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true;   // the outcome is a slice away: keep waiting, keep the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (state == SETTLED) {
                return false;
            }
            state = WITHDRAWN;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // As CompletableFuture's: true whenever the future is now cancelled, also by an earlier
        // cancel, which left nothing to withdraw; false while a taken element is on its way.
        return withdraw() ? super.cancel(mayInterruptIfRunning) : isCancelled();
    }

    @Override
    public boolean complete(E value) {
        return withdraw() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (ex == null) {
            throw new NullPointerException("ex");
        }
        return withdraw() && super.completeExceptionally(ex);
    }

    @Override
    public CompletableFuture<E> orTimeout(long timeout, TimeUnit unit) {
        return withdrawAfter(timeout, unit, () -> completeExceptionally(new TimeoutException()));
    }

    @Override
    public CompletableFuture<E> completeOnTimeout(E value, long timeout, TimeUnit unit) {
        return withdrawAfter(timeout, unit, () -> complete(value));
    }

    /**
     * Arranges {@code withdrawal} after the timeout, unless this completes first. The JDK's
     * timeout completes a plain timer future on its scheduler thread, which only hands the
     * withdrawal to {@link #withdrawals}; completing this completes the timer, whose scheduled
     * timeout the JDK then cancels.
     */
    private CompletableFuture<E> withdrawAfter(long timeout, TimeUnit unit, Runnable withdrawal) {
        Objects.requireNonNull(unit, "unit");
        if (!isDone()) {
            CompletableFuture<Void> timer = new CompletableFuture<>();
            timer.orTimeout(timeout, unit).whenComplete((ignored, failure) -> {
                if (failure instanceof TimeoutException) {
                    withdrawals.execute(withdrawal);
                }
            });
            whenComplete((ignored, failure) -> timer.complete(null));
        }
        return this;
    }

    /**
     * Completes through {@link #complete} and {@link #completeExceptionally}, which withdraw the
     * receive first; the inherited {@code completeAsync} bypasses them, and an element taken for
     * the completed future would be lost.
     */
    @Override
    public CompletableFuture<E> completeAsync(Supplier<? extends E> supplier, Executor executor) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(executor, "executor");
        executor.execute(() -> {
            if (isDone()) {
                return;
            }
            E value;
            try {
                value = supplier.get();
            } catch (Throwable t) {
                completeExceptionally(t instanceof CompletionException ? t : new CompletionException(t));
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public void obtrudeValue(E value) {
        throw new UnsupportedOperationException("obtrudeValue could discard a received element");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("obtrudeException could discard a received element");
    }
}
