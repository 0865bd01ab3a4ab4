package io.moirai.runtime;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The handle of a task given to a {@link MoiraiRuntime}: a {@link Future} and a
 * {@link CompletionStage}.
 *
 * <p>{@link #join()} and {@link #get()} called on one of the runtime's CPU workers do not block
 * that worker: it runs other queued work (its own first) until the result is ready, so recursive
 * divide-and-conquer never deadlocks, even at parallelism 1:
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
 * <p>Stage methods ending in {@code Async} that take no executor run on the runtime.
 * {@link #cancel(boolean) cancel(true)} interrupts a running task; the interrupt never leaks to
 * the next task of that thread. {@code cancel} returns {@code true} only for the call that
 * cancelled the task, as {@link java.util.concurrent.FutureTask} does.
 *
 * @param <T> the result type
 */
public interface TaskHandle<T> extends Future<T>, CompletionStage<T> {

    /**
     * Waits for the result and returns it, as {@link java.util.concurrent.CompletableFuture#join()}
     * does: a failure is rethrown as {@link java.util.concurrent.CompletionException} with the
     * task's exception as cause, and a cancellation as
     * {@link java.util.concurrent.CancellationException}. Not interruptible. On a CPU worker it
     * helps run other work while it waits.
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
