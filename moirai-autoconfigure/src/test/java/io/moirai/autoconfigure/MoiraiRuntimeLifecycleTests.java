package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import io.moirai.spring.ShutdownMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The runtime stops with the context: drained or cancelled as {@code moirai.shutdown.*} says,
 * with the outcome logged and published.
 */
@ExtendWith(OutputCaptureExtension.class)
class MoiraiRuntimeLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class))
            .withUserConfiguration(StoppedEvents.class)
            .withPropertyValues("moirai.parallelism=2", "moirai.blocking.max-concurrency=4");

    /** Higher phases stop first: Boot's graceful shutdown, then the runtime, then the web server. */
    @Test
    void theRuntimeStopsBetweenBootsGracefulShutdownAndTheWebServersStop() {
        assertThat(MoiraiRuntimeLifecycle.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE)
                .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
                .isGreaterThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
    }

    @Test
    void closingTheContextStopsTheRuntimeAfterGracefulShutdownAndBeforeTheWebServer() {
        this.runner.withUserConfiguration(StopOrder.class).run(context -> {
            StopOrder order = context.getBean(StopOrder.class);
            context.close();
            assertThat(order.stops).containsExactly("graceful shutdown", "moirai", "web server");
        });
    }

    /**
     * Spring's test context cache pauses the contexts it is not using and restarts them later; a
     * stopped runtime cannot start again, so a pause must leave it serving.
     */
    @Test
    void pausingAndRestartingTheContextLeavesTheRuntimeServing() {
        this.runner.run(context -> {
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            context.pause();
            assertThat(runtime.isShutdown()).isFalse();
            context.restart();
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            assertThat(executor.submit(() -> "ran").get(10, TimeUnit.SECONDS)).isEqualTo("ran");
            assertThat(context.getBean(StoppedEvents.class).events).isEmpty();
        });
    }

    /**
     * The first stop of the context stops the runtime for good: a later start leaves it stopped
     * and says so ({@code isRunning()} false), and the close that follows neither stops it again
     * nor reports a second stop.
     */
    @Test
    void aStartAfterAStopLeavesTheRuntimeStoppedAndItIsReportedStoppedOnce() {
        this.runner.run(context -> {
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            SmartLifecycle lifecycle = context.getBean("moiraiRuntimeLifecycle", SmartLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            context.stop();
            assertThat(runtime.isShutdown()).isTrue();
            assertThat(lifecycle.isRunning()).isFalse();
            context.start();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(runtime.isShutdown()).isTrue();
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            assertThatThrownBy(() -> executor.execute(() -> { }))
                    .isInstanceOf(org.springframework.core.task.TaskRejectedException.class);
            StoppedEvents events = context.getBean(StoppedEvents.class);
            context.close();
            assertThat(events.events).hasSize(1);
        });
    }

    /**
     * The tasks wait for the runtime's own shutdown-started event, so none can end before the
     * drain begins: every one of them ends during the drain, and the context closes only after.
     */
    @Test
    void drainFinishesEveryAcceptedTaskBeforeTheContextIsClosed() {
        AtomicInteger done = new AtomicInteger();
        this.runner.withUserConfiguration(ShutdownSignal.class).run(context -> {
            CountDownLatch shutdownStarted = context.getBean(ShutdownSignal.class).started;
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            for (int i = 0; i < 40; i++) {
                executor.execute(() -> {
                    try {
                        if (shutdownStarted.await(10, TimeUnit.SECONDS)) {
                            done.incrementAndGet();
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            StoppedEvents stopped = context.getBean(StoppedEvents.class);
            assertThat(done).hasValue(0);
            context.close();
            assertThat(runtime.isTerminated()).isTrue();
            assertThat(done).hasValue(40);
            MoiraiRuntimeStoppedEvent event = stopped.single();
            assertThat(event.getMode()).isEqualTo(ShutdownMode.DRAIN);
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getAbandoned()).isZero();
            assertThat(event.getCompleted()).isEqualTo(40);
            assertThat(event.getCompletedDuringShutdown()).isEqualTo(40);
        });
    }

    @Test
    void cancelInterruptsRunningTasksAndReportsQueuedOnesAsAbandoned() {
        this.runner.withPropertyValues("moirai.shutdown.mode=cancel", "moirai.blocking.max-concurrency=1")
                .run(context -> {
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch interrupted = new CountDownLatch(1);
                    executor.execute(() -> awaitInterrupt(started, interrupted));
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                    StoppedEvents stopped = context.getBean(StoppedEvents.class);
                    for (int i = 0; i < 3; i++) {
                        executor.execute(() -> {
                        });
                    }
                    // as Spring's executors cancel what shutdownNow() returns: get() ends, it does not wait for ever
                    Future<?> submitted = executor.submit(() -> {
                    });
                    Future<String> callable = executor.submit(() -> "never");
                    // @Async methods returning CompletableFuture, and a FutureTask given to execute:
                    // their futures were left pending for ever (found by a new application's audit)
                    CompletableFuture<String> completable = executor.submitCompletable(() -> "never");
                    FutureTask<String> futureTask = new FutureTask<>(() -> "never");
                    executor.execute(futureTask);
                    context.close();
                    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
                    MoiraiRuntimeStoppedEvent event = stopped.single();
                    assertThat(event.getMode()).isEqualTo(ShutdownMode.CANCEL);
                    assertThat(event.isTerminated()).isTrue();
                    assertThat(event.getNeverStarted()).isEqualTo(7);
                    assertThat(event.getAbandoned()).isEqualTo(7);
                    for (Future<?> neverStarted : List.of(submitted, callable, completable, futureTask)) {
                        assertThat(neverStarted.isCancelled()).isTrue();
                        assertThatExceptionOfType(CancellationException.class)
                                .isThrownBy(() -> neverStarted.get(10, TimeUnit.SECONDS));
                    }
                });
    }

    @Test
    void cancelEndsAPendingPeriodicTaskWithoutReportingItAbandoned() {
        this.runner.withPropertyValues("moirai.shutdown.mode=cancel").run(context -> {
            TaskScheduler scheduler = context.getBean(TaskScheduler.class);
            CountDownLatch ran = new CountDownLatch(1);
            ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(ran::countDown, Duration.ofHours(1));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            StoppedEvents stopped = context.getBean(StoppedEvents.class);
            context.close();
            MoiraiRuntimeStoppedEvent event = stopped.single();
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getNeverStarted()).isZero();
            assertThat(event.getAbandoned()).isZero();
            assertThat(periodic.isCancelled()).isTrue();
            assertThat(event.getCancelled()).as("the schedule counts as cancelled, as in a drain").isOne();
        });
    }

    @Test
    void drainAndCancelReportAPeriodicTaskTheSameWay() {
        for (String mode : new String[] {"drain", "cancel"}) {
            this.runner.withPropertyValues("moirai.shutdown.mode=" + mode).run(context -> {
                TaskScheduler scheduler = context.getBean(TaskScheduler.class);
                CountDownLatch ran = new CountDownLatch(2);
                scheduler.scheduleAtFixedRate(ran::countDown, Duration.ofHours(1));
                scheduler.scheduleWithFixedDelay(ran::countDown, Duration.ofHours(1));
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                StoppedEvents stopped = context.getBean(StoppedEvents.class);
                context.close();
                MoiraiRuntimeStoppedEvent event = stopped.single();
                assertThat(event.getCancelled()).as(mode).isEqualTo(2);
                assertThat(event.getAbandoned()).as(mode).isZero();
            });
        }
    }

    @Test
    void aDrainThatRunsOutOfTimeCancelsWhatIsLeftAndSaysSo() {
        this.runner.withPropertyValues("moirai.shutdown.await-termination-period=100ms",
                "moirai.blocking.max-concurrency=1").run(context -> {
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch interrupted = new CountDownLatch(1);
                    executor.execute(() -> awaitInterrupt(started, interrupted));
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                    executor.execute(() -> {
                    });
                    StoppedEvents stopped = context.getBean(StoppedEvents.class);
                    long start = System.nanoTime();
                    context.close();
                    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
                    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
                    MoiraiRuntimeStoppedEvent event = stopped.single();
                    assertThat(event.getNeverStarted()).isEqualTo(1);
                    assertThat(event.getAbandoned()).isPositive();
                });
    }

    @Test
    void pendingCronAndOneShotTasksDoNotHoldTheDrainOpen() {
        this.runner.run(context -> {
            TaskScheduler scheduler = context.getBean(TaskScheduler.class);
            scheduler.schedule(() -> {
            }, new CronTrigger("0 0 0 1 1 *"));
            scheduler.schedule(() -> {
            }, Instant.now().plusSeconds(3600));
            StoppedEvents stopped = context.getBean(StoppedEvents.class);
            long start = System.nanoTime();
            context.close();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
            assertThat(stopped.single().isTerminated()).isTrue();
        });
    }

    /**
     * A request in flight waits for a task that the paused runtime has not started, and Boot's
     * graceful shutdown waits for the request. Closing the context resumes the runtime before any
     * lifecycle stops, so the request gets its answer at once instead of when
     * {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s) runs out, and the runtime then
     * stops with nothing left to abandon.
     */
    @Test
    void closingResumesAPausedRuntimeSoThatTheRequestsInFlightFinishBeforeTheGracefulShutdown(
            CapturedOutput output) {
        this.runner.withUserConfiguration(InFlightRequest.class).run(context -> {
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            runtime.pause();
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            InFlightRequest request = context.getBean(InFlightRequest.class);
            request.waitsFor(executor.submit(() -> "answered"));
            StoppedEvents stopped = context.getBean(StoppedEvents.class);
            long start = System.nanoTime();
            context.close();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
            assertThat(request.outcome).isEqualTo("answered");
            MoiraiRuntimeStoppedEvent event = stopped.single();
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getAbandoned()).isZero();
            assertThat(event.getCompleted()).isOne();
            assertThat(output).contains("Moirai runtime resumed for shutdown")
                    .contains("it was paused with 1 queued tasks");
        });
    }

    @Test
    void aRuntimeThatIsNotPausedIsNotResumedAtClose(CapturedOutput output) {
        this.runner.run(context -> {
            context.close();
            assertThat(output).doesNotContain("resumed for shutdown");
        });
    }

    @Test
    void aContextThatFailsAfterTheRuntimeStartedStopsItAnyway() {
        FailingAfterRuntime.runtimes.clear();
        this.runner.withUserConfiguration(FailingAfterRuntime.class).run(context -> assertThat(context).hasFailed());
        assertThat(FailingAfterRuntime.runtimes).singleElement()
                .satisfies(runtime -> assertThat(runtime.isShutdown()).isTrue());
    }

    /**
     * A bean hands the executor work while the context starts (one task running, one queued
     * behind it on the one blocking permit), then a later bean fails. Nothing of it may vanish
     * silently: the running task is interrupted, the queued one's future is cancelled instead of
     * left pending for ever, and one warning says what was abandoned.
     */
    @Test
    void tasksAcceptedBeforeStartUpFailsAreCancelledAndReported(CapturedOutput output) throws InterruptedException {
        StartUpWork.reset();
        this.runner.withPropertyValues("moirai.blocking.max-concurrency=1")
                .withUserConfiguration(StartUpWork.class, FailingAfterStartUpWork.class)
                .run(context -> assertThat(context).hasFailed());
        assertThat(StartUpWork.runtimes).singleElement()
                .satisfies(runtime -> assertThat(runtime.isTerminated()).isTrue());
        assertThat(StartUpWork.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> queued = StartUpWork.queued.getFirst();
        assertThat(queued.isCancelled()).isTrue();
        assertThat(output).contains("Moirai runtime stopped (cancel: the application did not start)")
                .contains("1 abandoned (1 never started, 0 still running)");
    }

    /**
     * Start-up fails after the context has started (an {@code ApplicationRunner} throws), so
     * Boot closes it as at any shutdown: the tasks a bean submitted while it was created run to
     * their end in the drain, and the stop report counts them. They wait for the runtime's
     * shutdown-started event, so none can end before the drain.
     */
    @Test
    void tasksAcceptedBeforeARunnerFailsRunInTheDrain() {
        AcceptedWhileStarting.done.set(0);
        List<MoiraiRuntimeStoppedEvent> stopped = new CopyOnWriteArrayList<>();
        SpringApplication application = new SpringApplication(FailingRunner.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.addListeners((ApplicationListener<MoiraiRuntimeStoppedEvent>) stopped::add);
        assertThatIllegalStateException().isThrownBy(() -> application.run("--moirai.parallelism=2"))
                .withMessageContaining("runner failed");
        assertThat(AcceptedWhileStarting.done).hasValue(3);
        assertThat(stopped).singleElement().satisfies(event -> {
            assertThat(event.getMode()).isEqualTo(ShutdownMode.DRAIN);
            assertThat(event.getCompletedDuringShutdown()).isEqualTo(3);
            assertThat(event.getAbandoned()).isZero();
        });
    }

    /** A task that would run until interrupted: it waits on a latch nothing counts down. */
    private static void awaitInterrupt(CountDownLatch started, CountDownLatch interrupted) {
        started.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException ex) {
            interrupted.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StoppedEvents implements ApplicationListener<MoiraiRuntimeStoppedEvent> {

        private final List<MoiraiRuntimeStoppedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MoiraiRuntimeStoppedEvent event) {
            this.events.add(event);
        }

        MoiraiRuntimeStoppedEvent single() {
            assertThat(this.events).hasSize(1);
            return this.events.getFirst();
        }
    }

    /** Tells the tasks when the runtime has begun to shut down, through its own listener SPI. */
    @Configuration(proxyBeanMethods = false)
    static class ShutdownSignal {

        final CountDownLatch started = new CountDownLatch(1);

        @Bean
        RuntimeListener shutdownSignalListener() {
            return new RuntimeListener() {
                @Override
                public void runtimeEvent(RuntimeEvent event) {
                    if (event instanceof RuntimeEvent.ShutdownStarted) {
                        ShutdownSignal.this.started.countDown();
                    }
                }
            };
        }
    }

    /**
     * Stand-ins for Boot's graceful-shutdown and web-server lifecycles, at Boot's phases, and a
     * listener for the runtime's stop, all writing down when they stop.
     */
    @Configuration(proxyBeanMethods = false)
    static class StopOrder implements ApplicationListener<MoiraiRuntimeStoppedEvent> {

        final List<String> stops = new CopyOnWriteArrayList<>();

        @Bean
        SmartLifecycle gracefulShutdownStandIn() {
            return new RecordingLifecycle(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE,
                    "graceful shutdown", this.stops);
        }

        @Bean
        SmartLifecycle webServerStandIn() {
            return new RecordingLifecycle(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE, "web server",
                    this.stops);
        }

        @Override
        public void onApplicationEvent(MoiraiRuntimeStoppedEvent event) {
            this.stops.add("moirai");
        }
    }

    /** A lifecycle at a fixed phase that only records whether it runs; subclasses say what stopping does. */
    private abstract static class PhasedLifecycle implements SmartLifecycle {

        private final int phase;
        private volatile boolean running;

        PhasedLifecycle(int phase) {
            this.phase = phase;
        }

        @Override
        public void start() {
            this.running = true;
        }

        @Override
        public void stop() {
            this.running = false;
        }

        @Override
        public boolean isRunning() {
            return this.running;
        }

        @Override
        public int getPhase() {
            return this.phase;
        }
    }

    private static final class RecordingLifecycle extends PhasedLifecycle {

        private final String name;
        private final List<String> stops;

        RecordingLifecycle(int phase, String name, List<String> stops) {
            super(phase);
            this.name = name;
            this.stops = stops;
        }

        @Override
        public void stop() {
            super.stop();
            this.stops.add(this.name);
        }
    }

    /**
     * A stand-in for Boot's graceful shutdown of the web server, at its phase, with one request in
     * flight: its stop waits for the request's task, as Tomcat waits for the request, though
     * only 10 s and not the default 30.
     */
    @Configuration(proxyBeanMethods = false)
    static class InFlightRequest extends PhasedLifecycle {

        private volatile Future<?> task = CompletableFuture.completedFuture("no request");
        volatile String outcome = "not stopped";

        InFlightRequest() {
            super(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
        }

        void waitsFor(Future<?> task) {
            this.task = task;
        }

        @Override
        public void stop() {
            super.stop();
            try {
                this.outcome = String.valueOf(this.task.get(10, TimeUnit.SECONDS));
            } catch (TimeoutException ex) {
                this.outcome = "still waiting when the graceful shutdown gave up";
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                this.outcome = "interrupted";
            } catch (ExecutionException ex) {
                this.outcome = "failed: " + ex.getCause();
            }
        }
    }

    /** Submits work while the context starts: one task that runs until interrupted, one queued behind it. */
    @Configuration(proxyBeanMethods = false)
    static class StartUpWork {

        static final List<MoiraiRuntime> runtimes = new CopyOnWriteArrayList<>();
        static final List<Future<String>> queued = new CopyOnWriteArrayList<>();
        static volatile CountDownLatch interrupted = new CountDownLatch(1);

        static void reset() {
            runtimes.clear();
            queued.clear();
            interrupted = new CountDownLatch(1);
        }

        StartUpWork(MoiraiRuntime runtime, AsyncTaskExecutor applicationTaskExecutor) throws InterruptedException {
            runtimes.add(runtime);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = StartUpWork.interrupted;
            applicationTaskExecutor.execute(() -> awaitInterrupt(started, interrupted));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            queued.add(applicationTaskExecutor.submit(() -> "warmed up"));
        }
    }

    /** Submits three tasks while it is created; each waits for the runtime's shutdown to begin. */
    static class AcceptedWhileStarting {

        static final AtomicInteger done = new AtomicInteger();

        AcceptedWhileStarting(AsyncTaskExecutor applicationTaskExecutor, ShutdownSignal signal) {
            for (int i = 0; i < 3; i++) {
                applicationTaskExecutor.execute(() -> {
                    try {
                        if (signal.started.await(10, TimeUnit.SECONDS)) {
                            done.incrementAndGet();
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(MoiraiAutoConfiguration.class)
    @Import({ ShutdownSignal.class, AcceptedWhileStarting.class })
    static class FailingRunner {

        @Bean
        ApplicationRunner failingRunner(AcceptedWhileStarting work) {
            return arguments -> {
                throw new IllegalStateException("runner failed");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingAfterStartUpWork {

        @Bean
        Object failingAfterStartUpWork(StartUpWork work) {
            throw new IllegalStateException("boom");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingAfterRuntime {

        static final List<MoiraiRuntime> runtimes = new CopyOnWriteArrayList<>();

        @Bean
        Object failing(MoiraiRuntime runtime, MoiraiRuntimeLifecycle lifecycle) {
            runtimes.add(runtime);
            throw new IllegalStateException("boom");
        }
    }

}
