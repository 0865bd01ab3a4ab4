package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code *Async} stage methods that take no executor run on the runtime's threads, for a
 * handle and for every stage derived from it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncStageTest {

    private static final String PREFIX = "stage-";

    @Test
    void asyncStagesOfACpuHandleRunOnTheRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            TaskHandle<Integer> handle = runtime.spawn(() -> 20);

            assertOnRuntime(handle.thenApplyAsync(x -> threadName()));
            assertOnRuntime(handle.thenComposeAsync(x -> CompletableFuture.completedFuture(threadName())));
            assertOnRuntime(handle.handleAsync((x, failure) -> threadName()));
            assertOnRuntime(handle.thenCombineAsync(CompletableFuture.completedFuture(1), (a, b) -> threadName()));
            assertOnRuntime(handle.applyToEitherAsync(new CompletableFuture<Integer>(), x -> threadName()));
            CompletableFuture<String> accepted = new CompletableFuture<>();
            handle.thenAcceptAsync(x -> accepted.complete(threadName()));
            assertOnRuntime(accepted);
            CompletableFuture<String> ran = new CompletableFuture<>();
            handle.thenRunAsync(() -> ran.complete(threadName()));
            assertOnRuntime(ran);
            CompletableFuture<String> whenComplete = new CompletableFuture<>();
            handle.whenCompleteAsync((x, failure) -> whenComplete.complete(threadName()));
            assertOnRuntime(whenComplete);
        }
    }

    @Test
    void asyncStagesOfABlockingHandleRunOnTheRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            TaskHandle<Integer> handle = runtime.spawnBlocking(() -> 1);

            assertOnRuntime(handle.thenApplyAsync(x -> threadName()));
        }
    }

    @Test
    void asyncStagesDerivedFromDerivedStagesRunOnTheRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            TaskHandle<Integer> handle = runtime.spawn(() -> 1);
            CompletionStage<Integer> derived = handle.thenApply(x -> x + 1)
                    .thenCompose(CompletableFuture::completedFuture);

            assertOnRuntime(derived.thenApplyAsync(x -> threadName()));
            assertOnRuntime(derived.thenApplyAsync(x -> x).thenApplyAsync(x -> threadName()));
        }
    }

    @Test
    void exceptionallyAsyncOfAFailedHandleRunsOnTheRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            TaskHandle<String> failed = runtime.spawn(() -> {
                throw new IllegalStateException("failed");
            });

            assertOnRuntime(failed.exceptionallyAsync(failure -> threadName()));
        }
    }

    @Test
    void asyncStageAddedFromOutsideAfterCompletionStillRunsOnTheRuntime() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            TaskHandle<Integer> handle = runtime.spawn(() -> 1);
            handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            assertOnRuntime(handle.thenApplyAsync(x -> threadName()));
        }
    }

    private static MoiraiRuntime runtime() {
        return MoiraiRuntime.builder().parallelism(2).threadNamePrefix(PREFIX).build();
    }

    private static String threadName() {
        return Thread.currentThread().getName();
    }

    private static void assertOnRuntime(CompletionStage<String> stage) throws Exception {
        assertThat(stage.toCompletableFuture().get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                .matches(PREFIX + "(cpu|blocking)-\\d+");
    }
}
