package io.moirai.iter;

import io.moirai.channel.ReceiveChannel;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collector;

/**
 * A pipeline over objects: an immutable description of a source and stages that an
 * {@link ExecutionContext} evaluates when a terminal operation is called. The same pipeline can
 * be evaluated again, in any context, and gives the same result (encounter order kept).
 *
 * <pre>{@code
 * List<Row> rows = Iter.of(ids).map(this::parse).filter(Row::valid)
 *         .mapBlocking(repo::enrich)                       // may block: runs on the blocking lane
 *         .on(ExecutionContext.hybrid(runtime)).toList();  // or sequential(), parallel(runtime)
 * CompletionStage<Long> n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).async().count();   // never blocks the caller
 * }</pre>
 *
 * <p>Null elements flow as in {@code java.util.stream}: sources and {@code map} may produce them,
 * {@link #toList()}, {@link #collect}, {@link #forEach}, {@link #count()} take them, and
 * {@link #reduce(SerializableBinaryOperator)}, {@link #min}, {@link #max} and {@link #findFirst()} throw
 * {@link NullPointerException} when the element they would return is null. A {@code flatMap}
 * function returning null contributes nothing.
 *
 * <p>Functions given to stages must be non-interfering and, in the parallel contexts, safe to call
 * from several threads at once; {@code peek} and {@code forEach} actions run in any order there.
 * When an element's function throws, the evaluation fails with that exception (the first one if
 * several elements fail; the others are dropped) and the remaining work stops. Interrupting the
 * thread that called a blocking terminal cancels the evaluation in every context, the sequential
 * one included (unlike a {@code Stream}): the terminal throws
 * {@link java.util.concurrent.CancellationException} with the interrupt status kept.
 *
 * <p>Stages and terminals take serializable functional types ({@link SerializableFunction},
 * {@link SerializablePredicate}, ...), so that a context may run parts of the pipeline in
 * another JVM: a lambda or method reference is serializable as written, and a function held in a
 * variable of a plain type is passed as a method reference ({@code map(f::apply)}). Only a
 * context that sends parts elsewhere needs them to serialize; it checks before sending anything
 * ({@link Evaluation#requireSerializable()}). {@link #forEach} and {@link #collect} take a plain
 * action and collector, which such a context runs on the caller.
 *
 * @param <T> the element type
 */
public final class Iter<T> implements Iterable<T> {

    private static final Iter<?> EMPTY = new Iter<>(Pipeline.of(new Source.ObjArray(new Object[0])));

    final Pipeline pipeline;

