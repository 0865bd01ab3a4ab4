package io.moirai.concurrent;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the four {@link MessageQueue}s share and is off their hot paths: argument checks, the
 * size estimate, the relaxed {@link java.util.Collection} methods and the iterator's skeleton.
 * It declares no field, so that each queue's padding starts right after the object header.
 *
 * <p>The hot methods ({@code offer}, {@code poll}, {@code drain}, {@code fill}) are written out in
 * each queue rather than shared here: a shared method's call sites would see all four queues and
 * the JIT would not inline them.
 *
 * @param <E> the type of elements
 */
abstract class AbstractMessageQueue<E> extends AbstractQueue<E> implements MessageQueue<E> {

    /** The largest capacity, and chunk size, a queue accepts: 2<sup>30</sup>. */
    static final int MAXIMUM_CAPACITY = 1 << 30;

    /**
     * {@code value} rounded up to a power of two.
     *
     * @param name  the argument's name, for the message
     * @param value the argument
     * @throws IllegalArgumentException if {@code value} is less than 1 or greater than
     *         2<sup>30</sup>
     */
    static int roundUpToPowerOfTwo(String name, int value) {
        if (value < 1 || value > MAXIMUM_CAPACITY) {
            throw new IllegalArgumentException(name + " must be between 1 and " + MAXIMUM_CAPACITY
                    + ", was " + value);
        }
        return value == 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
    }

    /**
     * Unused elements before the first slot and after the last one of each array queue's arrays:
     * 128 bytes or more, so that no slot shares a cache line with the array's header, whose
     * length every bounds check of both sides reads, or with the next object in memory. Without
     * them, writing the first slots would, once per lap, take the header's line away from the
     * other side.
     */
    static final int PAD = 32;

    /** The array position of index {@code i}'s slot in an array queue whose capacity is {@code mask + 1}. */
    static int slot(long i, int mask) {
        return PAD + ((int) i & mask);
    }

    /** Checks the limit of {@code drain} or {@code fill}. */
    static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    /** The next index a producer claims, read with a volatile load. */
    abstract long producerIndexVolatile();

    /** The next index the consumers take, read with a volatile load. */
    abstract long consumerIndexVolatile();

    /** The largest value {@link #size()} returns. */
    abstract int sizeBound();

    /**
     * An estimate of the number of elements; see {@link MessageQueue}. Any thread.
     *
     * <p>Reads the consumer index, the producer index and the consumer index again, until the
     * two consumer reads agree, so that the difference comes from one moment when no consumer
     * moved in between (producers only make it larger, which the bound caps). As in JCTools,
     * it retries as long as consumers keep moving between its reads.
     *
     * @return the number of elements, between 0 and the capacity
     */
    @Override
    public int size() {
        long after = consumerIndexVolatile();
        for (;;) {
            long before = after;
            long producer = producerIndexVolatile();
            after = consumerIndexVolatile();
            if (before == after) {
                return (int) Math.clamp(producer - after, 0L, sizeBound());
            }
        }
    }

    /**
     * Whether the queue looks empty: an estimate in the sense of {@link #size()}. Any thread.
     *
     * @return {@code true} if no producer had claimed a place past the consumers' index
     */
    @Override
    public boolean isEmpty() {
        long consumer = consumerIndexVolatile();         // lv: first, so that the producer index read next is not older
        return producerIndexVolatile() <= consumer;
    }

    /** Drains with a limit of the capacity, or {@link Integer#MAX_VALUE} when unbounded. */
    @Override
    public int drain(Consumer<? super E> sink) {
        int capacity = capacity();
        return drain(sink, capacity == UNBOUNDED ? Integer.MAX_VALUE : capacity);
    }

    /**
     * Not supported: removing from the middle needs a consumer's rights or a lock.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException("remove(Object): " + getClass().getSimpleName()
                + " removes only at the head");
    }

    /**
     * Not supported, as {@link #remove(Object)}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean removeAll(Collection<?> c) {
        throw new UnsupportedOperationException("removeAll: " + getClass().getSimpleName()
                + " removes only at the head");
    }

    /**
     * Not supported, as {@link #remove(Object)}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean retainAll(Collection<?> c) {
        throw new UnsupportedOperationException("retainAll: " + getClass().getSimpleName()
                + " removes only at the head");
    }

    /**
     * Not supported, as {@link #remove(Object)}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        throw new UnsupportedOperationException("removeIf: " + getClass().getSimpleName()
                + " removes only at the head");
    }

    /**
     * The weakly consistent iterator's spliterator: {@code CONCURRENT}, {@code ORDERED},
     * {@code NONNULL}, and not {@code SIZED}, since the size is an estimate.
     */
    @Override
    public Spliterator<E> spliterator() {
        return Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.CONCURRENT | Spliterator.ORDERED | Spliterator.NONNULL);
    }

    /**
     * The skeleton of every queue's iterator: it walks the indices from the consumers' index to
     * the producers' index, both read when it is created, and asks the queue for the element
     * each one holds. It reads one element ahead, so {@link #hasNext()} needs no shared read.
     *
     * @param <E> the type of elements
     */
    abstract static class WeakIterator<E> implements Iterator<E> {

        /** The next index to look at. */
        long index;
        /** One past the last index to look at: the producers' index when the iterator was made. */
        final long end;
        private E next;

        WeakIterator(AbstractMessageQueue<?> queue) {
            this.index = queue.consumerIndexVolatile();   // lv, lv: start no later than end
            this.end = queue.producerIndexVolatile();
        }

        /**
         * The element at {@link #index} if it is still in the queue (or {@code null}), after
         * which the caller moves on; may move {@link #index} forward past taken elements.
         */
        abstract E elementAt(long i);

        /** Reads the first element ahead; the queue calls it once the subclass's fields are set. */
        final WeakIterator<E> start() {
            advance();
            return this;
        }

        private void advance() {
            E e = null;
            while (e == null && index < end) {
                long i = index++;
                e = elementAt(i);
            }
            next = e;
        }

        @Override
        public final boolean hasNext() {
            return next != null;
        }

        @Override
        public final E next() {
            E e = next;
            if (e == null) {
                throw new NoSuchElementException();
            }
            advance();
            return e;
        }
    }
}
