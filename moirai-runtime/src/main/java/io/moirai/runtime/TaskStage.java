package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The handle half of a task: a {@link RuntimeStage} that keeps the task's outcome in a field of
 * its own, and completes the {@link CompletableFuture} it also is only once somebody uses it as
 * one (a dependent stage, a park, a status query, {@code toCompletableFuture}).
 *
 * <h2>Why</h2>
 * A task decides how it ends with one CAS on its state (see {@link RuntimeTask}); completing a
 * {@code CompletableFuture} is a second CAS, on its result. Fork/join joins most handles right
 * after they end, through {@link #join()}, {@link #get()} and {@link #isDone()}, which read the
 * outcome field here; so the ending costs one atomic instruction instead of two, as
 * {@code ForkJoinTask}'s does.
 *
 * <h2>Protocol</h2>
 * The party that decided the ending (its CAS on the task's state) counts it, then {@link #settle
 * settles}: a release store of the outcome, then a volatile read of {@link #bound}; if bound, it
 * completes the future too. A <em>binder</em> writes {@code bound} (volatile), then reads the
 * outcome and the state (volatile). Both sides order a volatile write before a volatile read, so
 * in the synchronization order either the decider's CAS precedes the binder's state read (the
 * binder sees the ending decided: it waits the few instructions until the outcome is stored and
 * completes the future itself) or the binder's write precedes the decider's read of
 * {@code bound} (the decider completes it). Completing twice is harmless: the same outcome, one
 * CAS wins. Once bound, the future is the truth for every reader, so an outcome given with
 * {@code complete} by a user, or {@code obtrudeValue}, reads the same everywhere.
 *
 * <p>Every public method of {@code CompletableFuture} that reads or writes its result is
 * overridden here to bind first; {@code TaskStageTest} checks that none is missed.
 *
 * @param <T> the result type
 */
abstract class TaskStage<T> extends RuntimeStage<T> {

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(TaskStage.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The outcome of a task that returned {@code null}. */
    private static final Object NIL = new Object();

    /** The outcome of a task that failed, was cancelled or was refused. */
    private static final class Failure {
        final Throwable cause;

        Failure(Throwable cause) {
            this.cause = cause;
        }
    }

    /** Null until the task ends; then its value, {@link #NIL} or a {@link Failure}. */
    private volatile Object outcome;
    /** Set once the {@code CompletableFuture} must carry the outcome; never cleared. */
    private volatile boolean bound;

    TaskStage(MoiraiRuntime runtime) {
        super(runtime);
    }

    /**
     * Whether the ending has been decided and its decider is about to {@link #settle}: a binder
     * that sees this waits for the outcome. False before the decision, and for a task that ends
     * without settling (handed back by {@code shutdownNow}: whoever runs it settles, fenced).
     */
    abstract boolean settling();

    /**
     * Publishes the outcome; called once, by the party that decided and counted the ending.
     * {@code fenced} where no CAS on the task's state came first (an abandoned task run by the
     * caller of {@code shutdownNow}): then the store itself must be ordered before the read of
     * {@link #bound}.
     */
    final void settle(T value, Throwable failure, boolean fenced) {
        Object o = failure != null ? new Failure(failure) : value != null ? value : NIL;
        if (fenced) {
            if (!OUTCOME.compareAndSet(this, (Object) null, o)) {
                return;
            }
        } else {
            // release: publishes the value and the task's effects to readers of outcome; the
            // read of bound below is ordered after the decider's CAS, which is what the protocol needs
            OUTCOME.setRelease(this, o);
        }
        if (bound) {
            completeFuture(o);
        }
    }

    @SuppressWarnings("unchecked")
    private void completeFuture(Object o) {
        if (o instanceof Failure f) {
            super.completeExceptionally(f.cause);
        } else {
            super.complete(o == NIL ? null : (T) o);
        }
    }

    /** Makes the {@code CompletableFuture} carry the outcome from now on (see the protocol above). */
    final void bind() {
        if (!bound) {
            bound = true;
        }
        for (;;) {
            Object o = outcome;
            if (o != null) {
                // another binder may still be completing it: do it here rather than wait for it
                if (!super.isDone()) {
                    completeFuture(o);
                }
                return;
            }
            if (!settling() || super.isDone()) {
                return; // nothing decided to wait for, or the future already carries an outcome
            }
            Thread.onSpinWait(); // decided: the outcome is a count and a store away
        }
    }

    /** The value of a task that completed normally, if that is how it ended and nobody bound it. */
    private Object plainValue() {
        Object o = outcome;
        return o == null || o instanceof Failure || bound ? null : o;
    }

    @SuppressWarnings("unchecked")
    private static <T> T valueOf(Object o) {
        return o == NIL ? null : (T) o;
    }

    /** Done once settled, or once the bound future was completed by other means (a user's {@code complete}); never undone. */
    @Override
    public boolean isDone() {
        return outcome != null || (bound && super.isDone());
    }

    @Override
    public T join() {
        awaitForJoin();
        Object o = plainValue();
        if (o != null) {
            return valueOf(o);
        }
        bind();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitForGet();
        Object o = plainValue();
        if (o != null) {
            return valueOf(o);
        }
        bind();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = unit.toNanos(timeout); // saturates; also the NullPointerException for a null unit
        if (!isDone()) {
            Waiting.await(this, true, true, nanos);
        }
        Object o = plainValue();
        if (o != null) {
            return valueOf(o);
        }
        bind();
        return super.get(timeout, unit);
    }

    @Override
    public boolean complete(T value) {
        bind();
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        bind();
        return super.completeExceptionally(failure);
    }

    @Override
    public String toString() {
        bind();
        return super.toString();
    }

    @Override
    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> fn) {
        bind();
        return super.acceptEither(other, fn);
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> fn) {
        bind();
        return super.acceptEitherAsync(other, fn);
    }

    @Override
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> fn, Executor executor) {
        bind();
        return super.acceptEitherAsync(other, fn, executor);
    }

    @Override
    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        bind();
        return super.applyToEither(other, fn);
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        bind();
        return super.applyToEitherAsync(other, fn);
    }

    @Override
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        bind();
        return super.applyToEitherAsync(other, fn, executor);
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        bind();
        return super.completeAsync(supplier);
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        bind();
        return super.completeAsync(supplier, executor);
    }

    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        bind();
        return super.completeOnTimeout(value, timeout, unit);
    }

    @Override
    public CompletableFuture<T> copy() {
        bind();
        return super.copy();
    }

    @Override
    public Throwable exceptionNow() {
        bind();
        return super.exceptionNow();
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        bind();
        return super.exceptionally(fn);
    }

    @Override
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        bind();
        return super.exceptionallyAsync(fn);
    }

    @Override
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        bind();
        return super.exceptionallyAsync(fn, executor);
    }

    @Override
    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        bind();
        return super.exceptionallyCompose(fn);
    }

    @Override
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        bind();
        return super.exceptionallyComposeAsync(fn);
    }

    @Override
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        bind();
        return super.exceptionallyComposeAsync(fn, executor);
    }

    @Override
    public T getNow(T valueIfAbsent) {
        bind();
        return super.getNow(valueIfAbsent);
    }

    @Override
    public int getNumberOfDependents() {
        bind();
        return super.getNumberOfDependents();
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        bind();
        return super.handle(fn);
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        bind();
        return super.handleAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        bind();
        return super.handleAsync(fn, executor);
    }

    @Override
    public boolean isCancelled() {
        bind();
        return super.isCancelled();
    }

    @Override
    public boolean isCompletedExceptionally() {
        bind();
        return super.isCompletedExceptionally();
    }

    @Override
    public CompletionStage<T> minimalCompletionStage() {
        bind();
        return super.minimalCompletionStage();
    }

    @Override
    public void obtrudeException(Throwable failure) {
        bind();
        super.obtrudeException(failure);
    }

    @Override
    public void obtrudeValue(T value) {
        bind();
        super.obtrudeValue(value);
    }

    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        bind();
        return super.orTimeout(timeout, unit);
    }

    @Override
    public T resultNow() {
        bind();
        return super.resultNow();
    }

    @Override
    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        bind();
        return super.runAfterBoth(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        bind();
        return super.runAfterBothAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        bind();
        return super.runAfterBothAsync(other, action, executor);
    }

    @Override
    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        bind();
        return super.runAfterEither(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        bind();
        return super.runAfterEitherAsync(other, action);
    }

    @Override
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        bind();
        return super.runAfterEitherAsync(other, action, executor);
    }

    @Override
    public Future.State state() {
        bind();
        return super.state();
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> fn) {
        bind();
        return super.thenAccept(fn);
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> fn) {
        bind();
        return super.thenAcceptAsync(fn);
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> fn, Executor executor) {
        bind();
        return super.thenAcceptAsync(fn, executor);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> fn) {
        bind();
        return super.thenAcceptBoth(other, fn);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> fn) {
        bind();
        return super.thenAcceptBothAsync(other, fn);
    }

    @Override
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> fn, Executor executor) {
        bind();
        return super.thenAcceptBothAsync(other, fn, executor);
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        bind();
        return super.thenApply(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        bind();
        return super.thenApplyAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        bind();
        return super.thenApplyAsync(fn, executor);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        bind();
        return super.thenCombine(other, fn);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        bind();
        return super.thenCombineAsync(other, fn);
    }

    @Override
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        bind();
        return super.thenCombineAsync(other, fn, executor);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        bind();
        return super.thenCompose(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        bind();
        return super.thenComposeAsync(fn);
    }

    @Override
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        bind();
        return super.thenComposeAsync(fn, executor);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        bind();
        return super.thenRun(action);
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action) {
        bind();
        return super.thenRunAsync(action);
    }

    @Override
    public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        bind();
        return super.thenRunAsync(action, executor);
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        bind();
        return super.toCompletableFuture();
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> fn) {
        bind();
        return super.whenComplete(fn);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> fn) {
        bind();
        return super.whenCompleteAsync(fn);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> fn, Executor executor) {
        bind();
        return super.whenCompleteAsync(fn, executor);
    }
}
