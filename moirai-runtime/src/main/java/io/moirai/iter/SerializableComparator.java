package io.moirai.iter;

import java.io.Serializable;
import java.util.Comparator;

/**
 * A {@link Comparator} that is {@link Serializable}: what {@code min} and {@code max} take
 * ({@code Integer::compare}, {@code (a, b) -> a.length() - b.length()},
 * {@link #comparing comparing(Order::total)}, {@link #naturalOrder()}; {@code c::compare} for a
 * variable {@code Comparator c}).
 *
 * <p>One of the serializable functional types of {@link Iter}'s stages and terminals, so that a
 * distributed {@link ExecutionContext} can send a pipeline to another JVM. A lambda or method
 * reference given where this type is expected is serializable with no cast, and serializes when
 * what it captures does; {@link Evaluation#requireSerializable()} checks that before any work
 * is sent.
 *
 * @param <T> the type compared
 */
@FunctionalInterface
public interface SerializableComparator<T> extends Comparator<T>, Serializable {

    /**
     * The natural order, as {@link Comparator#naturalOrder()}: {@code iter.min(naturalOrder())}.
     *
     * @param <T> the type compared
     * @return the comparator
     */
    static <T extends Comparable<? super T>> SerializableComparator<T> naturalOrder() {
        return Comparable::compareTo;
    }

    /**
     * The order of a key, as {@link Comparator#comparing(java.util.function.Function)}:
     * {@code iter.max(comparing(Order::total))}.
     *
     * @param key the key of an element
     * @param <T> the type compared
     * @param <U> the key type
     * @return the comparator, serializable when {@code key} is
     * @throws NullPointerException if {@code key} is null
     */
    static <T, U extends Comparable<? super U>> SerializableComparator<T> comparing(
            SerializableFunction<? super T, ? extends U> key) {
        java.util.Objects.requireNonNull(key, "key");
        return (a, b) -> key.apply(a).compareTo(key.apply(b));
    }
}
