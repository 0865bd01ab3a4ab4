package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;

/**
 * The argument check that the locks' condition-monitoring methods share, with the JDK locks'
 * outcomes: {@code null} is refused, and so is a condition of another lock.
 */
final class OwnConditions {

    private OwnConditions() {
    }

    /**
     * {@code condition} as a condition of {@code sync}.
     *
     * @throws NullPointerException     if {@code condition} is null
     * @throws IllegalArgumentException if {@code condition} was not made by {@code sync}
     */
    static AbstractQueuedSynchronizer.ConditionObject of(AbstractQueuedSynchronizer sync, Condition condition) {
        Objects.requireNonNull(condition, "condition");
        if (!(condition instanceof AbstractQueuedSynchronizer.ConditionObject c) || !sync.owns(c)) {
            throw new IllegalArgumentException("not a condition of this lock");
        }
        return c;
    }
}
