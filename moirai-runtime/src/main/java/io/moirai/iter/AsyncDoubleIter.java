package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * The asynchronous terminals of a {@link DoubleIter}: each starts the evaluation in the bound context
 * and returns at once with a stage that completes with the result, or with the pipeline's
 * failure. Cancelling the stage's {@link CompletionStage#toCompletableFuture() future} stops the
 * work.
 *
 * <pre>{@code
 * CompletionStage<Long> n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).async().count();
 * }</pre>
 */
public final class AsyncDoubleIter {

    private final Pipeline pipeline;

    AsyncDoubleIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * As {@link DoubleIter#sum()}.
     *
     * @return the stage of the sum
     */
    public CompletionStage<Double> sum() {
        return pipeline.runAsync(Terminals.doubleSum());
    }

    /**
     * As {@link DoubleIter#min()}.
     *
     * @return the stage of the least element
     */
    public CompletionStage<OptionalDouble> min() {
        return pipeline.runAsync(Terminals.doubleExtreme(false));
    }

    /**
     * As {@link DoubleIter#max()}.
     *
     * @return the stage of the greatest element
     */
    public CompletionStage<OptionalDouble> max() {
        return pipeline.runAsync(Terminals.doubleExtreme(true));
    }

    /**
     * As {@link DoubleIter#average()}.
     *
     * @return the stage of the mean
     */
    public CompletionStage<java.util.OptionalDouble> average() {
        return pipeline.runAsync(Terminals.doubleAverage());
    }

    /**
     * As {@link DoubleIter#count()}.
     *
     * @return the stage of the count
     */
    public CompletionStage<Long> count() {
        return pipeline.runAsync(Terminals.count(Kind.DOUBLE));
    }

    /**
     * As {@link DoubleIter#toArray()}.
     *
     * @return the stage of the array
     */
    public CompletionStage<double[]> toArray() {
        return pipeline.runAsync(Terminals.doubleToArray());
    }

    /**
     * As {@link DoubleIter#reduce(double, DoubleBinaryOperator)}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<Double> reduce(double identity, DoubleBinaryOperator op) {
        return pipeline.runAsync(Terminals.doubleReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link DoubleIter#reduce(DoubleBinaryOperator)}.
     *
     * @param op the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<OptionalDouble> reduce(DoubleBinaryOperator op) {
        return pipeline.runAsync(Terminals.doubleReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link DoubleIter#forEach(DoubleConsumer)}.
     *
     * @param action the action
     * @return the stage that completes when every element has been seen
     * @throws NullPointerException if {@code action} is null
     */
    public CompletionStage<Void> forEach(DoubleConsumer action) {
        return pipeline.runAsync(Terminals.doubleForEach(Objects.requireNonNull(action, "action")));
    }
}
