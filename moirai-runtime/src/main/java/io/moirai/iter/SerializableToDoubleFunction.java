package io.moirai.iter;

import java.io.Serializable;
import java.util.function.ToDoubleFunction;

/**
 * A {@link ToDoubleFunction} that is {@link Serializable}: what {@code mapToDouble} takes.
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
public interface SerializableToDoubleFunction<T> extends ToDoubleFunction<T>, Serializable {
}
