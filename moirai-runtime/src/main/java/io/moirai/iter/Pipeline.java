package io.moirai.iter;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The immutable description behind every public iter: a source, the stages in order, and the
 * context bound with {@code on} (sequential until then), the listener bound with
 * {@code withProgress}. Adding a stage copies the short stage
 * array, so a pipeline and every pipeline built from it stay independent and reusable.
 */
final class Pipeline {

    private static final Op[] NO_OPS = new Op[0];

    final Source source;
    final Op[] ops;
    final ExecutionContext context;
    final ProgressListener progress;

    private Pipeline(Source source, Op[] ops, ExecutionContext context, ProgressListener progress) {
        this.source = source;
        this.ops = ops;
        this.context = context;
        this.progress = progress;
    }

    static Pipeline of(Source source) {
        return new Pipeline(source, NO_OPS, SequentialContext.INSTANCE, ProgressListener.NONE);
    }

    Kind out() {
        return ops.length == 0 ? source.kind : ops[ops.length - 1].out;
    }

    Pipeline then(Op op) {
        Op[] more = Arrays.copyOf(ops, ops.length + 1);
        more[ops.length] = op;
        return new Pipeline(source, more, context, progress);
    }

    Pipeline on(ExecutionContext context) {
        return new Pipeline(source, ops, Objects.requireNonNull(context, "context"), progress);
    }

    Pipeline withProgress(ProgressListener listener) {
        // named as the public withProgress methods name their parameter
        return new Pipeline(source, ops, context, Objects.requireNonNull(listener, "listener"));
    }

    <R> R run(Terminal<R> terminal) {
        return context.evaluate(new Evaluation<>(source, ops, terminal, progress));
    }

    <R> CompletionStage<R> runAsync(Terminal<R> terminal) {
        return context.evaluateAsync(new Evaluation<>(source, ops, terminal, progress));
    }
}
