package io.moirai.demo;

import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * A request whose work is queued on the blocking lane and has not started: the lane is cut to
 * one permit, a task of the test's own holds it, and the request's task waits behind it, so the
 * request has passed the demo's paused check when the test pauses the runtime. Tests of what a
 * pause does to such a request use it; closing it lets the holder go and, unless the runtime has
 * shut down, resumes it and gives the lane back its 256 permits.
 */
final class QueuedBehindTheOnlyPermit implements AutoCloseable {

    private final MoiraiRuntime runtime;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<?> holder;
    private final CompletableFuture<DemoHttp.Response> request;

    /**
     * Holds the only permit, then sends {@code GET path} as {@code user} and waits until its task
     * is queued for the permit.
     */
    QueuedBehindTheOnlyPermit(MoiraiRuntime runtime, AsyncTaskExecutor executor, DemoHttp http, String path) {
        this.runtime = runtime;
        runtime.reconfigure(runtime.snapshot().parallelism(), 1);
        this.holder = executor.submit(() -> {
            this.release.await();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.snapshot().blockingInUse() == 1);
        this.request = CompletableFuture.supplyAsync(() -> http.get(path, "user"));
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.snapshot().blockingWaiting() == 1);
    }

    /** The request sent; it completes when the demo answers. */
    CompletableFuture<DemoHttp.Response> request() {
        return this.request;
    }

    /** Lets the holder's task end, freeing the permit (nothing starts on it while paused). */
    void releaseThePermit() throws Exception {
        this.release.countDown();
        this.holder.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        this.release.countDown();
        if (!this.runtime.isShutdown()) { // a test may have closed the application
            this.runtime.resume();
            this.runtime.reconfigure(this.runtime.snapshot().parallelism(), 256);
        }
    }
}
