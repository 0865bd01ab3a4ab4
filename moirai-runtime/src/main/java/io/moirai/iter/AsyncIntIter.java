package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The asynchronous terminals of a {@link IntIter}: each starts the evaluation in the bound context
 * and returns at once with a stage that completes with the result, or with the pipeline's
 * failure. Cancelling the stage's {@link CompletionStage#toCompletableFuture() future} stops the
 * work.
 *
 * <pre>{@code
 * CompletionStage<Long> n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).async().count();
 * }</pre>
 */
public final class AsyncIntIter {

    private final Pipeline pipeline;

    AsyncIntIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * As {@link IntIter#sum()}.
     *
     * @return the stage of the sum
     */
    public CompletionStage<Integer> sum() {
        return pipeline.runAsync(Terminals.intSum());
    }

    /**
     * As {@link IntIter#min()}.
     *
     * @return the stage of the least element
     */
    public CompletionStage<OptionalInt> min() {
        return pipeline.runAsync(Terminals.intExtreme(false));
    }

    /**
     * As {@link IntIter#max()}.
     *
     * @return the stage of the greatest element
     */
    public CompletionStage<OptionalInt> max() {
        return pipeline.runAsync(Terminals.intExtreme(true));
    }

    /**
     * As {@link IntIter#average()}.
     *
     * @return the stage of the mean
     */
    public CompletionStage<java.util.OptionalDouble> average() {
        return pipeline.runAsync(Terminals.intAverage());
    }

    /**
     * As {@link IntIter#count()}.
     *
     * @return the stage of the count
     */
    public CompletionStage<Long> count() {
        return pipeline.runAsync(Terminals.count(Kind.INT));
    }

    /**
     * As {@link IntIter#toArray()}.
     *
     * @return the stage of the array
     */
    public CompletionStage<int[]> toArray() {
        return pipeline.runAsync(Terminals.intToArray());
    }

    /**
     * As {@link IntIter#reduce(int, IntBinaryOperator)}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<Integer> reduce(int identity, IntBinaryOperator op) {
        return pipeline.runAsync(Terminals.intReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link IntIter#reduce(IntBinaryOperator)}.
     *
     * @param op the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<OptionalInt> reduce(IntBinaryOperator op) {
        return pipeline.runAsync(Terminals.intReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link IntIter#forEach(IntConsumer)}.
     *
     * @param action the action
     * @return the stage that completes when every element has been seen
     * @throws NullPointerException if {@code action} is null
     */
    public CompletionStage<Void> forEach(IntConsumer action) {
        return pipeline.runAsync(Terminals.intForEach(Objects.requireNonNull(action, "action")));
    }
}
