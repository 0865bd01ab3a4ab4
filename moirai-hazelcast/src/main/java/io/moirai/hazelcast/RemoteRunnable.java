package io.moirai.hazelcast;

import java.io.Serializable;

/**
 * A task without a result that can run on another member: a {@link Runnable} that is
 * {@link Serializable}, so that a lambda given where one is expected is serializable with no
 * cast. The same rules as for {@link RemoteCallable} apply to what it captures.
 */
@FunctionalInterface
public interface RemoteRunnable extends Runnable, Serializable {
}
