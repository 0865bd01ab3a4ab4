package io.moirai.iter;

import java.util.concurrent.CompletableFuture;

/**
 * The stage an asynchronous terminal returns: cancelling it stops the evaluation (chunks not
 * started are skipped, blocking-lane tasks in flight are interrupted), and so does completing it
 * from outside ({@code orTimeout}, {@code completeOnTimeout}, {@code complete}): nobody can see
 * the evaluation's result any more, so its work is wasted. Dependent stages made from it are
 * plain {@link CompletableFuture}s.
 */
final class IterFuture<R> extends CompletableFuture<R> {

    private final Control control;
    private volatile Runnable onCancel;

    IterFuture(Control control) {
        this.control = control;
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

    /**
     * Completes the stage; the evaluation's own ending comes here too, after its work is done, so
     * the stop then finds nothing left to stop.
     */
    @Override
    public boolean complete(R value) {
        return stoppedIf(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return stoppedIf(super.completeExceptionally(ex));
    }

    /** Stops the evaluation if this call completed the stage; returns {@code completed}. */
    private boolean stoppedIf(boolean completed) {
        if (completed) {
            control.stop();
        }
        return completed;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
