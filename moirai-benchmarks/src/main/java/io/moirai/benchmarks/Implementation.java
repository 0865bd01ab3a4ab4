package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The executors the benchmarks compare, under the names their {@code impl} parameter takes. Each
 * peer is configured the way applications usually configure it; the pools get the same
 * parallelism as Moirai's CPU lane.
 */
enum Implementation {

    /** Moirai with its defaults and the given parallelism. */
    MOIRAI("moirai") {
        @Override
        ExecutorService start(int parallelism) {
            return MoiraiRuntime.builder().parallelism(parallelism).build();
        }
    },
    /** A dedicated {@code new ForkJoinPool(parallelism)}. */
    FJP("fjp") {
        @Override
        ExecutorService start(int parallelism) {
            return new ForkJoinPool(parallelism);
        }
    },
    /**
     * {@link ForkJoinPool#commonPool()}, what parallel streams and {@code CompletableFuture} use.
     * Its parallelism is fixed by the JVM (one less than the CPUs), not by the benchmark.
     */
    FJP_COMMON("fjp-common") {
        @Override
        ExecutorService start(int parallelism) {
            return ForkJoinPool.commonPool();
        }

        @Override
        void stop(ExecutorService executor) {
            ForkJoinPool.commonPool().awaitQuiescence(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    },
    /** {@code Executors.newFixedThreadPool(parallelism)}: a ThreadPoolExecutor on a LinkedBlockingQueue. */
    TPE("tpe") {
        @Override
        ExecutorService start(int parallelism) {
            return Executors.newFixedThreadPool(parallelism);
        }
    },
    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    VTHREADS("vthreads") {
        @Override
        ExecutorService start(int parallelism) {
            return Executors.newVirtualThreadPerTaskExecutor();
        }
    };

    private static final long STOP_TIMEOUT_SECONDS = 30L;

    private final String paramName;

    Implementation(String paramName) {
        this.paramName = paramName;
    }

    /**
     * Finds the implementation a benchmark parameter names.
     *
     * @param paramName e.g. {@code "fjp"}
     * @return the implementation
     * @throws IllegalArgumentException if no implementation has that name
     */
    static Implementation named(String paramName) {
        return Arrays.stream(values())
                .filter(implementation -> implementation.paramName.equals(paramName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("impl must be one of "
                        + Arrays.stream(values()).map(i -> i.paramName).toList() + ", was '" + paramName + "'"));
    }

    /** The CPUs this JVM may use: the parallelism every pool in the suite gets. */
    static int parallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * A benchmark's {@code parallelism} parameter: 0 (its default) for {@link #parallelism()},
     * otherwise the value, so a scaling run can pass {@code -p parallelism=1,2,4,8,16}.
     *
     * @param requested 0, or the workers wanted
     * @return the parallelism to start the pools with
     */
    static int parallelism(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (all CPUs) or positive, was " + requested);
        }
        return requested == 0 ? parallelism() : requested;
    }

    /**
     * Creates and starts the executor.
     *
     * @param parallelism worker threads for the pools; ignored where the JDK fixes it
     * @return the executor
     */
    abstract ExecutorService start(int parallelism);

    /**
     * Shuts the executor down and waits for it, so that no thread of one trial runs into the next.
     *
     * @param executor what {@link #start(int)} returned
     */
    void stop(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(paramName + " did not terminate within " + STOP_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + paramName, e);
        }
    }
}
