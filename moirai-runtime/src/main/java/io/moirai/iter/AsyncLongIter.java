package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The asynchronous terminals of a {@link LongIter}: each starts the evaluation in the bound context
 * and returns at once with a stage that completes with the result, or with the pipeline's
 * failure. Cancelling the stage's {@link CompletionStage#toCompletableFuture() future} stops the
 * work.
 *
 * <pre>{@code
 * CompletionStage<Long> n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).async().count();
 * }</pre>
 */
public final class AsyncLongIter {

    private final Pipeline pipeline;

    AsyncLongIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * As {@link LongIter#sum()}.
     *
     * @return the stage of the sum
     */
    public CompletionStage<Long> sum() {
        return pipeline.runAsync(Terminals.longSum());
    }

    /**
     * As {@link LongIter#min()}.
     *
     * @return the stage of the least element
     */
    public CompletionStage<OptionalLong> min() {
        return pipeline.runAsync(Terminals.longExtreme(false));
    }

    /**
     * As {@link LongIter#max()}.
     *
     * @return the stage of the greatest element
     */
    public CompletionStage<OptionalLong> max() {
        return pipeline.runAsync(Terminals.longExtreme(true));
    }

    /**
     * As {@link LongIter#average()}.
     *
     * @return the stage of the mean
     */
    public CompletionStage<java.util.OptionalDouble> average() {
        return pipeline.runAsync(Terminals.longAverage());
    }

    /**
     * As {@link LongIter#count()}.
     *
     * @return the stage of the count
     */
    public CompletionStage<Long> count() {
        return pipeline.runAsync(Terminals.count(Kind.LONG));
    }

    /**
     * As {@link LongIter#toArray()}.
     *
     * @return the stage of the array
     */
    public CompletionStage<long[]> toArray() {
        return pipeline.runAsync(Terminals.longToArray());
    }

    /**
     * As {@link LongIter#reduce(long, LongBinaryOperator)}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<Long> reduce(long identity, LongBinaryOperator op) {
        return pipeline.runAsync(Terminals.longReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link LongIter#reduce(LongBinaryOperator)}.
     *
     * @param op the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public CompletionStage<OptionalLong> reduce(LongBinaryOperator op) {
        return pipeline.runAsync(Terminals.longReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * As {@link LongIter#forEach(LongConsumer)}.
     *
     * @param action the action
     * @return the stage that completes when every element has been seen
     * @throws NullPointerException if {@code action} is null
     */
    public CompletionStage<Void> forEach(LongConsumer action) {
        return pipeline.runAsync(Terminals.longForEach(Objects.requireNonNull(action, "action")));
    }
}
