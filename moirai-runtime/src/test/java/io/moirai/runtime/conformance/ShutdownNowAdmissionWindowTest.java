package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A submission held between its admission and its queue (in the listener's taskQueued) while
 * shutdownNow() runs to its end on another thread: it runs, interrupted, or is returned.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowAdmissionWindowTest {

    /** A listener whose taskQueued runs shutdownNow() on another thread, once, while the submitter is between admission and queueing. */
    static final class ShutdownInTaskQueued implements RuntimeListener {
        volatile MoiraiRuntime runtime;
        volatile Thread armedFor;
        final AtomicReference<List<Runnable>> returned = new AtomicReference<>();

        @Override
        public void taskQueued(String name, Lane lane) {
            if (Thread.currentThread() == armedFor) {
                armedFor = null;
                Thread t = Thread.ofPlatform().start(() -> returned.set(runtime.shutdownNow()));
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"executeCpu", "executeBlocking", "spawnBlocking", "submitCpu"})
    void aSubmissionAdmittedBeforeShutdownNowRunsOrIsReturned(String path) throws Exception {
        ShutdownInTaskQueued listener = new ShutdownInTaskQueued();
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).listener(listener).build();
        listener.runtime = runtime;
        AtomicInteger ran = new AtomicInteger();
        Runnable body = ran::incrementAndGet;
        listener.armedFor = Thread.currentThread();
        Future<?> handle = null;
        switch (path) {
            case "schedule0" -> handle = runtime.schedule(body, 0, TimeUnit.NANOSECONDS);
            case "schedule1ns" -> handle = runtime.schedule(body, 1, TimeUnit.NANOSECONDS);
            case "scheduleAtFixedRate0" -> handle = runtime.scheduleAtFixedRate(body, 0, 1, TimeUnit.HOURS);
            case "executeCpu" -> runtime.execute(body);
            case "executeBlocking" -> runtime.execute(body, TaskOptions.defaults().withLane(Lane.BLOCKING));
            case "spawnBlocking" -> handle = runtime.spawnBlocking(() -> { body.run(); return 1; });
            case "submitCpu" -> handle = runtime.submit(body);
            default -> throw new AssertionError(path);
        }
        Waits.awaitTermination(runtime);
        List<Runnable> returned = listener.returned.get();
        assertThat(returned).as("shutdownNow ran").isNotNull();
        assertThat(ran.get() + returned.size())
                .as("%s: runs (%s) + returned (%s), handle %s", path, ran.get(), returned.size(), handle)
                .isEqualTo(1);
        Accounting.assertCountsAddUp(runtime);
    }
}
