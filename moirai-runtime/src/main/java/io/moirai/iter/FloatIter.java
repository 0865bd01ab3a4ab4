package io.moirai.iter;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A pipeline over floats: like {@link Iter}, without boxing. Numeric terminals over a plain array
 * or range with no stage use {@link io.moirai.simd.Simd} kernels (or a closed form for ranges),
 * chunk by chunk in the parallel contexts.
 *
 * <pre>{@code
 * float total = Iter.of(values).map(x -> x * 2).filter(x -> x > 0)
 *         .on(ExecutionContext.parallel(runtime)).sum();
 * }</pre>
 */
public final class FloatIter {

    /** A float to float function. */
    @FunctionalInterface
    public interface FloatUnaryOperator {
        /**
         * Applies the function.
         *
         * @param value the operand
         * @return the result
         */
        float applyAsFloat(float value);
    }

    /** A test of a float. */
    @FunctionalInterface
    public interface FloatPredicate {
        /**
         * Tests the value.
         *
         * @param value the operand
         * @return whether it matches
         */
        boolean test(float value);
    }

    /** An action on a float. */
    @FunctionalInterface
    public interface FloatConsumer {
        /**
         * Performs the action.
         *
         * @param value the operand
         */
        void accept(float value);
    }

    /**
     * A float to object function.
     *
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface FloatFunction<R> {
        /**
         * Applies the function.
         *
         * @param value the operand
         * @return the result
         */
        R apply(float value);
    }

    /** An associative combination of two floats. */
    @FunctionalInterface
    public interface FloatBinaryOperator {
        /**
         * Applies the operation.
         *
         * @param left  the left operand
         * @param right the right operand
         * @return the result
         */
        float applyAsFloat(float left, float right);
    }

    /**
     * An object to float function.
     *
     * @param <T> the operand type
     */
    @FunctionalInterface
    public interface ToFloatFunction<T> {
        /**
         * Applies the function.
         *
         * @param value the operand
         * @return the result
         */
        float applyAsFloat(T value);
    }

    final Pipeline pipeline;

    FloatIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * This pipeline bound to {@code context}.
     *
     * @param context where to evaluate
     * @return the bound pipeline
     * @throws NullPointerException if {@code context} is null
     */
    public FloatIter on(ExecutionContext context) {
        return new FloatIter(pipeline.on(context));
    }

    /**
     * The asynchronous terminals of this pipeline in its bound context.
     *
     * @return the asynchronous view
     */
    public AsyncFloatIter async() {
        return new AsyncFloatIter(pipeline);
    }

    /**
     * Applies {@code mapper} to each element.
     *
     * @param mapper the function
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public FloatIter map(FloatUnaryOperator mapper) {
        return new FloatIter(pipeline.then(Op.floatMap(Objects.requireNonNull(mapper, "mapper"))));
    }

    /**
     * Keeps the elements that match {@code predicate}.
     *
     * @param predicate the test
     * @return the extended pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    public FloatIter filter(FloatPredicate predicate) {
        return new FloatIter(pipeline.then(Op.floatFilter(Objects.requireNonNull(predicate, "predicate"))));
    }

    /**
     * Calls {@code action} with each element as it passes (in any order in the parallel contexts).
     *
     * @param action the action
     * @return the extended pipeline
     * @throws NullPointerException if {@code action} is null
     */
    public FloatIter peek(FloatConsumer action) {
        return new FloatIter(pipeline.then(Op.floatPeek(Objects.requireNonNull(action, "action"))));
    }

    /**
     * The first {@code maxSize} elements in encounter order, in every context.
     *
     * @param maxSize how many elements to keep
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public FloatIter limit(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new FloatIter(pipeline.then(Op.limit(Kind.FLOAT, maxSize)));
    }

    /**
     * Maps each element to an object.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the object pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public <R> Iter<R> mapToObj(FloatFunction<? extends R> mapper) {
        return new Iter<>(pipeline.then(Op.floatToObj(Objects.requireNonNull(mapper, "mapper"), "mapToObj")));
    }

    /**
     * Boxes each element.
     *
     * @return the object pipeline
     */
    public Iter<Float> boxed() {
        return new Iter<>(pipeline.then(Op.floatToObj((FloatFunction<Float>) Float::valueOf, "boxed")));
    }

    /**
     * Widens each element to a double.
     *
     * @return the double pipeline
     */
    public DoubleIter asDoubleIter() {
        return new DoubleIter(pipeline.then(Op.floatAsDouble()));
    }

    /**
     * The sum, in float arithmetic, in an unspecified order: it differs from a sequential loop's sum by at most n·ε·Σ|x| (ε = 2^-24).
     *
     * @return the sum, 0 for no elements
     */
    public float sum() {
        return pipeline.run(Terminals.floatSum());
    }

    /**
     * The least element (an {@link OptionalDouble}, since the JDK has no OptionalFloat; it holds the float exactly).
     *
     * @return the least element, empty for no elements
     */
    public OptionalDouble min() {
        return pipeline.run(Terminals.floatExtreme(false));
    }

    /**
     * The greatest element (an {@link OptionalDouble}, since the JDK has no OptionalFloat; it holds the float exactly).
     *
     * @return the greatest element, empty for no elements
     */
    public OptionalDouble max() {
        return pipeline.run(Terminals.floatExtreme(true));
    }

    /**
     * The arithmetic mean.
     *
     * @return the mean, empty for no elements
     */
    public java.util.OptionalDouble average() {
        return pipeline.run(Terminals.floatAverage());
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public long count() {
        return pipeline.run(Terminals.count(Kind.FLOAT));
    }

    /**
     * The elements in encounter order.
     *
     * @return a new array
     */
    public float[] toArray() {
        return pipeline.run(Terminals.floatToArray());
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
    public float reduce(float identity, FloatBinaryOperator op) {
        return pipeline.run(Terminals.floatReduce(identity, Objects.requireNonNull(op, "op")));
    }

    /**
     * Reduces the elements with an associative {@code op}.
     *
     * @param op the associative operation
     * @return the reduction, empty for no elements
     * @throws NullPointerException if {@code op} is null
     */
    public OptionalDouble reduce(FloatBinaryOperator op) {
        return pipeline.run(Terminals.floatReduce(Objects.requireNonNull(op, "op")));
    }

    /**
     * Calls {@code action} for each element: in order in the sequential context, in any order
     * and from several threads in the parallel ones.
     *
     * @param action the action
     * @throws NullPointerException if {@code action} is null
     */
    public void forEach(FloatConsumer action) {
        pipeline.run(Terminals.floatForEach(Objects.requireNonNull(action, "action")));
    }

    @Override
    public String toString() {
        return "FloatIter" + new Evaluation<>(pipeline.source, pipeline.ops, null).stages() + " on " + pipeline.context;
    }
}
