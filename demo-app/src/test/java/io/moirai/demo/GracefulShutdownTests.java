package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Closing the application while tasks pour in loses none that was accepted: each either
 * completes or was refused at submission, and the runtime reports nothing abandoned. Closing it
 * while the runtime is paused still answers the requests in flight.
 */
class GracefulShutdownTests {

    @Test
    void shuttingDownUnderLoadLosesNoAcceptedTask() throws Exception {
        List<MoiraiRuntimeStoppedEvent> stopped = new CopyOnWriteArrayList<>();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MoiraiDemoApplication.class)
                .listeners((ApplicationListener<MoiraiRuntimeStoppedEvent>) stopped::add)
                // arguments, not .properties(...): those are defaults, which the demo's application.yml
                // overrides, so the tests ran on port 8080 and failed whenever it was taken
                .run("--server.port=0", "--moirai.parallelism=2", "--moirai.blocking.max-concurrency=32",
                        "--moirai.shutdown.await-termination-period=30s");
        AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
        AtomicLong accepted = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch underLoad = new CountDownLatch(500);
        Thread[] submitters = new Thread[2];
        for (int s = 0; s < submitters.length; s++) {
            submitters[s] = Thread.ofPlatform().name("submitter-" + s).start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    try {
                        executor.execute(() -> {
                            WorkService.sleep(Duration.ofMillis(2));
                            completed.incrementAndGet();
                        });
                    } catch (TaskRejectedException ex) {
                        return; // shutdown began: from here on nothing is accepted
                    }
                    accepted.incrementAndGet();
                    underLoad.countDown();
                }
            });
        }
        assertThat(underLoad.await(30, TimeUnit.SECONDS)).isTrue();
        context.close();
        for (Thread submitter : submitters) {
            submitter.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(completed.get()).isEqualTo(accepted.get()).isGreaterThanOrEqualTo(500);
        assertThat(stopped).singleElement().satisfies(event -> {
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getAbandoned()).isZero();
            assertThat(event.getCompletedDuringShutdown()).isPositive();
        });
    }

    @Test
    void requestsRefusedOnceTheRuntimeShutsDownAnswer503() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MoiraiDemoApplication.class)
                .run("--server.port=0", "--moirai.parallelism=2")) {
            DemoHttp http = new DemoHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
            assertThat(http.get("/api/io?millis=1", "user").status()).isEqualTo(200);

            context.getBean(MoiraiRuntime.class).shutdown();

            DemoHttp.Response async = http.get("/api/io?millis=1", "user");
            assertThat(async.status()).isEqualTo(503);
            assertThat(async.body()).contains("work refused");
            assertThat(http.get("/api/callable", "user").status()).isEqualTo(503);
        }
    }

    /**
     * A request in flight waits for its {@code @Async} task, which the paused runtime has not
     * started, and the web server's graceful shutdown waits for the request. The close resumes
     * the runtime first: the request gets its answer and the close does not sit out
     * {@code spring.lifecycle.timeout-per-shutdown-phase} (set to 20 s here, 30 s by default).
     */
    @Test
    void closingWhilePausedAnswersTheRequestInFlightWithoutWaitingOutTheGracefulShutdown() throws Exception {
        List<MoiraiRuntimeStoppedEvent> stopped = new CopyOnWriteArrayList<>();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MoiraiDemoApplication.class)
                .listeners((ApplicationListener<MoiraiRuntimeStoppedEvent>) stopped::add)
                .run("--server.port=0", "--moirai.parallelism=2", "--spring.lifecycle.timeout-per-shutdown-phase=20s");
        DemoHttp http = new DemoHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
        MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
        // the request passes the demo's paused check, then waits on the blocking lane behind a held
        // permit; paused, its task does not start once the permit is free
        try (QueuedBehindTheOnlyPermit queued = new QueuedBehindTheOnlyPermit(runtime,
                context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class), http, "/api/io?millis=1")) {
            runtime.pause();
            queued.releaseThePermit();

            long start = System.nanoTime();
            context.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            DemoHttp.Response response = queued.request().get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(stopped).singleElement().satisfies(event -> {
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getAbandoned()).isZero();
        });
    }
}
