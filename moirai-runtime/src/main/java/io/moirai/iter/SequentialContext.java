package io.moirai.iter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the pipeline on the caller's thread, in encounter order; {@code mapBlocking} inline. The
 * asynchronous form runs the same evaluation on one new virtual thread, so it never blocks the
 * caller; cancelling its stage interrupts that thread and stops the source.
 */
final class SequentialContext implements ExecutionContext {

    static final SequentialContext INSTANCE = new SequentialContext();

    private SequentialContext() {
    }

    @Override
    public <R> R evaluate(Evaluation<R> evaluation) {
        return evaluation.evaluateSequentially();
    }

    @Override
    public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
        Control control = new Control();
        IterFuture<R> future = new IterFuture<>(control);
        Thread thread = Thread.ofVirtual().name("moirai-iter-sequential").unstarted(() -> {
            try {
                future.complete(evaluation.evaluateSequentially(control));
            } catch (Throwable t) {
                future.fail(t);
            }
        });
        future.onCancel(thread::interrupt);
        thread.start();
        return future;
    }

    @Override
    public String toString() {
        return "ExecutionContext.sequential()";
    }
}
