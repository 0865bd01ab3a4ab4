package io.moirai.concurrent;

import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A queue that passes messages between threads, with who may call what in the name of each
 * implementation: {@link SpscArrayQueue}, {@link MpscArrayQueue}, {@link MpmcArrayQueue} and
 * {@link MpscUnboundedQueue}.
 *
 * <pre>{@code
 * MessageQueue<Event> events = new MpscArrayQueue<>(1024);   // any thread offers, one thread polls
 * if (!events.offer(event)) {                               // producer: false when full
 *     dropped++;
 * }
 * int handled = events.drain(this::handle, 64);             // consumer: a batch, oldest first
 * }</pre>
 *
 * <h2>Producers and consumers</h2>
 * A <em>producer</em> method adds elements: {@link #offer}, {@link #add}, {@link #addAll},
 * {@link #relaxedOffer} and {@link #fill}. A <em>consumer</em> method removes or looks at the
 * head: {@link #poll}, {@link #remove()}, {@link #element}, {@link #peek}, {@link #relaxedPoll},
 * {@link #relaxedPeek}, {@link #drain} and {@link #clear}. The prefix of the class name says how
 * many threads may call each kind at the same time: {@code Spsc} one producer and one consumer,
 * {@code Mpsc} any number of producers and one consumer, {@code Mpmc} any number of each. "One"
 * means one at a time: calls from different threads are fine when each happens-before the next
 * (handing the role over through a lock or a {@code volatile} write, say). Calling a consumer
 * method of an {@code Spsc} or {@code Mpsc} queue from two threads at once is a misuse that
 * nothing detects; it loses or duplicates elements. Every other method may be called by any
 * thread at any time.
 *
 * <h2>Strict and relaxed operations</h2>
 * {@link #offer} returns {@code false} only when the queue was full, and {@link #poll} and
 * {@link #peek} return {@code null} only when it was empty, at some moment during the call. To
 * keep that promise they may wait, spinning, for another thread that is in the middle of an
 * operation: a consumer that finds the next element claimed but not yet written waits until its
 * producer writes it (on {@link MpscUnboundedQueue} also until it links the chunk that holds
 * it), and an {@code Mpmc} producer that finds the next slot still being emptied waits until its
 * consumer is done. So a consumer that has just seen {@link #isEmpty()} return {@code false}
 * gets an element from {@code poll} and {@code peek}. {@link #relaxedOffer}, {@link #relaxedPoll} and
 * {@link #relaxedPeek} never wait for another thread: they report the queue full or empty
 * instead, so they may fail spuriously while another thread is mid-operation. Use them in loops
 * that retry anyway; a {@code null} from {@code relaxedPoll} does not mean the queue is empty.
 *
 * <h2>Relaxed {@link java.util.Collection} methods</h2>
 * Each queue extends {@link java.util.AbstractQueue} and keeps the {@link Queue} contract, but
 * the methods that look at the whole queue cannot be exact while other threads change it:
 * <ul>
 *   <li>{@link #size()} is an estimate: it is never negative, never exceeds the capacity of a
 *       bounded queue (nor {@link Integer#MAX_VALUE}), and it is exact when no thread is changing
 *       the queue. It counts
 *       elements whose offer has claimed a place but not yet finished, so it may count an
 *       element that {@code poll} cannot return yet. {@link #isEmpty()} is the same estimate,
 *       and is cheaper. Any thread may call both.</li>
 *   <li>{@link #iterator()} is weakly consistent: it never throws
 *       {@link java.util.ConcurrentModificationException}, returns elements oldest first, each
 *       at most once, every element it returns was in the queue at some moment after the
 *       iterator was created, and it returns every element that stays in the queue throughout
 *       the iteration and whose offer had finished when the iterator was created. It may or may
 *       not return elements added or removed meanwhile. Its {@code remove()} throws
 *       {@link UnsupportedOperationException}. {@link #contains}, {@link #toArray()},
 *       {@code toString} and {@link #forEach} go through it and are weakly consistent too;
 *       {@link #spliterator()} is the iterator's, {@code CONCURRENT}, {@code ORDERED} and
 *       {@code NONNULL} but not {@code SIZED}. Any thread may call them.</li>
 *   <li>{@link #remove(Object)}, {@link #removeAll}, {@link #retainAll} and {@link #removeIf}
 *       always throw {@link UnsupportedOperationException}: removing from the middle would need
 *       a lock or a consumer's rights.</li>
 *   <li>{@link #clear()} polls until {@code poll} returns {@code null}: a consumer method.
 *       {@link #addAll} offers the elements one by one, a producer method; it throws
 *       {@link IllegalStateException} at the first one that does not fit and keeps the ones
 *       before.</li>
 *   <li>{@code equals} and {@code hashCode} are identity-based, as for every
 *       {@link java.util.AbstractQueue}.</li>
 * </ul>
 * No queue accepts {@code null}: every method that adds an element throws
 * {@link NullPointerException} for one.
 *
 * @param <E> the type of elements
 */
public interface MessageQueue<E> extends Queue<E> {

    /** What {@link #capacity()} returns for a queue without a bound: {@value}. */
    int UNBOUNDED = -1;

    /**
     * Returns the most elements the queue holds: the capacity given to its constructor rounded
     * up to a power of two, or {@link #UNBOUNDED}. Any thread.
     *
     * @return the capacity, or {@link #UNBOUNDED}
     */
    int capacity();

    /**
     * Adds an element at the tail unless the queue is full. Producer method.
     *
     * @param e the element
     * @return {@code true} if it was added, {@code false} if the queue was full at some moment
     *         during the call
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @Override
    boolean offer(E e);

    /**
     * Removes and returns the element at the head. Consumer method.
     *
     * <p>May wait, spinning, for a producer that has claimed the head's place but not yet written
     * the element: it returns {@code null} only when the queue was empty.
     *
     * @return the oldest element, or {@code null} if the queue was empty at some moment during
     *         the call
     */
    @Override
    E poll();

    /**
     * Returns the element at the head without removing it. Consumer method, except on an
     * {@code Mpmc} queue, where any thread may call it.
     *
     * @return the oldest element, or {@code null} if the queue was empty at some moment during
     *         the call
     */
    @Override
    E peek();

    /**
     * Adds an element unless the queue is full or looks full because another thread is in the
     * middle of an operation on the place it needs. Producer method; never waits for another
     * thread.
     *
     * @param e the element
     * @return {@code true} if it was added; {@code false} if the queue was full, or possibly
     *         when it was not
     * @throws NullPointerException if {@code e} is {@code null}
     */
    boolean relaxedOffer(E e);

    /**
     * Removes and returns the head unless the queue is empty or looks empty because the head is
     * still being written. Consumer method; never waits for another thread.
     *
     * @return the oldest element, or {@code null} if the queue was empty, or possibly when it
     *         was not
     */
    E relaxedPoll();

    /**
     * Returns the head without removing it, unless the queue is empty or looks empty because
     * the head is still being written. Consumer method (any thread on an {@code Mpmc} queue);
     * never waits for another thread.
     *
     * @return the oldest element, or {@code null} if the queue was empty, or possibly when it
     *         was not
     */
    E relaxedPeek();

    /**
     * Removes elements until the queue looks empty and hands each to {@code sink}, oldest
     * first. Consumer method; the same as {@link #drain(Consumer, int)} with a limit of
     * {@link #capacity()}, or {@link Integer#MAX_VALUE} for an unbounded queue, so that it
     * returns on a bounded queue even when producers keep refilling it.
     *
     * @param sink receives each element
     * @return the number of elements handed to {@code sink}
     * @throws NullPointerException if {@code sink} is {@code null}
     */
    int drain(Consumer<? super E> sink);

    /**
     * Removes up to {@code limit} elements and hands each to {@code sink}, oldest first,
     * stopping early when the queue looks empty (as {@link #relaxedPoll} sees it). Consumer
     * method; never waits for another thread.
     *
     * <p>If {@code sink} throws, the element it was given counts as removed, the exception
     * propagates, and the elements not yet removed stay in the queue.
     *
     * @param sink  receives each element
     * @param limit the most elements to remove, at least 0
     * @return the number of elements handed to {@code sink}
     * @throws NullPointerException     if {@code sink} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    int drain(Consumer<? super E> sink, int limit);

    /**
     * Adds up to {@code limit} elements taken from {@code supplier}, stopping early when the
     * queue is full. Producer method.
     *
     * <p>The queue claims a place before it asks {@code supplier} for the element that fills it
     * (several places at once, where the algorithm allows), so {@code supplier} is called
     * exactly as many times as elements are added. A claimed place must be filled: except on
     * {@link SpscArrayQueue}, which claims nothing before the element is in hand, a supplier
     * that returns {@code null} or throws leaves a claimed place empty for good, and consumers
     * then wait at it forever ({@code poll} spins, {@code relaxedPoll} returns {@code null}).
     * Like calling {@code poll} from two threads on an {@code Mpsc} queue, this is a misuse that
     * is documented, not detected: give {@code fill} a supplier that cannot fail, or use
     * {@link #offer}.
     *
     * @param supplier gives each element; must not return {@code null} or throw
     * @param limit    the most elements to add, at least 0
     * @return the number of elements added
     * @throws NullPointerException     if {@code supplier} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    int fill(Supplier<? extends E> supplier, int limit);
}
