package io.moirai.iter;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that is {@link Serializable}: what {@code peek} takes ({@code c::accept} for a
 * variable {@code Consumer c}).
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
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {
}
