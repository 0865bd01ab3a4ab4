package io.moirai.concurrent;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The sequential behaviour the Lincheck tests check the queues against: a FIFO queue whose
 * {@code offer} fails exactly when it holds {@code capacity} elements. Each test subclasses it
 * with its capacity, since Lincheck makes specifications with their no-argument constructor.
 * Lincheck compares it with the test class by the operations' names, parameters and results;
 * it also needs {@code equals} and {@code hashCode} of states.
 */
public abstract class BoundedQueueSpecification {

    private final int capacity;
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();

    protected BoundedQueueSpecification(int capacity) {
        this.capacity = capacity;
    }

    public boolean offer(int value) {
        if (queue.size() == capacity) {
            return false;
        }
        queue.addLast(value);
        return true;
    }

    public Integer poll() {
        return queue.pollFirst();
    }

    public Integer peek() {
        return queue.peekFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundedQueueSpecification other && capacity == other.capacity
                && queue.stream().toList().equals(other.queue.stream().toList());
    }

    @Override
    public int hashCode() {
        return Objects.hash(capacity, queue.stream().toList());
    }
}
