package io.moirai.runtime;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The handle of a task given to a {@link MoiraiRuntime}: a {@link Future} and a
 * {@link CompletionStage}.
 *
 * <p>Waiting inside a task neither idles a CPU worker nor traps it. {@link #join()} and
 * {@link #get()} on a CPU worker, for a CPU task of the same runtime, run the awaited task if it
 * has not started, or a not-started task it spawned (directly or through its running
 * descendants), at most 32 levels deep, and never unrelated work; otherwise the worker parks and
 * a spare worker keeps the lane's parallelism. So recursive divide-and-conquer completes even
 * at parallelism 1:
 *
 * <pre>{@code
 * long fib(MoiraiRuntime rt, int n) {
 *     if (n < 20) return sequentialFib(n);
 *     TaskHandle<Long> left = rt.spawn(() -> fib(rt, n - 1));
 *     long right = fib(rt, n - 2);
 *     return left.join() + right;
 * }
 * }</pre>
 *
 * <p>On the blocking lane, where each running task holds a permit, an untimed wait of a
 * blocking task for a blocking task of the same runtime that is still queued for a permit runs
 * the awaited task on the waiter's permit, so tasks holding every permit while they wait for
 * queued ones complete instead of deadlocking, and the lane never runs more tasks than permits.
 *
 * <p>{@link #get(long, java.util.concurrent.TimeUnit) get(timeout)} never runs other work: it
 * returns within its timeout plus the time its thread takes to be scheduled again, and a timeout
 * of zero or less (down to {@code Long.MIN_VALUE}) does not wait. Each wait adds at most one
 * waiter node to the handle and removes it when the wait ends; polling a handle leaves at most
 * one completion callback on it. A task of the runtime that waits for a task that
 * {@link MoiraiRuntime#shutdownNow()} handed back ends its wait with
 * {@link java.util.concurrent.CancellationException}; other threads keep waiting, since the
 * caller of {@code shutdownNow} may still run it.
 *
 * <p>Stage methods ending in {@code Async} that take no executor run on the runtime, as do the
 * stages derived from them and from {@code minimalCompletionStage()}; once the runtime is shut
 * down they follow its submission rules (a stage whose action the runtime refuses completes
 * with {@link java.util.concurrent.RejectedExecutionException}).
 * {@link #cancel(boolean) cancel(true)} interrupts a running task only while its thread is
 * running that task (not a task it helps with meanwhile); the interrupt never leaks to the next
 * task of that thread. {@code cancel} returns {@code true} only for the call that
 * cancelled the task, as {@link java.util.concurrent.FutureTask} does, and {@code false} once
 * the handle is completed, however that happened.
 *
 * <p>{@link #toCompletableFuture()} returns the handle itself, which may be completed from
 * outside ({@code complete}, {@code completeExceptionally}, {@code orTimeout}, ...). A task that
 * has not started then never runs: it gives back its queue slot at once and is counted as
 * completed, failed or cancelled by how its handle ended. A running task runs on, and is counted
 * by how its run ends, while its handle keeps the outcome given from outside. Pass handles to
 * the static {@code CompletableFuture.allOf} and {@code anyOf} through
 * {@code toCompletableFuture()}, not by a cast: those read the future's fields directly, which a
 * handle fills only once it is used as a {@code CompletableFuture}.
 *
 * @param <T> the result type
 */
public interface TaskHandle<T> extends Future<T>, CompletionStage<T> {

    /**
     * Waits for the result and returns it, as {@link java.util.concurrent.CompletableFuture#join()}
     * does: a failure is rethrown as {@link java.util.concurrent.CompletionException} with the
     * task's exception as cause, and a cancellation as
     * {@link java.util.concurrent.CancellationException}. Not interruptible: the interrupt status
     * is restored when it returns. On a CPU worker it may run the awaited task or work the
     * awaited task spawned while it waits, and on a blocking-lane thread a still queued
     * blocking task it waits for, never unrelated work (see the class description).
     *
     * @return the task's result
     */
    T join();

    /**
     * The task's name from its {@link TaskOptions}, or an empty string.
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * The lane the task runs on.
     *
     * @return the lane
     */
    Lane lane();
}
