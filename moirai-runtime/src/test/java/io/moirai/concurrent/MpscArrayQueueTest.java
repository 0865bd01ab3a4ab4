package io.moirai.concurrent;

/**
 * Single-threaded contract tests of {@link MpscArrayQueue}; see {@link BoundedQueueContractTest}.
 * Run with {@code ./mvnw -pl moirai-runtime -am test -Dtest=MpscArrayQueueTest}.
 */
class MpscArrayQueueTest extends BoundedQueueContractTest {

    @Override
    MessageQueue<Integer> newQueue(int capacity) {
        return new MpscArrayQueue<>(capacity);
    }
}
