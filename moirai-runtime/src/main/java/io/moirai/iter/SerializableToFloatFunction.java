package io.moirai.iter;

import java.io.Serializable;

/**
 * A {@link FloatIter.ToFloatFunction} that is {@link Serializable}: what {@code mapToFloat} takes.
 *
 * <p>One of the serializable functional types of {@link Iter}'s stages and terminals, so that a
 * distributed {@link ExecutionContext} can send a pipeline to another JVM. A lambda or method
 * reference given where this type is expected is serializable with no cast, and serializes when
 * what it captures does; {@link Evaluation#requireSerializable()} checks that before any work
 * is sent.
 *
 * @param <T> the operand type
 */
@FunctionalInterface
public interface SerializableToFloatFunction<T> extends FloatIter.ToFloatFunction<T>, Serializable {
}
