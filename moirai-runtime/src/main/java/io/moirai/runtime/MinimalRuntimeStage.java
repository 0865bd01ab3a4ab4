package io.moirai.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@link RuntimeStage#minimalCompletionStage()} returns: a stage that offers only the
 * {@link java.util.concurrent.CompletionStage} methods, as the JDK's own minimal stage does
 * (every other method throws {@link UnsupportedOperationException}), but whose {@code *Async}
 * methods without an executor, and the stages derived from it, stay on the runtime. The JDK's
 * version is a private class of {@code CompletableFuture} that ignores
 * {@link #defaultExecutor()}, so its asynchronous stages would run on the common pool.
 *
 * @param <T> the result type
 */
final class MinimalRuntimeStage<T> extends RuntimeStage<T> {

    MinimalRuntimeStage(MoiraiRuntime runtime) {
        super(runtime);
    }

    /**
     * Completes this stage with its source's outcome. A failure reaches it wrapped in a
     * {@link CompletionException}, as a dependent stage sees its source's failure (and as the
     * JDK's relay stores it).
     */
    void relay(T value, Throwable failure) {
        if (failure == null) {
            super.complete(value);
        } else {
            super.completeExceptionally(failure instanceof CompletionException ? failure : new CompletionException(failure));
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new MinimalRuntimeStage<>(runtime);
    }

    /** A new, complete-able {@code CompletableFuture} of the runtime that completes with this stage. */
    @Override
    public CompletableFuture<T> toCompletableFuture() {
        RuntimeStage<T> d = new RuntimeStage<>(runtime);
        whenComplete((value, failure) -> {
            if (failure == null) {
                d.complete(value);
            } else {
                d.completeExceptionally(failure);
            }
        });
        return d;
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("a minimal completion stage offers only the CompletionStage methods");
    }

    @Override
    public T get() {
        throw unsupported();
    }

    @Override
    public T get(long timeout, TimeUnit unit) {
        throw unsupported();
    }

    @Override
    public T getNow(T valueIfAbsent) {
        throw unsupported();
    }

    @Override
    public T join() {
        throw unsupported();
    }

    @Override
    public T resultNow() {
        throw unsupported();
    }

    @Override
    public Throwable exceptionNow() {
        throw unsupported();
    }

    @Override
    public boolean complete(T value) {
        throw unsupported();
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        throw unsupported();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        throw unsupported();
    }

    @Override
    public void obtrudeValue(T value) {
        throw unsupported();
    }

    @Override
    public void obtrudeException(Throwable failure) {
        throw unsupported();
    }

    @Override
    public boolean isDone() {
        throw unsupported();
    }

    @Override
    public boolean isCancelled() {
        throw unsupported();
    }

    @Override
    public boolean isCompletedExceptionally() {
        throw unsupported();
    }

    @Override
    public State state() {
        throw unsupported();
    }

    @Override
    public int getNumberOfDependents() {
        throw unsupported();
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw unsupported();
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        throw unsupported();
    }

    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        throw unsupported();
    }

    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw unsupported();
    }
}
