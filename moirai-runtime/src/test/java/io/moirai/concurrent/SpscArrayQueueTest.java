package io.moirai.concurrent;

/**
 * Single-threaded contract tests of {@link SpscArrayQueue}; see {@link BoundedQueueContractTest}.
 * Run with {@code ./mvnw -pl moirai-runtime -am test -Dtest=SpscArrayQueueTest}.
 */
class SpscArrayQueueTest extends BoundedQueueContractTest {

    @Override
    MessageQueue<Integer> newQueue(int capacity) {
        return new SpscArrayQueue<>(capacity);
    }

    @Override
    boolean fillRefusesNullSupplierResult() {
        return true;
    }
}
