package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * A pipeline over doubles: like {@link Iter}, without boxing. Numeric terminals over a plain array
 * or range with no stage use {@link io.moirai.simd.Simd} kernels (or a closed form for ranges),
 * chunk by chunk in the parallel contexts.
 *
 * <pre>{@code
 * double total = Iter.of(values).map(x -> x * 2).filter(x -> x > 0)
 *         .on(ExecutionContext.parallel(runtime)).sum();
 * }</pre>
 */
public final class DoubleIter {

    final Pipeline pipeline;

    DoubleIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * This pipeline bound to {@code context}.
     *
     * @param context where to evaluate
     * @return the bound pipeline
     * @throws NullPointerException if {@code context} is null
     */
    public DoubleIter on(ExecutionContext context) {
        return new DoubleIter(pipeline.on(context));
    }

    /**
     * The asynchronous terminals of this pipeline in its bound context.
     *
     * @return the asynchronous view
     */
    public AsyncDoubleIter async() {
        return new AsyncDoubleIter(pipeline);
    }

    /**
     * Applies {@code mapper} to each element.
     *
     * @param mapper the function
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public DoubleIter map(DoubleUnaryOperator mapper) {
        return new DoubleIter(pipeline.then(Op.doubleMap(Objects.requireNonNull(mapper, "mapper"))));
    }

    /**
     * Keeps the elements that match {@code predicate}.
     *
     * @param predicate the test
     * @return the extended pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    public DoubleIter filter(DoublePredicate predicate) {
        return new DoubleIter(pipeline.then(Op.doubleFilter(Objects.requireNonNull(predicate, "predicate"))));
    }

    /**
     * Calls {@code action} with each element as it passes (in any order in the parallel contexts).
     *
     * @param action the action
     * @return the extended pipeline
     * @throws NullPointerException if {@code action} is null
     */
    public DoubleIter peek(DoubleConsumer action) {
        return new DoubleIter(pipeline.then(Op.doublePeek(Objects.requireNonNull(action, "action"))));
    }

    /**
     * The first {@code maxSize} elements in encounter order, in every context.
     *
     * @param maxSize how many elements to keep
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public DoubleIter limit(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new DoubleIter(pipeline.then(Op.limit(Kind.DOUBLE, maxSize)));
    }

    /**
     * Maps each element to an object.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the object pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public <R> Iter<R> mapToObj(DoubleFunction<? extends R> mapper) {
        return new Iter<>(pipeline.then(Op.doubleToObj(Objects.requireNonNull(mapper, "mapper"), "mapToObj")));
    }

    /**
     * Boxes each element.
     *
     * @return the object pipeline
     */
    public Iter<Double> boxed() {
        return new Iter<>(pipeline.then(Op.doubleToObj((DoubleFunction<Double>) Double::valueOf, "boxed")));
    }

    /**
     * The sum, in an unspecified order and without compensation: it differs from a sequential loop's sum by at most n·ε·Σ|x| (ε = 2^-53).
     *
     * @return the sum, 0 for no elements
     */
    public double sum() {
        return pipeline.run(Terminals.doubleSum());
    }

    /**
     * The least element.
     *
     * @return the least element, empty for no elements
     */
    public OptionalDouble min() {
        return pipeline.run(Terminals.doubleExtreme(false));
    }

    /**
     * The greatest element.
     *
     * @return the greatest element, empty for no elements
     */
    public OptionalDouble max() {
        return pipeline.run(Terminals.doubleExtreme(true));
    }

    /**
     * The arithmetic mean.
     *
     * @return the mean, empty for no elements
     */
    public java.util.OptionalDouble average() {
        return pipeline.run(Terminals.doubleAverage());
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public long count() {
        return pipeline.run(Terminals.count(Kind.DOUBLE));
    }

    /**
     * The elements in encounter order.
     *
     * @return a new array
     */
    public double[] toArray() {
        return pipeline.run(Terminals.doubleToArray());
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
    public double reduce(double identity, DoubleBinaryOperator op) {
        return pipeline.run(Terminals.doubleReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * Reduces the elements with an associative {@code op}.
     *
     * @param op the associative operation
     * @return the reduction, empty for no elements
     * @throws NullPointerException if {@code op} is null
     */
    public OptionalDouble reduce(DoubleBinaryOperator op) {
        return pipeline.run(Terminals.doubleReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * Calls {@code action} for each element: in order in the sequential context, in any order
     * and from several threads in the parallel ones.
     *
     * @param action the action
     * @throws NullPointerException if {@code action} is null
     */
    public void forEach(DoubleConsumer action) {
        pipeline.run(Terminals.doubleForEach(Objects.requireNonNull(action, "action")));
    }

    @Override
    public String toString() {
        return "DoubleIter" + new Evaluation<>(pipeline.source, pipeline.ops, null).stages() + " on " + pipeline.context;
    }
}
