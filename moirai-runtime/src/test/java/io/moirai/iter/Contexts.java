package io.moirai.iter;

import io.moirai.runtime.MoiraiRuntime;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The six ways to evaluate a pipeline the tests compare: three contexts, each blocking and async. */
enum Contexts {
    SEQUENTIAL, SEQUENTIAL_ASYNC, PARALLEL, PARALLEL_ASYNC, HYBRID, HYBRID_ASYNC;

    ExecutionContext context(MoiraiRuntime runtime) {
        return switch (this) {
            case SEQUENTIAL, SEQUENTIAL_ASYNC -> ExecutionContext.sequential();
            case PARALLEL, PARALLEL_ASYNC -> ExecutionContext.parallel(runtime);
            case HYBRID, HYBRID_ASYNC -> ExecutionContext.hybrid(runtime);
        };
    }

    boolean async() {
        return this == SEQUENTIAL_ASYNC || this == PARALLEL_ASYNC || this == HYBRID_ASYNC;
    }

    /** Runs a terminal blocking or async as this mode says; async results are awaited here. */
    <P, R> R run(P pipeline, Function<P, R> blocking, Function<P, CompletionStage<R>> async) {
        if (!async()) {
            return blocking.apply(pipeline);
        }
        try {
            return async.apply(pipeline).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<Contexts> all() {
        return List.of(values());
    }
}
