package io.moirai.concurrent;

/**
 * Single-threaded contract tests of {@link MpmcArrayQueue}; see {@link BoundedQueueContractTest}.
 * Run with {@code ./mvnw -pl moirai-runtime -am test -Dtest=MpmcArrayQueueTest}.
 */
class MpmcArrayQueueTest extends BoundedQueueContractTest {

    @Override
    MessageQueue<Integer> newQueue(int capacity) {
        return new MpmcArrayQueue<>(capacity);
    }
}
