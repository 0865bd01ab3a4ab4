package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A pipeline over longs: like {@link Iter}, without boxing. Numeric terminals over a plain array
 * or range with no stage use {@link io.moirai.simd.Simd} kernels (or a closed form for ranges),
 * chunk by chunk in the parallel contexts.
 *
 * <pre>{@code
 * long total = Iter.of(values).map(x -> x * 2).filter(x -> x > 0)
 *         .on(ExecutionContext.parallel(runtime)).sum();
 * }</pre>
 */
public final class LongIter {

    final Pipeline pipeline;

    LongIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * This pipeline bound to {@code context}.
     *
     * @param context where to evaluate
     * @return the bound pipeline
     * @throws NullPointerException if {@code context} is null
     */
    public LongIter on(ExecutionContext context) {
        return new LongIter(pipeline.on(context));
    }

    /**
     * The asynchronous terminals of this pipeline in its bound context.
     *
     * @return the asynchronous view
     */
    public AsyncLongIter async() {
        return new AsyncLongIter(pipeline);
    }

    /**
     * Applies {@code mapper} to each element.
     *
     * @param mapper the function
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public LongIter map(LongUnaryOperator mapper) {
        return new LongIter(pipeline.then(Op.longMap(Objects.requireNonNull(mapper, "mapper"))));
    }

    /**
     * Keeps the elements that match {@code predicate}.
     *
     * @param predicate the test
     * @return the extended pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    public LongIter filter(LongPredicate predicate) {
        return new LongIter(pipeline.then(Op.longFilter(Objects.requireNonNull(predicate, "predicate"))));
    }

    /**
     * Calls {@code action} with each element as it passes (in any order in the parallel contexts).
     *
     * @param action the action
     * @return the extended pipeline
     * @throws NullPointerException if {@code action} is null
     */
    public LongIter peek(LongConsumer action) {
        return new LongIter(pipeline.then(Op.longPeek(Objects.requireNonNull(action, "action"))));
    }

    /**
     * The first {@code maxSize} elements in encounter order, in every context.
     *
     * @param maxSize how many elements to keep
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public LongIter limit(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new LongIter(pipeline.then(Op.limit(Kind.LONG, maxSize)));
    }

    /**
     * Maps each element to an object.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the object pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public <R> Iter<R> mapToObj(LongFunction<? extends R> mapper) {
        return new Iter<>(pipeline.then(Op.longToObj(Objects.requireNonNull(mapper, "mapper"), "mapToObj")));
    }

    /**
     * Boxes each element.
     *
     * @return the object pipeline
     */
    public Iter<Long> boxed() {
        return new Iter<>(pipeline.then(Op.longToObj((LongFunction<Long>) Long::valueOf, "boxed")));
    }

    /**
     * Widens each element to a double.
     *
     * @return the double pipeline
     */
    public DoubleIter asDoubleIter() {
        return new DoubleIter(pipeline.then(Op.longAsDouble()));
    }

    /**
     * The sum, wrapping on overflow as long addition does.
     *
     * @return the sum, 0 for no elements
     */
    public long sum() {
        return pipeline.run(Terminals.longSum());
    }

    /**
     * The least element.
     *
     * @return the least element, empty for no elements
     */
    public OptionalLong min() {
        return pipeline.run(Terminals.longExtreme(false));
    }

    /**
     * The greatest element.
     *
     * @return the greatest element, empty for no elements
     */
    public OptionalLong max() {
        return pipeline.run(Terminals.longExtreme(true));
    }

    /**
     * The arithmetic mean.
     *
     * @return the mean, empty for no elements
     */
    public java.util.OptionalDouble average() {
        return pipeline.run(Terminals.longAverage());
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public long count() {
        return pipeline.run(Terminals.count(Kind.LONG));
    }

    /**
     * The elements in encounter order.
     *
     * @return a new array
     */
    public long[] toArray() {
        return pipeline.run(Terminals.longToArray());
    }

    /**
     * Reduces the elements with an associative {@code op} from {@code identity}, which must be
     * an identity of {@code op}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the reduction
     * @throws NullPointerException if {@code op} is null
     */
    public long reduce(long identity, LongBinaryOperator op) {
        return pipeline.run(Terminals.longReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * Reduces the elements with an associative {@code op}.
     *
     * @param op the associative operation
     * @return the reduction, empty for no elements
     * @throws NullPointerException if {@code op} is null
     */
    public OptionalLong reduce(LongBinaryOperator op) {
        return pipeline.run(Terminals.longReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * Calls {@code action} for each element: in order in the sequential context, in any order
     * and from several threads in the parallel ones.
     *
     * @param action the action
     * @throws NullPointerException if {@code action} is null
     */
    public void forEach(LongConsumer action) {
        pipeline.run(Terminals.longForEach(Objects.requireNonNull(action, "action")));
    }

    @Override
    public String toString() {
        return "LongIter" + new Evaluation<>(pipeline.source, pipeline.ops, null).stages() + " on " + pipeline.context;
    }
}
