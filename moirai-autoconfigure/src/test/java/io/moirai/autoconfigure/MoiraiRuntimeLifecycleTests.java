package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.autoconfigure.MoiraiProperties.Shutdown.Mode;
import io.moirai.runtime.MoiraiRuntime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The runtime stops with the context: drained or cancelled as {@code moirai.shutdown.*} says,
 * with the outcome logged and published.
 */
class MoiraiRuntimeLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class))
            .withUserConfiguration(StoppedEvents.class)
            .withPropertyValues("moirai.parallelism=2", "moirai.blocking.max-concurrency=4");

    @Test
    void theRuntimeIsStoppedInBootsGracefulShutdownOrder() {
        assertThat(MoiraiRuntimeLifecycle.PHASE).isLessThan(Integer.MAX_VALUE - 1024)
                .isGreaterThan(Integer.MAX_VALUE - 2048);
    }

    @Test
    void drainFinishesEveryAcceptedTaskBeforeTheContextIsClosed() {
        AtomicInteger done = new AtomicInteger();
        this.runner.run(context -> {
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            for (int i = 0; i < 40; i++) {
                executor.execute(() -> {
                    sleep(20);
                    done.incrementAndGet();
                });
            }
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            StoppedEvents stopped = context.getBean(StoppedEvents.class);
            context.close();
            assertThat(runtime.isTerminated()).isTrue();
            assertThat(done).hasValue(40);
            MoiraiRuntimeStoppedEvent event = stopped.single();
            assertThat(event.getMode()).isEqualTo(Mode.DRAIN);
            assertThat(event.isTerminated()).isTrue();
            assertThat(event.getAbandoned()).isZero();
            assertThat(event.getCompleted()).isEqualTo(40);
            assertThat(event.getCompletedDuringShutdown()).isPositive();
        });
    }

    @Test
    void cancelInterruptsRunningTasksAndReportsQueuedOnesAsAbandoned() {
        this.runner.withPropertyValues("moirai.shutdown.mode=cancel", "moirai.blocking.max-concurrency=1")
                .run(context -> {
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch interrupted = new CountDownLatch(1);
                    executor.execute(() -> {
                        started.countDown();
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException ex) {
                            interrupted.countDown();
                        }
                    });
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                    StoppedEvents stopped = context.getBean(StoppedEvents.class);
                    for (int i = 0; i < 3; i++) {
                        executor.execute(() -> {
                        });
                    }
                    context.close();
                    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
                    MoiraiRuntimeStoppedEvent event = stopped.single();
                    assertThat(event.getMode()).isEqualTo(Mode.CANCEL);
                    assertThat(event.isTerminated()).isTrue();
                    assertThat(event.getNeverStarted()).isEqualTo(3);
                    assertThat(event.getAbandoned()).isEqualTo(3);
                });
    }

    @Test
    void aDrainThatRunsOutOfTimeCancelsWhatIsLeftAndSaysSo() {
        this.runner.withPropertyValues("moirai.shutdown.await-termination-period=100ms",
                "moirai.blocking.max-concurrency=1").run(context -> {
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    CountDownLatch started = new CountDownLatch(1);
                    executor.execute(() -> {
                        started.countDown();
                        sleep(60_000);
                    });
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                    executor.execute(() -> {
                    });
                    StoppedEvents stopped = context.getBean(StoppedEvents.class);
                    long start = System.nanoTime();
                    context.close();
                    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
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

    @Test
    void aContextThatFailsAfterTheRuntimeStartedStopsItAnyway() {
        FailingAfterRuntime.runtimes.clear();
        this.runner.withUserConfiguration(FailingAfterRuntime.class).run(context -> assertThat(context).hasFailed());
        assertThat(FailingAfterRuntime.runtimes).singleElement()
                .satisfies(runtime -> assertThat(runtime.isShutdown()).isTrue());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
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
