package io.moirai.iter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One terminal operation applied to one pipeline, handed to an {@link ExecutionContext} to
 * evaluate. This is the service-provider view for contexts written outside this package (a
 * distributed context, for example): it describes the plan ({@link #stages()},
 * {@link #sourceSize()}, {@link #hasBlockingStages()}) and evaluates it in pieces that the
 * context places where it likes and combines in encounter order:
 *
 * <pre>{@code
 * public <R> R evaluate(Evaluation<R> evaluation) {
 *     List<Evaluation.Part> parts = evaluation.split(members.size() * 4);
 *     List<Evaluation.Partial> partials = runEachSomewhere(parts, evaluation::evaluate); // in order
 *     return evaluation.combine(partials);
 * }
 * }</pre>
 *
 * <p>A pipeline with a {@code limit} or {@code chunked} stage, or over an unindexed source
 * (an iterable that is not a random-access list, a spliterator), is not splittable: it splits
 * into one part, evaluated whole.
 *
 * @param <R> the terminal's result type
 */
public final class Evaluation<R> {

    final Source source;
    final Op[] ops;
    final Terminal<R> terminal;

    Evaluation(Source source, Op[] ops, Terminal<R> terminal) {
        this.source = source;
        this.ops = ops;
        this.terminal = terminal;
    }

    /**
     * The stages in order, by name: {@code map}, {@code filter}, {@code flatMap},
     * {@code mapBlocking}, {@code peek}, {@code limit}, {@code chunked}, {@code mapToInt}, ...
     *
     * @return the stage names
     */
    public List<String> stages() {
        List<String> names = new ArrayList<>(ops.length);
        for (Op op : ops) {
            names.add(op.name);
        }
        return List.copyOf(names);
    }

    /**
     * The number of elements the source holds, or -1 when it is not known before traversal.
     *
     * @return the source's size or -1
     */
    public long sourceSize() {
        return source.size();
    }

    /**
     * Whether some stage may block ({@code mapBlocking}).
     *
     * @return true when a stage may block
     */
    public boolean hasBlockingStages() {
        for (Op op : ops) {
            if (op.blocking()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #split(int)} can give more than one part.
     *
     * @return true for an indexed source and no {@code limit}/{@code chunked} stage
     */
    public boolean isSplittable() {
        if (!source.indexed()) {
            return false;
        }
        for (Op op : ops) {
            if (op.barrier()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Evaluates the whole pipeline on the calling thread, in encounter order.
     *
     * @return the result
     */
    public R evaluateSequentially() {
        return evaluateSequentially(Control.NONE);
    }

    R evaluateSequentially(StopSignal stop) {
        long size = source.indexed() ? source.size() : 0;
        return terminal.finish(Sequential.accumulate(source, 0, size, ops, terminal, stop));
    }

    /**
     * Cuts the input into at most {@code maxParts} contiguous parts of nearly equal size, in
     * encounter order.
     *
     * @param maxParts the most parts wanted, at least 1
     * @return the parts, at least one
     * @throws IllegalArgumentException if {@code maxParts} is less than 1
     */
    public List<Part> split(int maxParts) {
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1, was " + maxParts);
        }
        long size = source.size();
        if (!isSplittable() || size <= 1) {
            return List.of(new Part(0, 0, Math.max(0, size)));
        }
        int parts = (int) Math.min(maxParts, size);
        List<Part> result = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            result.add(new Part(i, size * i / parts, size * (i + 1) / parts));
        }
        return List.copyOf(result);
    }

    /**
     * Evaluates one part on the calling thread.
     *
     * @param part a part from {@link #split(int)} of this evaluation
     * @return its partial result, to pass to {@link #combine(List)}
     */
    public Partial evaluate(Part part) {
        Objects.requireNonNull(part, "part");
        if (!isSplittable()) {
            long size = source.indexed() ? source.size() : 0;
            return new Partial(Sequential.accumulate(source, 0, size, ops, terminal, Control.NONE));
        }
        return new Partial(Sequential.accumulate(source, part.from(), part.to(), ops, terminal, Control.NONE));
    }

    /**
     * Combines the partial results of all parts, given in encounter order, into the result.
     *
     * @param partials one per part, in the order of {@link #split(int)}
     * @return the result
     */
    public R combine(List<Partial> partials) {
        Objects.requireNonNull(partials, "partials");
        Terminal.Acc total = null;
        for (Partial partial : partials) {
            Terminal.Acc acc = Objects.requireNonNull(partial, "partial").acc;
            if (total == null) {
                total = acc;
            } else {
                total.combine(acc);
            }
        }
        return terminal.finish(total == null ? terminal.newAcc() : total);
    }

    /**
     * A contiguous part of the input: elements {@code [from, to)} in encounter order.
     *
     * @param index its position among the parts
     * @param from  the first element's index
     * @param to    the index after its last element
     */
    public record Part(int index, long from, long to) {
    }

    /** The partial result of one part; opaque, consumed by {@link #combine(List)} once. */
    public static final class Partial {
        final Terminal.Acc acc;

        Partial(Terminal.Acc acc) {
            this.acc = acc;
        }
    }

    /** The result of a completed future, its failure rethrown as it was thrown where possible. */
    static <R> R unwrap(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
