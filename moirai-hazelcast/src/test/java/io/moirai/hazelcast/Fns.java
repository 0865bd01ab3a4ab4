package io.moirai.hazelcast;

/** Work for the tests' pipelines. */
final class Fns {

    private Fns() {
    }

    /**
     * About {@code rounds} multiply-adds of work that the JIT cannot drop, returning {@code i}:
     * CPU-heavy stages whose results are known in closed form.
     */
    static long slowIdentity(long i, int rounds) {
        long x = i;
        for (int k = 0; k < rounds; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        // x decides the result (x == 42 happens once in 2^64), so the JIT must run the loop: with
        // "x == 42 && i == Long.MIN_VALUE" it could test i first and drop the loop, and 1,500
        // rounds took as long as 300
        return x == 42 ? i + 1 : i;
    }

    /** Whether {@link #heldFrom} holds; the members of the tests share this JVM, so it reaches their stages. */
    static volatile boolean holding;

    /**
     * Returns {@code i} at once below {@code from}; from there on, waits while {@link #holding},
     * and fails with a {@link java.util.concurrent.CancellationException} if interrupted meanwhile
     * (a cancelled chunk), so that a pipeline's later chunks run until they are cancelled or let go.
     */
    static long heldFrom(long i, long from) {
        while (i >= from && holding) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("interrupted while held");
            }
        }
        return i;
    }
}
