package io.moirai.iter;

import java.io.Serializable;
import java.util.function.BinaryOperator;

/**
 * A {@link BinaryOperator} that is {@link Serializable}: what {@code reduce} takes
 * ({@code Integer::sum}; {@code op::apply} for a variable {@code BinaryOperator op}).
 *
 * <p>One of the serializable functional types of {@link Iter}'s stages and terminals, so that a
 * distributed {@link ExecutionContext} can send a pipeline to another JVM. A lambda or method
 * reference given where this type is expected is serializable with no cast, and serializes when
 * what it captures does; {@link Evaluation#requireSerializable()} checks that before any work
 * is sent.
 *
 * @param <T> the operand and result type
 */
@FunctionalInterface
public interface SerializableBinaryOperator<T> extends BinaryOperator<T>, Serializable {
}
