package io.moirai.hazelcast;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that returns a value and can run on another member: a {@link Callable} that is
 * {@link Serializable}, so that a lambda given where one is expected is serializable with no
 * cast. {@code cluster.executor().submit(() -> 42L)} picks this type.
 *
 * <p>The task travels as bytes (Java serialization) and the receiving member deserializes it
 * through its allow-list (see {@link ClusterOptions}); what it captures must be serializable and
 * of an allowed class, and so must its result.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface RemoteCallable<T> extends Callable<T>, Serializable {
}
