package io.moirai.iter;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that is {@link Serializable}: what {@code map}, {@code flatMap} and
 * {@code mapBlocking} take ({@code iter.map(x -> x + 1)}; {@code f::apply} for a variable
 * {@code Function f}).
 *
 * <p>One of the serializable functional types of {@link Iter}'s stages and terminals, so that a
 * distributed {@link ExecutionContext} can send a pipeline to another JVM. A lambda or method
 * reference given where this type is expected is serializable with no cast, and serializes when
 * what it captures does; {@link Evaluation#requireSerializable()} checks that before any work
 * is sent.
 *
 * @param <T> the operand type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
