package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.MoiraiTaskScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Which executor {@code @Async} methods run on when the application has executors of its own:
 * each real {@code @Async} call reports the thread that ran it. The application's executor is
 * kept (its own configurer, a bean named {@code taskExecutor}, a single {@code TaskExecutor}
 * that is not a scheduler) unless {@code moirai.task-execution.take-over-async=true}; Moirai's
 * named beans exist either way, and start-up says in one line which executor it is and why.
 */
@ExtendWith(OutputCaptureExtension.class)
class MoiraiAsyncExecutorTests {

    private static final String REPORT = "@Async methods run on ";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
            .withUserConfiguration(AsyncEnabled.class, AsyncService.class);

    @Test
    void withoutAnExecutorOfItsOwnTheApplicationGetsMoirai(CapturedOutput output) {
        this.runner.run(context -> {
            assertThat(asyncThread(context)).startsWith("moirai-blocking-");
            assertMoiraisBeansArePresent(context);
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "Moirai's applicationTaskExecutor (blocking lane): "
                        + "the application defines no executor of its own");
    }

    @Test
    void anOwnBeanNamedTaskExecutorIsKept(CapturedOutput output) {
        this.runner.withUserConfiguration(OwnTaskExecutor.class, SecondExecutor.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("own-");
            assertMoiraisBeansArePresent(context);
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "the application's 'taskExecutor' (ThreadPoolTaskExecutor), not on Moirai: "
                        + "a bean named taskExecutor is Spring's default executor for @Async; "
                        + "set moirai.task-execution.take-over-async=true to run them on Moirai's "
                        + "applicationTaskExecutor");
    }

    @Test
    void anOwnAsyncConfigurerIsKeptWithItsExceptionHandler(CapturedOutput output) {
        OwnAsyncConfigurer.CALLS.set(0);
        this.runner.withUserConfiguration(OwnAsyncConfigurer.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("configured-");
            assertThat(context.getBean(AsyncConfigurer.class).getAsyncUncaughtExceptionHandler())
                    .isSameAs(OwnAsyncConfigurer.HANDLER);
            assertThat(OwnAsyncConfigurer.CALLS).as("getAsyncExecutor() calls").hasValue(1);
            assertMoiraisBeansArePresent(context);
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "the executor (ThreadPoolTaskExecutor) that the application's AsyncConfigurer '")
                .contains("OwnAsyncConfigurer' gives, not on Moirai: the application configured @Async itself; "
                        + "set moirai.task-execution.take-over-async=true");
    }

    @Test
    void aSingleOwnThreadPoolTaskExecutorIsKept(CapturedOutput output) {
        this.runner.withUserConfiguration(OwnPool.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("pool-");
            assertMoiraisBeansArePresent(context);
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "the application's 'reportPool' (ThreadPoolTaskExecutor), not on Moirai: "
                        + "it is the application's only TaskExecutor bean (schedulers aside)");
    }

    /*
     * Without the starter, Boot's applicationTaskExecutor backs off for an application's own pool, so a
     * lookup by type finds that pool: the starter's executors must not make it ambiguous.
     */
    @Test
    void anOwnPoolIsWhatALookupByTypeFinds() {
        this.runner.withUserConfiguration(OwnPool.class, InjectedByType.class, ExecutorInjectedByType.class).run(context -> {
            assertThat(context).hasNotFailed();
            Object pool = context.getBean("reportPool");
            assertThat(context.getBean(TaskExecutor.class)).isSameAs(pool);
            assertThat(context.getBean(Executor.class)).isSameAs(pool);
            assertThat(context.getBean(AsyncTaskExecutor.class)).isSameAs(pool);
            assertThat(context.getBeanProvider(TaskExecutor.class).getIfUnique()).isSameAs(pool);
            assertThat(context.getBean(InjectedByType.class).executor).isSameAs(pool);
            assertThat(context.getBean(ExecutorInjectedByType.class).executor).isSameAs(pool);
            assertThat(context.getBean(ExecutorService.class)).isSameAs(context.getBean(MoiraiRuntime.class));
        });
    }

    @Test
    void anOwnExecutorMeantForInjectionByNameLeavesLookupsByTypeToTheApplicationTaskExecutor() {
        this.runner.withUserConfiguration(NamedOnlyPool.class, ExecutorInjectedByType.class).run(context -> {
            assertThat(context).hasNotFailed();
            Object applicationTaskExecutor = context.getBean("applicationTaskExecutor");
            assertThat(context.getBean(Executor.class)).isSameAs(applicationTaskExecutor);
            assertThat(context.getBeanProvider(Executor.class).getObject()).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(TaskExecutor.class)).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(ExecutorInjectedByType.class).executor).isSameAs(applicationTaskExecutor);
        });
    }

    @Test
    void anOwnExecutorServiceIsWhatALookupByTypeFinds() {
        this.runner.withUserConfiguration(OwnExecutorService.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ExecutorService.class)).isSameAs(context.getBean("ownExecutorService"));
            assertThat(context.getBean(Executor.class)).isSameAs(context.getBean("ownExecutorService"));
            assertThat(context.getBean(MoiraiRuntime.class)).isNotNull();
        });
    }

    @Test
    void withoutAnOwnExecutorALookupByTypeFindsTheApplicationTaskExecutor() {
        this.runner.withUserConfiguration(InjectedByType.class, ExecutorInjectedByType.class).run(context -> {
            assertThat(context).hasNotFailed();
            Object applicationTaskExecutor = context.getBean("applicationTaskExecutor");
            assertThat(context.getBean(TaskExecutor.class)).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(Executor.class)).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(MoiraiTaskExecutor.class)).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(InjectedByType.class).executor).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(ExecutorInjectedByType.class).executor).isSameAs(applicationTaskExecutor);
            assertThat(context.getBean(ExecutorService.class)).isSameAs(context.getBean(MoiraiRuntime.class));
        });
    }

    @Test
    void aSingleOwnExecutorDeclaredAsAnExecutorIsKept() {
        this.runner.withUserConfiguration(SecondExecutor.class)
                .run(context -> assertThat(asyncThread(context)).startsWith("second-"));
    }

    @Test
    void anOwnTaskSchedulerAloneDoesNotCountAndTheApplicationGetsMoirai(CapturedOutput output) {
        this.runner.withUserConfiguration(OwnScheduler.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("moirai-blocking-");
            assertThat(context).doesNotHaveBean(MoiraiTaskScheduler.class);
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "Moirai's applicationTaskExecutor (blocking lane): "
                        + "the application defines no executor of its own");
    }

    @Test
    void severalOwnExecutorsWithoutAPrimaryOrATaskExecutorGiveMoirai(CapturedOutput output) {
        this.runner.withUserConfiguration(OwnPool.class, SecondExecutor.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("moirai-blocking-");
        });
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "Moirai's applicationTaskExecutor (blocking lane): the application's "
                        + "TaskExecutor beans 'reportPool', 'secondExecutor' are several, none primary and none "
                        + "named taskExecutor");
    }

    @Test
    void anOwnExecutorThatIsNotADefaultCandidateIsLeftToInjectionByName() {
        this.runner.withUserConfiguration(NamedOnlyPool.class).run(context -> {
            assertThat(asyncThread(context)).startsWith("moirai-blocking-");
            assertThat(context.getBean(AsyncService.class).namedPoolThreadName().get(10, TimeUnit.SECONDS))
                    .startsWith("named-");
        });
    }

    @Test
    void thePrimaryOneOfSeveralOwnExecutorsIsKept() {
        this.runner.withUserConfiguration(PrimaryPool.class, SecondExecutor.class)
                .run(context -> assertThat(asyncThread(context)).startsWith("primary-"));
    }

    @Test
    void anOwnAsyncConfigurerWithoutAnExecutorFallsBackToTheApplicationsExecutor() {
        this.runner.withUserConfiguration(HandlerOnlyAsyncConfigurer.class, OwnPool.class)
                .run(context -> assertThat(asyncThread(context)).startsWith("pool-"));
    }

    @Test
    void anOwnAsyncConfigurerWithoutAnExecutorAndNoOtherExecutorFallsBackToMoirai(CapturedOutput output) {
        this.runner.withUserConfiguration(HandlerOnlyAsyncConfigurer.class)
                .run(context -> assertThat(asyncThread(context)).startsWith("moirai-blocking-"));
        assertThat(output).containsOnlyOnce(REPORT).contains("gives no executor, and the application defines "
                + "no executor of its own");
    }

    @ParameterizedTest
    @ValueSource(classes = { OwnTaskExecutor.class, OwnAsyncConfigurer.class, OwnPool.class, OwnScheduler.class,
            SecondExecutor.class })
    void takeOverAsyncRunsAsyncOnMoiraiWhateverTheApplicationDefines(Class<?> own, CapturedOutput output) {
        this.runner.withUserConfiguration(own).withPropertyValues("moirai.task-execution.take-over-async=true")
                .run(context -> {
                    assertThat(asyncThread(context)).startsWith("moirai-blocking-");
                    assertThat(context.getBean(AsyncConfigurer.class).getAsyncExecutor())
                            .isSameAs(context.getBean("applicationTaskExecutor"));
                });
        assertThat(output).containsOnlyOnce(REPORT).contains(REPORT + "Moirai's applicationTaskExecutor "
                + "(blocking lane): moirai.task-execution.take-over-async=true");
    }

    @Test
    void takingOverFromAnAsyncConfigurerKeepsItsHandlerAndNeverAsksForItsExecutor(CapturedOutput output) {
        OwnAsyncConfigurer.CALLS.set(0);
        this.runner.withUserConfiguration(OwnAsyncConfigurer.class)
                .withPropertyValues("moirai.task-execution.take-over-async=true").run(context -> {
                    assertThat(asyncThread(context)).startsWith("moirai-blocking-");
                    assertThat(context.getBean(AsyncConfigurer.class).getAsyncUncaughtExceptionHandler())
                            .isSameAs(OwnAsyncConfigurer.HANDLER);
                    assertThat(OwnAsyncConfigurer.CALLS).hasValue(0);
                });
        assertThat(output).contains("take-over-async=true, instead of the executor of the application's "
                + "AsyncConfigurer '");
    }

    @Test
    void takingOverFromAnOwnTaskExecutorSaysWhichItReplaces(CapturedOutput output) {
        this.runner.withUserConfiguration(OwnTaskExecutor.class)
                .withPropertyValues("moirai.task-execution.take-over-async=true")
                .run(context -> assertThat(asyncThread(context)).startsWith("moirai-blocking-"));
        assertThat(output).contains(REPORT + "Moirai's applicationTaskExecutor (blocking lane): "
                + "moirai.task-execution.take-over-async=true, instead of the application's 'taskExecutor'");
    }

    @Test
    void asyncMethodsWaitingForAsyncMethodsCompleteWhenEveryPermitIsHeldByAWaiter() {
        this.runner.withUserConfiguration(InnerService.class, OuterService.class)
                .withPropertyValues("moirai.blocking.max-concurrency=1").run(context -> {
                    OuterService outer = context.getBean(OuterService.class);
                    List<CompletableFuture<String>> calls = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        calls.add(outer.callInner(i));
                    }
                    for (int i = 0; i < 4; i++) {
                        assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("outer(inner(" + i + "))");
                    }
                    assertThat(context.getBean(MoiraiRuntime.class).snapshot().completed()).isEqualTo(8);
                });
    }

    @Test
    void onTheCpuLaneTheReportNamesIt(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.task-execution.default-lane=cpu")
                .run(context -> assertThat(asyncThread(context)).startsWith("moirai-cpu-"));
        assertThat(output).contains(REPORT + "Moirai's applicationTaskExecutor (cpu lane)");
    }

    @Test
    void anOwnApplicationTaskExecutorReplacesMoiraisWithoutATakeOverHint(CapturedOutput output) {
        this.runner.withBean("applicationTaskExecutor", SimpleAsyncTaskExecutor.class,
                () -> new SimpleAsyncTaskExecutor("replaced-"))
                .run(context -> assertThat(asyncThread(context)).startsWith("replaced-"));
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "the application's 'applicationTaskExecutor' (SimpleAsyncTaskExecutor), not on "
                        + "Moirai: it is the application's only TaskExecutor bean (schedulers aside)")
                .doesNotContain("take-over-async");
    }

    @Test
    void takingOverWithAnOwnApplicationTaskExecutorSaysItHasNoEffectAndStartUpNamesTheOwnExecutor(
            CapturedOutput output) {
        this.runner.withBean("applicationTaskExecutor", SimpleAsyncTaskExecutor.class,
                () -> new SimpleAsyncTaskExecutor("replaced-"))
                .withPropertyValues("moirai.task-execution.take-over-async=true")
                .run(context -> assertThat(asyncThread(context)).startsWith("replaced-"));
        assertThat(output).containsOnlyOnce(REPORT)
                .contains(REPORT + "the application's 'applicationTaskExecutor' (SimpleAsyncTaskExecutor), not on "
                        + "Moirai: it is the application's only TaskExecutor bean (schedulers aside); "
                        + "moirai.task-execution.take-over-async=true has no effect: the application's own "
                        + "applicationTaskExecutor replaces Moirai's")
                .doesNotContain("instead of the application's 'applicationTaskExecutor'")
                .contains("applicationTaskExecutor is the application's own (SimpleAsyncTaskExecutor)")
                .doesNotContain("applicationTaskExecutor runs on the");
    }

    @Test
    void withoutEnableAsyncStartUpSaysThatAsyncMethodsRunOnTheCallingThread(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class,
                        TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
                .withUserConfiguration(AsyncService.class)
                .run(context -> {
                    assertThat(asyncThread(context)).isEqualTo(Thread.currentThread().getName());
                    assertMoiraisBeansArePresent(context);
                });
        assertThat(output).doesNotContain(REPORT)
                .containsOnlyOnce("@Async is not enabled (no @EnableAsync): @Async methods run in the calling "
                        + "thread; add @EnableAsync to a @Configuration class to run them on applicationTaskExecutor");
    }

    @Test
    void anExecutorReplacingAMoiraiLaneExecutorIsNotTakenForTheDefault() {
        this.runner.withBean(MoiraiTaskExecutor.CPU_BEAN_NAME, SimpleAsyncTaskExecutor.class,
                () -> new SimpleAsyncTaskExecutor("lane-"))
                .run(context -> assertThat(asyncThread(context)).startsWith("moirai-blocking-"));
    }

    @Test
    void whenBootsExecutorIsForcedMoiraiSaysNothingAboutAsync(CapturedOutput output) {
        this.runner.withPropertyValues("spring.task.execution.mode=force")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain(REPORT);
    }

    private static String asyncThread(AssertableApplicationContext context) throws Exception {
        assertThat(context).hasNotFailed();
        return context.getBean(AsyncService.class).threadName().get(10, TimeUnit.SECONDS);
    }

    private static void assertMoiraisBeansArePresent(AssertableApplicationContext context) {
        assertThat(context).hasSingleBean(MoiraiRuntime.class);
        assertThat(context.getBean("applicationTaskExecutor")).isInstanceOf(MoiraiTaskExecutor.class);
        assertThat(context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME)).isInstanceOf(MoiraiTaskExecutor.class);
        assertThat(context.getBean("taskScheduler")).isInstanceOf(MoiraiTaskScheduler.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    @EnableScheduling
    static class AsyncEnabled {
    }

    static class AsyncService {

        @Async
        public CompletableFuture<String> threadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @Async("namedPool")
        public CompletableFuture<String> namedPoolThreadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }
    }

    static class InnerService {

        @Async
        public CompletableFuture<String> inner(int i) {
            return CompletableFuture.completedFuture("inner(" + i + ")");
        }
    }

    static class OuterService {

        private final InnerService inner;

        OuterService(InnerService inner) {
            this.inner = inner;
        }

        /** Holds the only permit while it waits for the inner call, queued behind that permit. */
        @Async
        public CompletableFuture<String> callInner(int i) {
            return CompletableFuture.completedFuture("outer(" + this.inner.inner(i).join() + ")");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedOnlyPool {

        @Bean(defaultCandidate = false)
        ThreadPoolTaskExecutor namedPool() {
            return pool("named-");
        }
    }

    private static ThreadPoolTaskExecutor pool(String prefix) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setThreadNamePrefix(prefix);
        pool.setCorePoolSize(1);
        pool.setDaemon(true);
        return pool;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTaskExecutor {

        @Bean
        ThreadPoolTaskExecutor taskExecutor() {
            return pool("own-");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPool {

        @Bean
        ThreadPoolTaskExecutor reportPool() {
            return pool("pool-");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InjectedByType {

        final TaskExecutor executor;

        InjectedByType(TaskExecutor executor) {
            this.executor = executor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExecutorInjectedByType {

        final Executor executor;

        ExecutorInjectedByType(Executor executor) {
            this.executor = executor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnExecutorService {

        @Bean(destroyMethod = "shutdownNow")
        ExecutorService ownExecutorService() {
            return Executors.newSingleThreadExecutor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryPool {

        @Bean
        @Primary
        ThreadPoolTaskExecutor primaryPool() {
            return pool("primary-");
        }
    }

    /** Declared as a plain {@code Executor}: what counts is the bean's type, not the method's. */
    @Configuration(proxyBeanMethods = false)
    static class SecondExecutor {

        @Bean
        Executor secondExecutor() {
            return new SimpleAsyncTaskExecutor("second-");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnScheduler {

        @Bean
        ThreadPoolTaskScheduler ownScheduler() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setThreadNamePrefix("scheduler-");
            return scheduler;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAsyncConfigurer implements AsyncConfigurer {

        static final AsyncUncaughtExceptionHandler HANDLER = (ex, method, params) -> {
        };

        /** Static: the bean itself is wrapped, so a test cannot look it up by its class. */
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public Executor getAsyncExecutor() {
            CALLS.incrementAndGet();
            ThreadPoolTaskExecutor executor = pool("configured-");
            executor.initialize();
            return executor;
        }

        @Override
        public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
            return HANDLER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerOnlyAsyncConfigurer implements AsyncConfigurer {

        @Override
        public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
            return OwnAsyncConfigurer.HANDLER;
        }
    }
}
