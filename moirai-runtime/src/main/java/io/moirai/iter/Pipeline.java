package io.moirai.iter;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The immutable description behind every public iter: a source, the stages in order, and the
 * context bound with {@code on} (sequential until then). Adding a stage copies the short stage
 * array, so a pipeline and every pipeline built from it stay independent and reusable.
 */
final class Pipeline {

    private static final Op[] NO_OPS = new Op[0];

    final Source source;
    final Op[] ops;
    final ExecutionContext context;

    private Pipeline(Source source, Op[] ops, ExecutionContext context) {
        this.source = source;
        this.ops = ops;
        this.context = context;
    }

    static Pipeline of(Source source) {
        return new Pipeline(source, NO_OPS, SequentialContext.INSTANCE);
    }

    Kind out() {
        return ops.length == 0 ? source.kind : ops[ops.length - 1].out;
    }

    Pipeline then(Op op) {
        Op[] more = Arrays.copyOf(ops, ops.length + 1);
        more[ops.length] = op;
        return new Pipeline(source, more, context);
    }

    Pipeline on(ExecutionContext context) {
        return new Pipeline(source, ops, Objects.requireNonNull(context, "context"));
    }

    <R> R run(Terminal<R> terminal) {
        return context.evaluate(new Evaluation<>(source, ops, terminal));
    }

    <R> CompletionStage<R> runAsync(Terminal<R> terminal) {
        return context.evaluateAsync(new Evaluation<>(source, ops, terminal));
    }
}
