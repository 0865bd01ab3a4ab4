package io.moirai.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CompletableFuture} that belongs to a runtime: its {@code *Async} methods without an
 * executor run on the runtime, the stages derived from it do too, and waiting on it from one of
 * the runtime's CPU workers helps run other work instead of blocking the worker.
 *
 * @param <T> the result type
 */
class RuntimeStage<T> extends CompletableFuture<T> {

    final MoiraiRuntime runtime;

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

    @Override
    public T join() {
        if (!isDone() && Thread.currentThread() instanceof WorkerThread worker) {
            worker.worker().helpUntilDone(this);
        }
        try {
            return super.join();
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone() && Thread.currentThread() instanceof WorkerThread worker) {
            worker.worker().helpUntilDoneInterruptibly(this, false, 0L);
        }
        try {
            return super.get();
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
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

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = unit.toNanos(timeout);
        if (!isDone() && Thread.currentThread() instanceof WorkerThread worker) {
            long deadline = System.nanoTime() + Math.max(nanos, 0L);
            if (!worker.worker().helpUntilDoneInterruptibly(this, true, deadline)) {
                throw new TimeoutException();
            }
            timeout = 0L;
        }
        try {
            return super.get(timeout, unit);
        } catch (CancellationException e) {
            throw keepDeadlineType(e);
        }
    }
}
