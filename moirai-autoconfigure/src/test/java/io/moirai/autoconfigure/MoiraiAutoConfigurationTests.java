package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.spring.MoiraiRuntimeCustomizer;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.MoiraiTaskScheduler;
import io.moirai.spring.TaskContextPropagator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The beans of {@link MoiraiAutoConfiguration}, each property's effect, and how Moirai and
 * Boot's own task auto-configurations make way for each other and for the application's beans.
 */
@ExtendWith(OutputCaptureExtension.class)
class MoiraiAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

    @Test
    void byDefaultTheRuntimeExecutorsSchedulerAndAsyncConfigurerAreDefined() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(MoiraiRuntime.class);
            assertThat(context).hasSingleBean(MoiraiRuntimeLifecycle.class);
            assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(MoiraiTaskExecutor.class);
            assertThat(context.getBean("taskScheduler")).isInstanceOf(MoiraiTaskScheduler.class);
            assertThat(context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, MoiraiTaskExecutor.class).getLane())
                    .isEqualTo(Lane.CPU);
            assertThat(context.getBean(MoiraiTaskExecutor.BLOCKING_BEAN_NAME, MoiraiTaskExecutor.class).getLane())
                    .isEqualTo(Lane.BLOCKING);
            assertThat(context).getBean(AsyncConfigurer.class).isInstanceOf(MoiraiAsyncConfigurer.class);
            assertThat(context).hasSingleBean(TaskContextPropagator.class);
        });
    }

    @Test
    void byDefaultTheApplicationTaskExecutorRunsOnTheBlockingLaneOnMoiraiThreads() {
        this.runner.run(context -> {
            MoiraiTaskExecutor executor = context.getBean("applicationTaskExecutor", MoiraiTaskExecutor.class);
            assertThat(executor.getLane()).isEqualTo(Lane.BLOCKING);
            Thread thread = executor.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(thread.isVirtual()).isTrue();
            assertThat(thread.getName()).startsWith("moirai-blocking-");
        });
    }

    @Test
    void whenTheDefaultLaneIsCpuThenTheApplicationTaskExecutorRunsOnCpuWorkers() {
        this.runner.withPropertyValues("moirai.task-execution.default-lane=cpu").run(context -> {
            MoiraiTaskExecutor executor = context.getBean("applicationTaskExecutor", MoiraiTaskExecutor.class);
            assertThat(executor.getLane()).isEqualTo(Lane.CPU);
            assertThat(executor.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("moirai-cpu-");
        });
    }

    @Test
    void theSizePropertiesShapeTheRuntime() {
        this.runner.withPropertyValues("moirai.parallelism=3", "moirai.blocking.max-concurrency=17",
                "moirai.queue.capacity=100").run(context -> {
                    var snapshot = context.getBean(MoiraiRuntime.class).snapshot();
                    assertThat(snapshot.parallelism()).isEqualTo(3);
                    assertThat(snapshot.blockingConcurrency()).isEqualTo(17);
                    assertThat(snapshot.queueCapacity()).isEqualTo(100);
                });
    }

    @Test
    void theThreadNamePrefixNamesEveryThread() {
        this.runner.withPropertyValues("moirai.thread-name-prefix=orders-").run(context -> {
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            AsyncTaskExecutor blocking = context.getBean(MoiraiTaskExecutor.BLOCKING_BEAN_NAME, AsyncTaskExecutor.class);
            assertThat(cpu.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("orders-cpu-");
            assertThat(blocking.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("orders-blocking-");
        });
    }

    @Test
    void aFullQueueUnderTheDefaultAbortPolicyRejectsWithSpringsException() {
        this.runner.withPropertyValues("moirai.parallelism=1", "moirai.queue.capacity=1").run(context -> {
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            CountDownLatch release = new CountDownLatch(1);
            try {
                occupyTheOnlyWorkerAndTheOnlySlot(cpu, release);
                assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> cpu.execute(() -> {
                }));
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void theCallerRunsPolicyRunsAnOverflowingTaskOnTheSubmitter() {
        this.runner.withPropertyValues("moirai.parallelism=1", "moirai.queue.capacity=1",
                "moirai.queue.rejection-policy=caller-runs").run(context -> {
                    AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
                    CountDownLatch release = new CountDownLatch(1);
                    try {
                        occupyTheOnlyWorkerAndTheOnlySlot(cpu, release);
                        List<Thread> ranOn = new CopyOnWriteArrayList<>();
                        cpu.execute(() -> ranOn.add(Thread.currentThread()));
                        assertThat(ranOn).containsExactly(Thread.currentThread());
                    } finally {
                        release.countDown();
                    }
                });
    }

    @Test
    void theBlockPolicyWaitsForTheBlockTimeoutThenRejects() {
        this.runner.withPropertyValues("moirai.parallelism=1", "moirai.queue.capacity=1",
                "moirai.queue.rejection-policy=block", "moirai.queue.block-timeout=150ms").run(context -> {
                    AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
                    CountDownLatch release = new CountDownLatch(1);
                    try {
                        occupyTheOnlyWorkerAndTheOnlySlot(cpu, release);
                        long start = System.nanoTime();
                        assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> cpu.execute(() -> {
                        }));
                        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(140);
                    } finally {
                        release.countDown();
                    }
                });
    }

    private static void occupyTheOnlyWorkerAndTheOnlySlot(AsyncTaskExecutor cpu, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        cpu.execute(() -> {
            started.countDown();
            awaitQuietly(release);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        cpu.execute(() -> {
        });
    }

    @Test
    void whenDisabledNothingOfMoiraiIsDefinedAndBootsExecutorReturns() {
        this.runner.withPropertyValues("moirai.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MoiraiRuntime.class);
            assertThat(context).doesNotHaveBean(MoiraiTaskExecutor.class);
            assertThat(context).doesNotHaveBean(MoiraiTaskScheduler.class);
            assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
        });
    }

    @Test
    void bootsTaskExecutionAndSchedulingAutoConfigurationsBackOff() {
        this.runner.withUserConfiguration(AsyncAndSchedulingEnabled.class).run(context -> {
            assertThat(context).doesNotHaveBean(ThreadPoolTaskExecutor.class);
            assertThat(context).doesNotHaveBean(ThreadPoolTaskScheduler.class);
            assertThat(context).doesNotHaveBean(SimpleAsyncTaskExecutor.class);
            assertThat(context).doesNotHaveBean(SimpleAsyncTaskScheduler.class);
            assertThat(context.getBean(TaskExecutor.class)).as("the only autowiring candidate")
                    .isSameAs(context.getBean("applicationTaskExecutor")).isInstanceOf(MoiraiTaskExecutor.class);
            assertThat(context).getBean(TaskScheduler.class).isInstanceOf(MoiraiTaskScheduler.class);
            assertThat(context).getBeans(AsyncConfigurer.class).hasSize(1);
        });
    }

    @Test
    void whenSpringTaskExecutionModeIsForceThenBootsExecutorAndAsyncWiringAreUsed() {
        this.runner.withPropertyValues("spring.task.execution.mode=force").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
            assertThat(context).getBeans(AsyncConfigurer.class).hasSize(1)
                    .allSatisfy((name, configurer) -> assertThat(configurer).isNotInstanceOf(MoiraiAsyncConfigurer.class));
            assertThat(context).hasSingleBean(MoiraiRuntime.class);
        });
    }

    @Test
    void asyncMethodsRunOnTheApplicationTaskExecutorBesideSeveralOtherExecutorsAndSchedulers() {
        this.runner.withUserConfiguration(AsyncAndSchedulingEnabled.class, OtherExecutors.class, AsyncService.class)
                .run(context -> {
                    String thread = context.getBean(AsyncService.class).threadName().get(10, TimeUnit.SECONDS);
                    assertThat(thread).startsWith("moirai-blocking-");
                });
    }

    @Test
    void asyncMethodsNamingTheCpuExecutorRunOnTheCpuLane() {
        this.runner.withUserConfiguration(AsyncAndSchedulingEnabled.class, AsyncService.class).run(context -> {
            String thread = context.getBean(AsyncService.class).cpuThreadName().get(10, TimeUnit.SECONDS);
            assertThat(thread).startsWith("moirai-cpu-");
        });
    }

    @Test
    void whenUserDefinesARuntimeThenMoiraiBacksOff() {
        this.runner.withUserConfiguration(UserRuntime.class).run(context -> {
            assertThat(context).hasSingleBean(MoiraiRuntime.class);
            assertThat(context.getBean(MoiraiRuntime.class).snapshot().parallelism()).isEqualTo(1);
            assertThat(context.getBean("applicationTaskExecutor", MoiraiTaskExecutor.class).getRuntime())
                    .isSameAs(context.getBean("userRuntime"));
        });
    }

    @Test
    void whenUserDefinesTheApplicationTaskExecutorThenMoiraiBacksOffAndAsyncUsesTheUsers() {
        this.runner.withUserConfiguration(AsyncAndSchedulingEnabled.class, UserApplicationTaskExecutor.class,
                AsyncService.class).run(context -> {
                    assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
                    assertThat(context.getBean(AsyncService.class).threadName().get(10, TimeUnit.SECONDS))
                            .startsWith("user-");
                });
    }

    @Test
    void whenUserDefinesALaneExecutorOrThePropagatorThenMoiraiBacksOff() {
        this.runner.withBean(MoiraiTaskExecutor.CPU_BEAN_NAME, SimpleAsyncTaskExecutor.class, SimpleAsyncTaskExecutor::new)
                .withBean(TaskContextPropagator.class, () -> TaskContextPropagator.NONE).run(context -> {
                    assertThat(context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME)).isInstanceOf(SimpleAsyncTaskExecutor.class);
                    assertThat(context).getBean(TaskContextPropagator.class).isSameAs(TaskContextPropagator.NONE);
                    assertThat(context.getBean(MoiraiTaskExecutor.BLOCKING_BEAN_NAME)).isInstanceOf(MoiraiTaskExecutor.class);
                });
    }

    @Test
    void theLaneExecutorsCanBeInjectedByQualifier() {
        this.runner.withUserConfiguration(QualifiedInjection.class).run(context -> {
            QualifiedInjection injected = context.getBean(QualifiedInjection.class);
            assertThat(injected.cpu).isSameAs(context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME));
            assertThat(injected.byType).isSameAs(context.getBean("applicationTaskExecutor"));
        });
    }

    /**
     * An application's own executor wins injection by type over Moirai's
     * {@code applicationTaskExecutor}, as it does without the starter (where Boot's backs off):
     * adding the starter to an application with its own pool made a by-type
     * {@code TaskExecutor} injection ambiguous and start-up fail.
     */
    @Test
    void anApplicationsOwnExecutorWinsInjectionByTypeAsWithoutTheStarter() {
        this.runner.withBean("reportPool", ThreadPoolTaskExecutor.class, ThreadPoolTaskExecutor::new)
                .withUserConfiguration(QualifiedInjection.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QualifiedInjection.class).byType).isSameAs(context.getBean("reportPool"));
                    assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(MoiraiTaskExecutor.class);
                });
    }

    /**
     * {@code submitCompletable} (what {@code @Async} methods returning a
     * {@code CompletableFuture} use) returns the runtime's handle: a failure counts as failed,
     * and {@code cancel(true)} interrupts the task. Spring's default went through
     * {@code execute} inside {@code supplyAsync}: the failure counted as completed and the
     * cancelled task ran on.
     */
    @Test
    void submitCompletableGivesTheRuntimesHandle() {
        this.runner.run(context -> {
            MoiraiTaskExecutor executor = context.getBean("applicationTaskExecutor", MoiraiTaskExecutor.class);
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            CompletableFuture<String> failing = executor.submitCompletable(() -> {
                throw new java.io.IOException("boom");
            });
            assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                    .isThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).withCauseInstanceOf(java.io.IOException.class);
            assertThat(runtime.snapshot().failed()).isEqualTo(1);

            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            CompletableFuture<Void> running = executor.submitCompletable(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(); // until cancel(true) interrupts it
                } catch (InterruptedException ex) {
                    interrupted.countDown();
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(running.cancel(true)).isTrue();
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(running).isCancelled();
        });
    }

    @Test
    void whenUserDefinesATaskSchedulerThenMoiraiBacksOff() {
        this.runner.withUserConfiguration(UserTaskScheduler.class).run(context -> {
            assertThat(context).hasSingleBean(TaskScheduler.class);
            assertThat(context).doesNotHaveBean(MoiraiTaskScheduler.class);
            assertThat(context).hasBean("userScheduler");
        });
    }

    @Test
    void whenUserDefinesAnAsyncConfigurerWithoutExecutorThenItIsKeptAndFallsBackToTheApplicationTaskExecutor() {
        this.runner.withUserConfiguration(UserAsyncConfigurer.class).run(context -> {
            AsyncConfigurer configurer = context.getBean(AsyncConfigurer.class);
            assertThat(configurer).isInstanceOf(MoiraiAsyncConfigurer.class);
            assertThat(configurer.getAsyncExecutor()).isSameAs(context.getBean("applicationTaskExecutor"));
            assertThat(configurer.getAsyncUncaughtExceptionHandler())
                    .isSameAs(UserAsyncConfigurer.HANDLER);
        });
    }

    @Test
    void aUserTaskDecoratorIsAppliedToEveryExecutorAndTheScheduler() {
        this.runner.withUserConfiguration(MarkingDecorator.class).run(context -> {
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            assertThat(executor.submit(MarkingDecorator.MARK::get).get(10, TimeUnit.SECONDS)).isEqualTo("decorated");
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            assertThat(cpu.submit(MarkingDecorator.MARK::get).get(10, TimeUnit.SECONDS)).isEqualTo("decorated");
            CompletableFuture<String> seen = new CompletableFuture<>();
            context.getBean(TaskScheduler.class).schedule(() -> seen.complete(MarkingDecorator.MARK.get()),
                    java.time.Instant.now());
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("decorated");
        });
    }

    @Test
    void bootsContextPropagatingDecoratorIsLeftOutWhileMoiraiPropagatesTheSameContext() {
        AtomicInteger captures = new AtomicInteger();
        ThreadLocal<String> local = new ThreadLocal<>();
        io.micrometer.context.ContextRegistry registry = io.micrometer.context.ContextRegistry.getInstance();
        String key = "moirai.test.counting";
        registry.registerThreadLocalAccessor(new io.micrometer.context.ThreadLocalAccessor<String>() {
            @Override
            public Object key() {
                return key;
            }

            @Override
            public String getValue() {
                captures.incrementAndGet();
                return local.get();
            }

            @Override
            public void setValue(String value) {
                local.set(value);
            }

            @Override
            public void setValue() {
                local.remove();
            }
        });
        try {
            int[] readsPerTask = new int[2];
            for (int i = 0; i < 2; i++) {
                boolean bootPropagates = i == 1;
                int slot = i;
                this.runner.withPropertyValues("spring.task.execution.propagate-context=" + bootPropagates)
                        .withUserConfiguration(MarkingDecorator.class).run(context -> {
                            assertThat(context.getBeansOfType(
                                    org.springframework.core.task.support.ContextPropagatingTaskDecorator.class))
                                    .hasSize(bootPropagates ? 1 : 0);
                            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                            local.set("caller");
                            captures.set(0);
                            try {
                                String seen = executor.submit(() -> MarkingDecorator.MARK.get() + "/" + local.get())
                                        .get(10, TimeUnit.SECONDS);
                                assertThat(seen).isEqualTo("decorated/caller");
                                readsPerTask[slot] = captures.get();
                            } finally {
                                local.remove();
                            }
                        });
            }
            // Moirai reads the accessor on the caller and saves the running thread's own value;
            // Boot's decorator would read it as often again.
            assertThat(readsPerTask[1]).as("reads with Boot's propagation on").isEqualTo(readsPerTask[0]).isPositive();
        } finally {
            registry.removeThreadLocalAccessor(key);
        }
    }

    @Test
    void runtimeListenerBeansAndCustomizersAreAppliedToTheBuilder() {
        this.runner.withUserConfiguration(ListenerAndCustomizer.class).run(context -> {
            ListenerAndCustomizer config = context.getBean(ListenerAndCustomizer.class);
            assertThat(config.events).first().isInstanceOf(RuntimeEvent.Started.class);
            assertThat(context.getBean(MoiraiRuntime.class).snapshot().parallelism()).isEqualTo(2);
        });
    }

    @Test
    void withoutContextPropagationOnTheClassPathTasksStillRun() {
        this.runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                io.micrometer.context.ContextRegistry.class)).run(context -> {
                    assertThat(context).doesNotHaveBean(TaskContextPropagator.class);
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    assertThat(executor.submit(() -> "ran").get(10, TimeUnit.SECONDS)).isEqualTo("ran");
                });
    }

    @Test
    void startUpSaysWhichSpringTaskSettingsAreHonouredOrIgnored(CapturedOutput output) {
        this.runner.withPropertyValues("spring.task.execution.pool.core-size=4",
                "spring.task.scheduling.thread-name-prefix=sched-", "spring.task.execution.mode=auto")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("honoured: spring.task.execution.mode=auto")
                .contains("ignored: spring.task.execution.pool.core-size (use moirai.parallelism")
                .contains("spring.task.scheduling.thread-name-prefix (use moirai.thread-name-prefix)");
    }

    @Test
    void withoutSpringTaskSettingsNothingIsSaidAboutThem(CapturedOutput output) {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("Moirai runtime started").doesNotContain("Moirai and Boot's task settings");
    }

    @Test
    void enabledVirtualThreadsAreReportedWithWhatMoiraiDoesInstead(CapturedOutput output) {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "moirai.blocking.max-concurrency=64")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("WARN").contains("Moirai and Boot's task settings: ignored: "
                + "spring.threads.virtual.enabled=true for task execution (it still applies to the web server and "
                + "Boot's other thread pools; @Async and MVC async: Moirai's blocking lane runs them on virtual "
                + "threads too, at most moirai.blocking.max-concurrency=64 at once; scheduled tasks fire on the "
                + "runtime's timer)");
    }

    @Test
    void enabledVirtualThreadsOnTheCpuLaneAreReportedAsSuch(CapturedOutput output) {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "moirai.task-execution.default-lane=cpu")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("@Async and MVC async: Moirai's CPU workers run them "
                + "(moirai.task-execution.default-lane=cpu)");
    }

    @Test
    void enabledVirtualThreadsWithBootsExecutorForcedAreHonoured(CapturedOutput output) {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "spring.task.execution.mode=force")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
                });
        assertThat(output).contains("applicationTaskExecutor is Boot's (spring.task.execution.mode=force)")
                .doesNotContain("applicationTaskExecutor runs on the")
                .contains("honoured: spring.task.execution.mode=force")
                .contains("spring.threads.virtual.enabled=true (Boot's forced applicationTaskExecutor uses virtual "
                        + "threads; scheduled tasks still fire on Moirai's timer)")
                .doesNotContain("ignored:");
    }

    @Test
    void withBootsExecutorForcedItsExecutionSettingsAreHonouredAndTheSchedulingOnesStillIgnored(CapturedOutput output) {
        this.runner.withPropertyValues("spring.task.execution.mode=force", "spring.task.execution.pool.max-size=16",
                        "spring.task.execution.thread-name-prefix=app-", "spring.task.scheduling.pool.size=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class).getMaxPoolSize())
                            .isEqualTo(16);
                });
        assertThat(output).contains("honoured: spring.task.execution.mode=force")
                .contains("spring.task.execution.pool.max-size (by Boot's forced applicationTaskExecutor)")
                .contains("spring.task.execution.thread-name-prefix (by Boot's forced applicationTaskExecutor)")
                .contains("ignored: spring.task.scheduling.pool.size (use nothing: scheduled tasks fire on the "
                        + "runtime's timer)");
    }

    @Test
    void aRejectionPolicyWithoutCapacityIsReportedAsIneffective(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.queue.rejection-policy=caller-runs")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("moirai.queue.rejection-policy has no effect without moirai.queue.capacity");
    }

    @Test
    void theLargestCapacityIsReportedAsTheUnboundedQueueItIs(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.queue.capacity=2147483647", "moirai.queue.rejection-policy=block")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("queues unbounded").doesNotContain("bounded at")
                .contains("moirai.queue.rejection-policy has no effect without moirai.queue.capacity");
    }

    @Test
    void aBlockTimeoutWithAnotherPolicyIsReportedAsIneffective(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.queue.capacity=10", "moirai.queue.block-timeout=30s")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("moirai.queue.block-timeout has no effect unless moirai.queue.rejection-policy "
                + "is block (it is abort)");
    }

    @Test
    void pinningMoreWorkersThanCpusIsReported(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.parallelism=3", "moirai.topology.cpus=0", "moirai.topology.pin-workers=true")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("moirai.topology.pin-workers pins 3 CPU workers to 1 CPU(s), so some share a CPU");
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    @EnableScheduling
    static class AsyncAndSchedulingEnabled {
    }

    /** Two executors, neither primary nor named taskExecutor: neither is the obvious one for @Async. */
    @Configuration(proxyBeanMethods = false)
    static class OtherExecutors {

        @Bean
        Executor reportExecutor() {
            return new SimpleAsyncTaskExecutor("report-");
        }

        @Bean
        Executor auditExecutor() {
            return new SimpleAsyncTaskExecutor("audit-");
        }
    }

    static class AsyncService {

        @Async
        public CompletableFuture<String> threadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Async(MoiraiTaskExecutor.CPU_BEAN_NAME)
        public CompletableFuture<String> cpuThreadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }
    }

    static class QualifiedInjection {

        final AsyncTaskExecutor cpu;
        final AsyncTaskExecutor byType;

        QualifiedInjection(@org.springframework.beans.factory.annotation.Qualifier(MoiraiTaskExecutor.CPU_BEAN_NAME)
                AsyncTaskExecutor cpu, AsyncTaskExecutor byType) {
            this.cpu = cpu;
            this.byType = byType;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRuntime {

        @Bean(destroyMethod = "close")
        MoiraiRuntime userRuntime() {
            return MoiraiRuntime.builder().parallelism(1).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserApplicationTaskExecutor {

        @Bean
        SimpleAsyncTaskExecutor applicationTaskExecutor() {
            return new SimpleAsyncTaskExecutor("user-");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTaskScheduler {

        @Bean
        SimpleAsyncTaskScheduler userScheduler() {
            return new SimpleAsyncTaskScheduler();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserAsyncConfigurer implements AsyncConfigurer {

        static final org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler HANDLER = (ex, method,
                params) -> {
        };

        @Override
        public org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
            return HANDLER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MarkingDecorator {

        static final ThreadLocal<String> MARK = new ThreadLocal<>();

        @Bean
        TaskDecorator markingTaskDecorator() {
            return task -> () -> {
                MARK.set("decorated");
                try {
                    task.run();
                } finally {
                    MARK.remove();
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerAndCustomizer {

        final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        RuntimeListener recordingListener() {
            return new RuntimeListener() {
                @Override
                public void runtimeEvent(RuntimeEvent event) {
                    ListenerAndCustomizer.this.events.add(event);
                }
            };
        }

        @Bean
        MoiraiRuntimeCustomizer twoWorkers() {
            return builder -> builder.parallelism(2);
        }
    }
}
