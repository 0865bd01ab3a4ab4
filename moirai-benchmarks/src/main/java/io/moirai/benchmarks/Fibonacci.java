package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.RecursiveTask;

/**
 * Recursive Fibonacci as the classic fork/join workload: almost no data, so what is measured is
 * the cost of splitting, queueing, stealing and joining. Both versions split the same way (the
 * left half as a new task, the right half in the current one) and switch to the sequential
 * recursion at the same threshold, so they create the same tasks.
 */
final class Fibonacci {

    private Fibonacci() {
    }

    /**
     * The sequential recursion each leaf runs.
     *
     * @param n the index, at least 0
     * @return the {@code n}-th Fibonacci number
     */
    static long sequential(int n) {
        return n < 2 ? n : sequential(n - 1) + sequential(n - 2);
    }

    /**
     * Fork/join on Moirai: {@code spawn} the left half, compute the right half, {@code join}.
     * Called on a CPU worker, {@code join} runs other work instead of blocking.
     *
     * @param runtime   where the halves run
     * @param n         the index
     * @param threshold at or below this index the recursion is sequential
     * @return the {@code n}-th Fibonacci number
     */
    static long moirai(MoiraiRuntime runtime, int n, int threshold) {
        if (n <= threshold) {
            return sequential(n);
        }
        TaskHandle<Long> left = runtime.spawn(() -> moirai(runtime, n - 1, threshold));
        long right = moirai(runtime, n - 2, threshold);
        return left.join() + right;
    }

    /** Fork/join on a {@link java.util.concurrent.ForkJoinPool}: {@code fork}, compute, {@code join}. */
    static final class ForkJoinTask extends RecursiveTask<Long> {

        private final int n;
        private final int threshold;

        ForkJoinTask(int n, int threshold) {
            this.n = n;
            this.threshold = threshold;
        }

        @Override
        protected Long compute() {
            if (n <= threshold) {
                return sequential(n);
            }
            ForkJoinTask left = new ForkJoinTask(n - 1, threshold);
            left.fork();
            long right = new ForkJoinTask(n - 2, threshold).compute();
            return left.join() + right;
        }
    }
}