    Iter(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    // ---- sources ---------------------------------------------------------------------------

    /**
     * The elements of a collection, in its iteration order. A random-access list is read by
     * index (and split by index in the parallel contexts); other collections are traversed.
     * The collection is read when a terminal runs, not copied now.
     *
     * @param collection the source
     * @param <T>        the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code collection} is null
     */
    public static <T> Iter<T> of(Collection<? extends T> collection) {
        Objects.requireNonNull(collection, "collection");
        return new Iter<>(Pipeline.of(collection instanceof List<?> list && collection instanceof RandomAccess
                ? new Source.IndexedList(list) : new Source.OfIterable(collection)));
    }

    /**
     * The elements of an iterable, in its iteration order; traversed afresh by each terminal.
     *
     * @param iterable the source
     * @param <T>      the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code iterable} is null
     */
    public static <T> Iter<T> of(Iterable<? extends T> iterable) {
        Objects.requireNonNull(iterable, "iterable");
        if (iterable instanceof Collection<? extends T> collection) {
            return of(collection);
        }
        return new Iter<>(Pipeline.of(new Source.OfIterable(iterable)));
    }

    /**
     * The elements of an array, in index order. The array is read when a terminal runs.
     *
     * @param array the source
     * @param <T>   the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code array} is null
     */
    public static <T> Iter<T> of(T[] array) {
        return new Iter<>(Pipeline.of(new Source.ObjArray(Objects.requireNonNull(array, "array"))));
    }

    /**
     * The elements of a spliterator, in its order. A spliterator can be traversed once, so a
     * pipeline over one can be evaluated once; a second terminal throws
     * {@link IllegalStateException}. This is also how other sources (channels, for example) feed
     * a pipeline.
     *
     * @param spliterator the source
     * @param <T>         the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code spliterator} is null
     */
    public static <T> Iter<T> of(Spliterator<T> spliterator) {
        return new Iter<>(Pipeline.of(new Source.OfSpliterator(Objects.requireNonNull(spliterator, "spliterator"))));
    }

    /**
     * The elements a channel delivers, in the order it delivers them, until it is closed and
     * drained. Elements are received as the pipeline needs them, waiting for senders while the
     * channel is empty; in the parallel contexts one thread at a time receives, and the elements
     * are processed in parallel. A pipeline over a channel can be evaluated once. If the thread
     * reading the channel is interrupted, the evaluation fails with
     * {@link java.util.concurrent.CancellationException} and the interrupt flag is set again.
     *
     * <p><b>What a terminal takes from the channel.</b> A terminal that uses every element
     * (toList, count, forEach, ...) receives until the channel is closed, so on a channel that
     * stays open use {@code limit}, a short-circuiting terminal or {@code .async()}. In every
     * context {@code limit(n)} receives no more than n elements, and {@code findFirst()} no more
     * than one, when only stages that keep one output per input come before them ({@code map},
     * {@code mapBlocking}, {@code peek}, {@code mapToInt} and the other kind conversions;
     * {@code chunked(s).limit(k)} receives no more than k × s): the rest stays in the channel,
     * and the terminal returns once that many are buffered, though the channel stays open. The
     * sequential context also receives nothing past the element that decides
     * {@code findFirst}, {@code anyMatch}, {@code allMatch}, {@code noneMatch} or a {@code limit}
     * after a {@code filter} or {@code flatMap}. The parallel contexts cannot foresee those: their
     * threads receive one element at a time, so when the result is decided, the elements after
     * the deciding one that other threads had already received (at most one each when every later
     * element decides too) have gone through the stages before the terminal and are not in the
     * result, nor in the channel. A thread waiting for an element when the result is decided, or
     * the evaluation fails or is cancelled, stops waiting without taking one; elements received
     * and not yet processed when it fails or is cancelled are dropped.
     *
     * <pre>{@code
     * Channel<Order> orders = Channels.bounded(128);
     * List<Order> firstTen = Iter.of(orders).map(this::validate).limit(10)
     *         .on(ExecutionContext.parallel(runtime)).toList();          // receives 10; the rest stay in orders
     * CompletionStage<Long> large = Iter.of(orders).filter(o -> o.total() > 1_000)
     *         .on(ExecutionContext.parallel(runtime)).async().count();   // the rest; completes once orders is closed
     * }</pre>
     *
     * @param channel the source
     * @param <T>     the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code channel} is null
     */
    public static <T> Iter<T> of(ReceiveChannel<? extends T> channel) {
        return new Iter<>(Pipeline.of(new Source.OfChannel(Objects.requireNonNull(channel, "channel"))));
    }

    /**
     * The elements of a partitioned source: partition 0's, then partition 1's, and so on. The
     * local contexts read them one partition at a time; a context that places parts by where
     * their data lives splits by partition (see {@link Evaluation#partitionedSource()}).
     *
     * @param source the source
     * @param <T>    the element type
     * @return a pipeline over it
     * @throws NullPointerException     if {@code source} is null
     * @throws IllegalArgumentException if its partition count is negative
     */
    public static <T> Iter<T> of(PartitionedSource<? extends T> source) {
        int partitions = Objects.requireNonNull(source, "source").partitionCount();
        if (partitions < 0) {
            throw new IllegalArgumentException("partitionCount() must not be negative, was " + partitions);
        }
        return new Iter<>(Pipeline.of(new Source.OfPartitions(source, 0, partitions)));
    }

    /**
     * The ints of an array; numeric terminals over it use {@link io.moirai.simd.Simd}.
     *
     * @param array the source
     * @return a pipeline over it
     * @throws NullPointerException if {@code array} is null
     */
    public static IntIter of(int[] array) {
        return new IntIter(Pipeline.of(new IntSources.Array(Objects.requireNonNull(array, "array"))));
    }

    /**
     * The longs of an array; numeric terminals over it use {@link io.moirai.simd.Simd}.
     *
     * @param array the source
     * @return a pipeline over it
     * @throws NullPointerException if {@code array} is null
     */
    public static LongIter of(long[] array) {
        return new LongIter(Pipeline.of(new LongSources.Array(Objects.requireNonNull(array, "array"))));
    }

    /**
     * The floats of an array; numeric terminals over it use {@link io.moirai.simd.Simd}.
     *
     * @param array the source
     * @return a pipeline over it
     * @throws NullPointerException if {@code array} is null
     */
    public static FloatIter of(float[] array) {
        return new FloatIter(Pipeline.of(new FloatSources.Array(Objects.requireNonNull(array, "array"))));
    }

    /**
     * The doubles of an array; numeric terminals over it use {@link io.moirai.simd.Simd}.
     *
     * @param array the source
     * @return a pipeline over it
     * @throws NullPointerException if {@code array} is null
     */
    public static DoubleIter of(double[] array) {
        return new DoubleIter(Pipeline.of(new DoubleSources.Array(Objects.requireNonNull(array, "array"))));
    }

    /**
     * The ints {@code from} (inclusive) to {@code to} (exclusive); empty when {@code to <= from}.
     *
     * @param from the first int
     * @param to   the int after the last
     * @return a pipeline over the range
     */
    public static IntIter range(int from, int to) {
        return new IntIter(Pipeline.of(new IntSources.Range(from, Math.max(0, (long) to - from))));
    }

    /**
     * The longs {@code from} (inclusive) to {@code to} (exclusive); empty when {@code to <= from}.
     *
     * @param from the first long
     * @param to   the long after the last
     * @return a pipeline over the range
     * @throws IllegalArgumentException if the range holds more than {@code Long.MAX_VALUE} longs
     */
    public static LongIter range(long from, long to) {
        long size = to - from;
        if (to > from && size < 0) {
            throw new IllegalArgumentException("range too large: from " + from + " to " + to);
        }
        return new LongIter(Pipeline.of(new LongSources.Range(from, Math.max(0, size))));
    }

    /**
     * No elements.
     *
     * @param <T> the element type
     * @return an empty pipeline
     */
    @SuppressWarnings("unchecked")
    public static <T> Iter<T> empty() {
        return (Iter<T>) EMPTY;
    }

    // ---- context ---------------------------------------------------------------------------

    /**
     * This pipeline bound to {@code context}: its terminals (and those of pipelines built from
     * it) are evaluated there.
     *
     * @param context where to evaluate
     * @return the bound pipeline
     * @throws NullPointerException if {@code context} is null
     */
    public Iter<T> on(ExecutionContext context) {
        return new Iter<>(pipeline.on(context));
    }

    /**
     * This pipeline with {@code listener} told of its evaluations' progress in chunks.
     *
     * @param listener the listener
     * @return the pipeline with the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public Iter<T> withProgress(ProgressListener listener) {
        return new Iter<>(pipeline.withProgress(listener));
    }

    /**
     * The asynchronous terminals of this pipeline in its bound context.
     *
     * @return the asynchronous view
     */
    public AsyncIter<T> async() {
        return new AsyncIter<>(pipeline);
    }

    // ---- stages ----------------------------------------------------------------------------

    /**
     * Applies {@code mapper} to each element.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public <R> Iter<R> map(SerializableFunction<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Iter<>(pipeline.then(Op.map((Function<Object, Object>) mapper)));
    }

    /**
     * Keeps the elements that match {@code predicate}.
     *
     * @param predicate the test
     * @return the extended pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    @SuppressWarnings("unchecked")
    public Iter<T> filter(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Iter<>(pipeline.then(Op.filter((Predicate<Object>) predicate)));
    }

    /**
     * Replaces each element by the elements of the iterable {@code mapper} returns (another
     * {@code Iter} works too: it is an iterable, evaluated in its own context). A null iterable
     * contributes nothing.
     *
     * @param mapper the function
     * @param <R>    the result element type
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public <R> Iter<R> flatMap(SerializableFunction<? super T, ? extends Iterable<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Iter<>(pipeline.then(Op.flatMap((Function<Object, ? extends Iterable<?>>) (Function<?, ?>) mapper)));
    }

    /**
     * Applies {@code mapper}, which may block (I/O, locks, sleeps), to each element. The parallel
     * contexts run it on the runtime's blocking lane; the sequential context inline.
     *
     * @param mapper the function
     * @param <R>    the result type
     * @return the extended pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public <R> Iter<R> mapBlocking(SerializableFunction<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Iter<>(pipeline.then(Op.mapBlocking((Function<Object, Object>) mapper)));
    }

    /**
     * Calls {@code action} with each element as it passes (in any order in the parallel contexts).
     *
     * @param action the action
     * @return the extended pipeline
     * @throws NullPointerException if {@code action} is null
     */
    @SuppressWarnings("unchecked")
    public Iter<T> peek(SerializableConsumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return new Iter<>(pipeline.then(Op.peek((Consumer<Object>) action)));
    }

    /**
     * The first {@code maxSize} elements in encounter order, in every context.
     *
     * @param maxSize how many elements to keep
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public Iter<T> limit(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new Iter<>(pipeline.then(Op.limit(Kind.OBJ, maxSize)));
    }

    /**
     * Groups consecutive elements into unmodifiable lists of {@code size}; the last may be
     * shorter.
     *
     * @param size the elements per list
     * @return the extended pipeline
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public Iter<List<T>> chunked(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        return new Iter<>(pipeline.then(Op.chunked(size)));
    }

    /**
     * Maps each element to an int.
     *
     * @param mapper the function
     * @return the int pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public IntIter mapToInt(SerializableToIntFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new IntIter(pipeline.then(IntOps.fromObj((ToIntFunction<Object>) mapper)));
    }

    /**
     * Maps each element to a long.
     *
     * @param mapper the function
     * @return the long pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public LongIter mapToLong(SerializableToLongFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new LongIter(pipeline.then(LongOps.fromObj((ToLongFunction<Object>) mapper)));
    }

    /**
     * Maps each element to a float.
     *
     * @param mapper the function
     * @return the float pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public FloatIter mapToFloat(SerializableToFloatFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new FloatIter(pipeline.then(FloatOps.fromObj((FloatIter.ToFloatFunction<Object>) mapper)));
    }

    /**
     * Maps each element to a double.
     *
     * @param mapper the function
     * @return the double pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    @SuppressWarnings("unchecked")
    public DoubleIter mapToDouble(SerializableToDoubleFunction<? super T> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new DoubleIter(pipeline.then(DoubleOps.fromObj((ToDoubleFunction<Object>) mapper)));
    }

    // ---- terminals -------------------------------------------------------------------------

    /**
     * The elements in encounter order, as an unmodifiable list (which may hold nulls).
     *
     * @return the list
     */
    @SuppressWarnings("unchecked")
    public List<T> toList() {
        return (List<T>) pipeline.run(Terminals.toList());
    }

    /**
     * Reduces the elements with an associative {@code op} from {@code identity}, which must be an
     * identity of {@code op} (each chunk starts from it).
     *
     * @param identity the identity
     * @param op       the associative operation
     * @return the reduction
     * @throws NullPointerException if {@code op} is null
     */
    @SuppressWarnings("unchecked")
    public T reduce(T identity, SerializableBinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        return (T) pipeline.run(Terminals.reduce(identity, (BinaryOperator<Object>) op));
    }

    /**
     * Reduces the elements with an associative {@code op}.
     *
     * @param op the associative operation
     * @return the reduction, empty for no elements
     * @throws NullPointerException if {@code op} is null, or the reduction is null
     */
    @SuppressWarnings("unchecked")
    public Optional<T> reduce(SerializableBinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        return (Optional<T>) (Optional<?>) pipeline.run(Terminals.reduce((BinaryOperator<Object>) op));
    }

    /**
     * Collects the elements with {@code collector}; chunks are combined in encounter order, so an
     * ordered collector sees the elements in order.
     *
     * @param collector the collector
     * @param <A>       its accumulation type
     * @param <R>       its result type
     * @return the result
     * @throws NullPointerException if {@code collector} is null
     */
    @SuppressWarnings("unchecked")
    public <A, R> R collect(Collector<? super T, A, R> collector) {
        Objects.requireNonNull(collector, "collector");
        return pipeline.run(Terminals.collect((Collector<Object, A, R>) collector));
    }

    /**
     * Calls {@code action} for each element: in encounter order in the sequential context, in any
     * order and from several threads in the parallel ones (like {@code Stream.forEach}).
     *
     * @param action the action
     * @throws NullPointerException if {@code action} is null
     */
    @Override
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        pipeline.run(Terminals.forEach((Consumer<Object>) action));
    }

