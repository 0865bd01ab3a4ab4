package com.example.payload;

import io.moirai.hazelcast.RemoteCallable;
import java.io.Serializable;

/**
 * A value of a package outside {@code java.*} and {@code io.moirai.*}, which a cluster's
 * allow-list refuses unless told otherwise.
 *
 * @param cents the amount
 */
public record Money(long cents) implements Serializable {

    /**
     * A remote task of this package that answers with a {@link Money}.
     *
     * @param cents the amount
     * @return the task
     */
    public static RemoteCallable<Money> task(long cents) {
        return new Pay(cents);
    }

    private record Pay(long cents) implements RemoteCallable<Money> {
        @Override
        public Money call() {
            return new Money(this.cents);
        }
    }
}
