package io.moirai.iter;

import java.util.concurrent.CompletableFuture;

/**
 * The stage an asynchronous terminal returns: cancelling it stops the evaluation (chunks not
 * started are skipped, blocking-lane tasks in flight are interrupted). Dependent stages made from
 * it are plain {@link CompletableFuture}s.
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

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