    /**
     * The number of elements.
     *
     * @return the count
     */
    public long count() {
        return pipeline.run(Terminals.count(Kind.OBJ));
    }

    /**
     * The least element by {@code comparator}; the first of equal ones.
     *
     * @param comparator the order
     * @return the least element, empty for no elements
     * @throws NullPointerException if {@code comparator} is null, or the least element is null
     */
    @SuppressWarnings("unchecked")
    public Optional<T> min(SerializableComparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return (Optional<T>) (Optional<?>) pipeline.run(
                Terminals.reduce("min", Terminals.minBy((Comparator<Object>) comparator)));
    }

    /**
     * The greatest element by {@code comparator}; the first of equal ones.
     *
     * @param comparator the order
     * @return the greatest element, empty for no elements
     * @throws NullPointerException if {@code comparator} is null, or the greatest element is null
     */
    @SuppressWarnings("unchecked")
    public Optional<T> max(SerializableComparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return (Optional<T>) (Optional<?>) pipeline.run(
                Terminals.reduce("max", Terminals.maxBy((Comparator<Object>) comparator)));
    }

    /**
     * Whether some element matches; stops at the first match.
     *
     * @param predicate the test
     * @return true when one matches
     * @throws NullPointerException if {@code predicate} is null
     */
    @SuppressWarnings("unchecked")
    public boolean anyMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.run(Terminals.anyMatch((Predicate<Object>) predicate));
    }

    /**
     * Whether every element matches; stops at the first that does not.
     *
     * @param predicate the test
     * @return true when all match (and for no elements)
     * @throws NullPointerException if {@code predicate} is null
     */
    @SuppressWarnings("unchecked")
    public boolean allMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.run(Terminals.allMatch((Predicate<Object>) predicate));
    }

    /**
     * Whether no element matches; stops at the first that does.
     *
     * @param predicate the test
     * @return true when none matches
     * @throws NullPointerException if {@code predicate} is null
     */
    @SuppressWarnings("unchecked")
    public boolean noneMatch(SerializablePredicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return pipeline.run(Terminals.noneMatch((Predicate<Object>) predicate));
    }

    /**
     * The first element in encounter order, in every context; stops once it is known.
     *
     * @return the first element, empty for no elements
     * @throws NullPointerException if the first element is null
     */
    @SuppressWarnings("unchecked")
    public Optional<T> findFirst() {
        return (Optional<T>) (Optional<?>) pipeline.run(Terminals.findFirst());
    }

    /**
     * The elements, evaluated in the bound context into a list, in encounter order.
     *
     * @return an iterator over {@link #toList()}
     */
    @Override
    public Iterator<T> iterator() {
        return toList().iterator();
    }

    @Override
    public String toString() {
        return "Iter" + new Evaluation<>(pipeline.source, pipeline.ops, null).stages() + " on " + pipeline.context;
    }
}
