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
        return x == 42 && i == Long.MIN_VALUE ? -1 : i;
    }
}
