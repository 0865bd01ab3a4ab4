package io.moirai.iter;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collector;

/**
 * The asynchronous terminals of an {@link Iter}: each starts the evaluation in the bound context
 * and returns at once with a stage that completes with the result, or with the pipeline's
 * failure (a shut-down runtime: {@link java.util.concurrent.RejectedExecutionException}).
 * Cancelling the stage's {@link CompletionStage#toCompletableFuture() future} stops the work:
 * chunks not started are skipped and blocking-lane tasks in flight are interrupted.
 *
 * <pre>{@code
 * CompletionStage<List<Row>> rows = Iter.of(ids).mapBlocking(repo::load)
 *         .on(ExecutionContext.hybrid(runtime)).async().toList();
 * }</pre>
 *
 * @param <T> the element type
 */
public final class AsyncIter<T> {

    private final Pipeline pipeline;

    AsyncIter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * As {@link Iter#toList()}.
     *
     * @return the stage of the list
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<List<T>> toList() {
        return (CompletionStage<List<T>>) (CompletionStage<?>) pipeline.runAsync(Terminals.toList());
    }

    /**
     * As {@link Iter#reduce(Object, SerializableBinaryOperator)}.
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<T> reduce(T identity, SerializableBinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        return (CompletionStage<T>) pipeline.runAsync(Terminals.reduce(identity, (BinaryOperator<Object>) op));
    }

    /**
     * As {@link Iter#reduce(SerializableBinaryOperator)}.
     *
     * @param op the associative operation
     * @return the stage of the reduction
     * @throws NullPointerException if {@code op} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<T>> reduce(SerializableBinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        return (CompletionStage<Optional<T>>) (CompletionStage<?>) pipeline.runAsync(
                Terminals.reduce((BinaryOperator<Object>) op));
    }

    /**
     * As {@link Iter#collect(Collector)}.
     *
     * @param collector the collector
     * @param <A>       its accumulation type
     * @param <R>       its result type
     * @return the stage of the result
     * @throws NullPointerException if {@code collector} is null
     */
    @SuppressWarnings("unchecked")
    public <A, R> CompletionStage<R> collect(Collector<? super T, A, R> collector) {
        Objects.requireNonNull(collector, "collector");
        return pipeline.runAsync(Terminals.collect((Collector<Object, A, R>) collector));
    }

    /**
     * As {@link Iter#forEach(Consumer)}.
     *
     * @param action the action
     * @return the stage that completes when every element has been seen
     * @throws NullPointerException if {@code action} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return pipeline.runAsync(Terminals.forEach((Consumer<Object>) action));
    }

    /**
     * As {@link Iter#count()}.
     *
     * @return the stage of the count
     */
    public CompletionStage<Long> count() {
        return pipeline.runAsync(Terminals.count(Kind.OBJ));
    }

    /**
     * As {@link Iter#min(SerializableComparator)}.
     *
     * @param comparator the order
     * @return the stage of the least element
     * @throws NullPointerException if {@code comparator} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<T>> min(SerializableComparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return (CompletionStage<Optional<T>>) (CompletionStage<?>) pipeline.runAsync(
                Terminals.reduce("min", Terminals.minBy((Comparator<Object>) comparator)));
    }

    /**
     * As {@link Iter#max(SerializableComparator)}.
     *
     * @param comparator the order
     * @return the stage of the greatest element
     * @throws NullPointerException if {@code comparator} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<T>> max(SerializableComparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return (CompletionStage<Optional<T>>) (CompletionStage<?>) pipeline.runAsync(
                Terminals.reduce("max", Terminals.maxBy((Comparator<Object>) comparator)));
    }

    /**
     * As {@link Iter#anyMatch(SerializablePredicate)}.
     *
     * @param predicate the test
     * @return the stage of the answer
     * @throws NullPointerException if {@code predicate} is null
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Boolean> anyMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.runAsync(Terminals.anyMatch((Predicate<Object>) predicate));
    }

    /**
     * As {@link Iter#allMatch(SerializablePredicate)}.
     *
     * @param predicate the test
     * @return the stage of the answer
     * @throws NullPointerException if {@code predicate} is null
     */
    public CompletionStage<Boolean> allMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.runAsync(Terminals.allMatch(objects(predicate)));
    }

    /**
     * As {@link Iter#noneMatch(SerializablePredicate)}.
     *
     * @param predicate the test
     * @return the stage of the answer
     * @throws NullPointerException if {@code predicate} is null
     */
    public CompletionStage<Boolean> noneMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.runAsync(Terminals.noneMatch(objects(predicate)));
    }

    @SuppressWarnings("unchecked")
    private static Predicate<Object> objects(Predicate<?> predicate) {
        return (Predicate<Object>) predicate;
    }

    /**
     * As {@link Iter#findFirst()}.
     *
     * @return the stage of the first element
     */
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<T>> findFirst() {
        return (CompletionStage<Optional<T>>) (CompletionStage<?>) pipeline.runAsync(Terminals.findFirst());
    }
}
