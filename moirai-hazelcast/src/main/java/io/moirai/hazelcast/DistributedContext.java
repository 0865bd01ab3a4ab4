package io.moirai.hazelcast;

import io.moirai.iter.Evaluation;
import io.moirai.iter.ExecutionContext;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * {@code cluster.context()}: a splittable evaluation is cut into chunks that run on the serving
 * members (a {@link Job}) and combined here in encounter order; any other (a {@code limit} or
 * {@code chunked} stage, an unindexed source) cannot be cut before it runs and is evaluated here,
 * sequentially (its async form on one virtual thread), which keeps the context's contract that
 * {@code forEach} and {@code collect} see the elements in encounter order on one thread.
 */
final class DistributedContext implements ExecutionContext {

    private final MoiraiCluster cluster;
    private final ExecutionContext local;

    DistributedContext(MoiraiCluster cluster) {
        this.cluster = cluster;
        this.local = ExecutionContext.sequential();
    }

    @Override
    public <R> R evaluate(Evaluation<R> evaluation) {
        if (!evaluation.isSplittable()) {
            return local.evaluate(evaluation);
        }
        if (Thread.currentThread().isInterrupted()) {
            // as the other contexts: cancelled before anything is sent, the flag kept
            throw interrupted(evaluation, new InterruptedException());
        }
        Job<R> job = cluster.startJob(evaluation);
        try {
            job.allIn.get();
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw interrupted(evaluation, e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        return evaluation.combine(job.partials());
    }

    private static CancellationException interrupted(Evaluation<?> evaluation, InterruptedException cause) {
        CancellationException cancelled = new CancellationException("interrupted while waiting for " + evaluation.stages());
        cancelled.initCause(cause);
        return cancelled;
    }

    @Override
    public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
        if (!evaluation.isSplittable()) {
            return local.evaluateAsync(evaluation);
        }
        Job<R> job;
        try {
            job = cluster.startJob(evaluation);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        JobFuture<R> future = new JobFuture<>(job);
        job.allIn.whenComplete((ignored, failure) -> {
            if (failure != null) {
                future.completeExceptionally(MoiraiCluster.unwrap(failure));
                return;
            }
            // the terminal's combine (forEach's action, the collector) runs on this member's runtime
            try {
                cluster.runtime().spawn(() -> evaluation.combine(job.partials())).whenComplete((value, error) -> {
                    if (error != null) {
                        future.completeExceptionally(MoiraiCluster.unwrap(error));
                    } else {
                        future.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    static RuntimeException rethrow(Throwable failure) {
        Throwable cause = MoiraiCluster.unwrap(failure);
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new java.util.concurrent.CompletionException(cause);
    }

    /**
     * The async stage: ending it from outside (a cancel, a fired {@code orTimeout} or
     * {@code completeOnTimeout}, {@code complete}, {@code completeAsync}) stops the job's sending
     * and cancels its chunks in flight, so no member goes on working for a result nobody will
     * read. The stop hangs on the stage's own completion, which {@code completeAsync} reaches
     * without calling {@code complete}; the job's own ending completes the stage too, after the
     * job finished, when the stop finds nothing to stop.
     */
    private static final class JobFuture<R> extends CompletableFuture<R> {

        JobFuture(Job<R> job) {
            whenComplete((value, failure) -> job.cancel());
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    @Override
    public String toString() {
        return "MoiraiCluster.context(" + cluster + ")";
    }
}
