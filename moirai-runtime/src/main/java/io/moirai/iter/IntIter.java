package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A pipeline over ints: like {@link Iter}, without boxing. Numeric terminals over a plain array
 * or range with no stage use {@link io.moirai.simd.Simd} kernels (or a closed form for ranges),
 * chunk by chunk in the parallel contexts.
 *
 * <pre>{@code
 * int total = Iter.of(values).map(x -> x * 2).filter(x -> x > 0)
 *         .on(ExecutionContext.parallel(runtime)).sum();
 * }</pre>
 */
public final class IntIter {

    final Pipeline pipeline;

    IntIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * This pipeline bound to {@code context}.
     *
     * @param context where to evaluate
     * @return the bound pipeline
     * @throws NullPointerException if {@code context} is null
     */
    public IntIter on(ExecutionContext context) {
        return new IntIter(pipeline.on(context));
    }

    /**
     * The asynchronous terminals of this pipeline in its bound context.
     *
     * @return the asynchronous view
     */
    public AsyncIntIter async() {
        return new AsyncIntIter(pipeline);
    }

    /**
     * Applies {@code mapper} to each element.
     *
     * @param mapper the function
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public IntIter map(IntUnaryOperator mapper) {
        return new IntIter(pipeline.then(Op.intMap(Objects.requireNonNull(mapper, "mapper"))));
    }

    /**
     * Keeps the elements that match {@code predicate}.
     *
     * @param predicate the test
     * @return the extended pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    public IntIter filter(IntPredicate predicate) {
        return new IntIter(pipeline.then(Op.intFilter(Objects.requireNonNull(predicate, "predicate"))));
    }

    /**
     * Calls {@code action} with each element as it passes (in any order in the parallel contexts).
     *
     * @param action the action
     * @return the extended pipeline
     * @throws NullPointerException if {@code action} is null
     */
    public IntIter peek(IntConsumer action) {
        return new IntIter(pipeline.then(Op.intPeek(Objects.requireNonNull(action, "action"))));
    }

    /**
     * The first {@code maxSize} elements in encounter order, in every context.
     *
     * @param maxSize how many elements to keep
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public IntIter limit(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new IntIter(pipeline.then(Op.limit(Kind.INT, maxSize)));
    }

    /**
     * Maps each element to an object.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the object pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public <R> Iter<R> mapToObj(IntFunction<? extends R> mapper) {
        return new Iter<>(pipeline.then(Op.intToObj(Objects.requireNonNull(mapper, "mapper"), "mapToObj")));
    }

    /**
     * Boxes each element.
     *
     * @return the object pipeline
     */
    public Iter<Integer> boxed() {
        return new Iter<>(pipeline.then(Op.intToObj((IntFunction<Integer>) Integer::valueOf, "boxed")));
    }

    /**
     * Widens each element to a long.
     *
     * @return the long pipeline
     */
    public LongIter asLongIter() {
        return new LongIter(pipeline.then(Op.intAsLong()));
    }

    /**
     * Widens each element to a double.
     *
     * @return the double pipeline
     */
    public DoubleIter asDoubleIter() {
        return new DoubleIter(pipeline.then(Op.intAsDouble()));
    }

    /**
     * The sum, wrapping on overflow as int addition does.
     *
     * @return the sum, 0 for no elements
     */
    public int sum() {
        return pipeline.run(Terminals.intSum());
    }

    /**
     * The least element.
     *
     * @return the least element, empty for no elements
     */
    public OptionalInt min() {
        return pipeline.run(Terminals.intExtreme(false));
    }

    /**
     * The greatest element.
     *
     * @return the greatest element, empty for no elements
     */
    public OptionalInt max() {
        return pipeline.run(Terminals.intExtreme(true));
    }

    /**
     * The arithmetic mean.
     *
     * @return the mean, empty for no elements
     */
    public java.util.OptionalDouble average() {
        return pipeline.run(Terminals.intAverage());
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public long count() {
        return pipeline.run(Terminals.count(Kind.INT));
    }

    /**
     * The elements in encounter order.
     *
     * @return a new array
     */
    public int[] toArray() {
        return pipeline.run(Terminals.intToArray());
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
    public int reduce(int identity, IntBinaryOperator op) {
        return pipeline.run(Terminals.intReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * Reduces the elements with an associative {@code op}.
     *
     * @param op the associative operation
     * @return the reduction, empty for no elements
     * @throws NullPointerException if {@code op} is null
     */
    public OptionalInt reduce(IntBinaryOperator op) {
        return pipeline.run(Terminals.intReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * Calls {@code action} for each element: in order in the sequential context, in any order
     * and from several threads in the parallel ones.
     *
     * @param action the action
     * @throws NullPointerException if {@code action} is null
     */
    public void forEach(IntConsumer action) {
        pipeline.run(Terminals.intForEach(Objects.requireNonNull(action, "action")));
    }

    @Override
    public String toString() {
        return "IntIter" + new Evaluation<>(pipeline.source, pipeline.ops, null).stages() + " on " + pipeline.context;
    }
}
