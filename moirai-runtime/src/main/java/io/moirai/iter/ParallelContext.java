package io.moirai.iter;

import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code parallel(runtime)} and {@code hybrid(runtime)} contexts. A pipeline is cut at its
 * barriers ({@code limit}, {@code chunked}) into segments; each segment is one
 * {@link ParallelRun} whose terminal gathers the elements the barrier needs, in order; the barrier
 * then makes the next segment's source from them. The last segment runs the real terminal.
 */
final class ParallelContext implements ExecutionContext {

    private final MoiraiRuntime runtime;
    private final boolean hybrid;

    ParallelContext(MoiraiRuntime runtime, boolean hybrid) {
        this.runtime = runtime;
        this.hybrid = hybrid;
    }

    @Override
    public <R> R evaluate(Evaluation<R> evaluation) {
        if (runtime.isShutdown()) {
            throw rejected();
        }
        if (Thread.currentThread().isInterrupted()) {
            // as one interrupted later: also where the input is small enough to finish on the caller alone
            throw Evaluation.interrupted("interrupted while waiting for the pipeline");
        }
        Source source = evaluation.source;
        if (source.indexed() && plain(evaluation.ops)) {
            // the common case, kept free of allocations until it turns out not to be tiny
            ParallelRun.Prefix prefix = ParallelRun.prefix(source, evaluation.ops, evaluation.terminal, Control.NONE);
            if (prefix.complete) {
                R result = evaluation.terminal.finish(prefix.acc);
                evaluation.progress().onProgress(1, 1);
                return result;
            }
            return new ParallelRun<>(runtime, hybrid, new Control(), source, evaluation.ops, evaluation.terminal, prefix)
                    .withProgress(evaluation.progress()).runSync();
        }
        Control control = new Control();
        List<Op[]> segments = segments(evaluation.ops);
        for (int i = 0; i < segments.size() - 1; i++) {
            Op[] segment = segments.get(i);
            Op barrier = segment[segment.length - 1];
            Op[] before = Arrays.copyOf(segment, segment.length - 1);
            Source.Buffer gathered = new ParallelRun<>(runtime, hybrid, control, source, before,
                    Terminals.gather(barrier.in, barrier.gatherCap(segments.get(i + 1)))).runSync();
            source = barrier.applyBarrier(gathered.values, gathered.length);
        }
        return new ParallelRun<>(runtime, hybrid, control, source, segments.getLast(), evaluation.terminal)
                .withProgress(evaluation.progress()).runSync();
    }

    @Override
    public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
        Control control = new Control();
        IterFuture<R> future = new IterFuture<>(control);
        if (runtime.isShutdown()) {
            future.completeExceptionally(rejected());
            return future;
        }
        runSegment(future, control, evaluation.source, segments(evaluation.ops), 0, evaluation.terminal,
                evaluation.progress());
        return future;
    }

    private <R> void runSegment(IterFuture<R> future, Control control, Source source, List<Op[]> segments, int i,
                                Terminal<R> terminal, ProgressListener progress) {
        if (future.isDone()) {
            return;
        }
        if (i == segments.size() - 1) {
            ParallelRun<R> run = new ParallelRun<>(runtime, hybrid, control, source, segments.get(i), terminal)
                    .withProgress(progress);
            run.done.whenComplete((value, failure) -> {
                if (failure != null) {
                    failWith(future, control, failure);
                } else {
                    future.complete(value);
                }
            });
            run.runAsync();
            return;
        }
        Op[] segment = segments.get(i);
        Op barrier = segment[segment.length - 1];
        ParallelRun<Source.Buffer> run = new ParallelRun<>(runtime, hybrid, control, source,
                Arrays.copyOf(segment, segment.length - 1), Terminals.gather(barrier.in, barrier.gatherCap(segments.get(i + 1))));
        run.done.whenComplete((gathered, failure) -> {
            if (failure != null) {
                failWith(future, control, failure);
                return;
            }
            try {
                runSegment(future, control, barrier.applyBarrier(gathered.values, gathered.length), segments, i + 1,
                        terminal, progress);
            } catch (Throwable t) {
                future.fail(t);
            }
        });
        run.runAsync();
    }

    /** The evaluation's own failure as a failure; its cancellation (no failure recorded) as a cancellation. */
    private static void failWith(IterFuture<?> future, Control control, Throwable failure) {
        if (failure == control.failure()) {
            future.fail(failure);
        } else {
            future.completeExceptionally(failure);
        }
    }

    /** No barrier and no blocking stage: one CPU run. */
    private static boolean plain(Op[] ops) {
        for (Op op : ops) {
            if (op.barrier() || op.blocking()) {
                return false;
            }
        }
        return true;
    }

    /** The ops cut after each barrier: every segment but the last ends with its barrier. */
    static List<Op[]> segments(Op[] ops) {
        List<Op[]> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ops.length; i++) {
            if (ops[i].barrier()) {
                segments.add(Arrays.copyOfRange(ops, start, i + 1));
                start = i + 1;
            }
        }
        segments.add(Arrays.copyOfRange(ops, start, ops.length));
        return segments;
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("the runtime is shut down: " + runtime);
    }

    @Override
    public String toString() {
        return (hybrid ? "ExecutionContext.hybrid(" : "ExecutionContext.parallel(") + runtime + ")";
    }
}
