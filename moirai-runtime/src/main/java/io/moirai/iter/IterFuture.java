package io.moirai.iter;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The stage an asynchronous terminal returns: cancelling it stops the evaluation (chunks not
 * started are skipped, blocking-lane tasks in flight are interrupted), and so does completing it
 * from outside ({@code orTimeout}, {@code completeOnTimeout}, {@code complete},
 * {@code completeAsync}): nobody can see the evaluation's result any more, so its work is wasted.
 * Dependent stages made from it are plain {@link CompletableFuture}s.
 *
 * <p>The stop hangs on the stage's own completion rather than on overrides of {@code complete}
 * and {@code completeExceptionally}: {@code completeAsync} completes a {@code CompletableFuture}
 * without calling either. The evaluation's own ending completes the stage too, after its work is
 * done, so the stop then finds nothing left to stop.
 */
final class IterFuture<R> extends CompletableFuture<R> {

    private final Control control;
    private volatile Runnable onCancel;

    IterFuture(Control control) {
        this.control = control;
        whenComplete((value, failure) -> control.stop());
    }

    /**
     * Completes the stage with a failure of the evaluation's own (a function or a source that
     * threw). A {@code CancellationException} thrown by a function is a failure like any other,
     * so it is wrapped in a {@code CompletionException}, as {@code supplyAsync} wraps what its
     * supplier throws: completed with it bare, the stage looked cancelled ({@code isCancelled()}).
     */
    void fail(Throwable failure) {
        completeExceptionally(failure instanceof CancellationException ? new CompletionException(failure) : failure);
    }

    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            control.stop();
            Runnable action = onCancel;
            if (action != null && mayInterruptIfRunning) {
                action.run();
            }
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
