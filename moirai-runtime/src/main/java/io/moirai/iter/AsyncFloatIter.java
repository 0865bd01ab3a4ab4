package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous terminals of a {@link FloatIter}: each starts the evaluation in the bound context
 * and returns at once with a stage that completes with the result, or with the pipeline's
 * failure. Cancelling the stage's {@link CompletionStage#toCompletableFuture() future} stops the
 * work.
 *
 * <pre>{@code
 * CompletionStage<Long> n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).async().count();
 * }</pre>
 */
public final class AsyncFloatIter {

    private final Pipeline pipeline;

    AsyncFloatIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * As {@link FloatIter#sum()}.
     *
     * @return the stage of the sum
     */
    public CompletionStage<Float> sum() {
        return pipeline.runAsync(Terminals.floatSum());
    }

    /**
     * As {@link FloatIter#min()}.
     *
     * @return the stage of the least element
     */
    public CompletionStage<OptionalDouble> min() {
        return pipeline.runAsync(Terminals.floatExtreme(false));
    }

    /**
     * As {@link FloatIter#max()}.
     *
     * @return the stage of the greatest element
     */
    public CompletionStage<OptionalDouble> max() {
        return pipeline.runAsync(Terminals.floatExtreme(true));
    }

    /**
     * As {@link FloatIter#average()}.
     *
     * @return the stage of the mean
     */
    public CompletionStage<java.util.OptionalDouble> average() {
        return pipeline.runAsync(Terminals.floatAverage());
    }

    /**
     * As {@link FloatIter#count()}.
     *
     * @return the stage of the count
     */
    public CompletionStage<Long> count() {
        return pipeline.runAsync(Terminals.count(Kind.FLOAT));
    }

    /**
     * As {@link FloatIter#toArray()}.
     *
     * @return the stage of the array
     */
    public CompletionStage<float[]> toArray() {
        return pipeline.runAsync(Terminals.floatToArray());
    }

    /**
     * As {@link FloatIter#reduce(float, FloatIter.FloatBinaryOperator)}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<Float> reduce(float identity, FloatIter.FloatBinaryOperator op) {
        return pipeline.runAsync(Terminals.floatReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link FloatIter#reduce(FloatIter.FloatBinaryOperator)}.
     *
     * @param op the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<OptionalDouble> reduce(FloatIter.FloatBinaryOperator op) {
        return pipeline.runAsync(Terminals.floatReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link FloatIter#forEach(FloatIter.FloatConsumer)}.
     *
     * @param action the action
     * @return the stage that completes when every element has been seen
     * @throws NullPointerException if {@code action} is null
     */
    public CompletionStage<Void> forEach(FloatIter.FloatConsumer action) {
        return pipeline.runAsync(Terminals.floatForEach(Objects.requireNonNull(action, "action")));
    }
}
