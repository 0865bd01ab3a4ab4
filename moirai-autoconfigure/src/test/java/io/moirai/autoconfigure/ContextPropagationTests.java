package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller's {@code SecurityContext} and MDC travel with each task through the Spring-facing
 * executors and the scheduler, and nothing of one task's context reaches the next.
 */
class ContextPropagationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class))
            .withPropertyValues("moirai.parallelism=1", "moirai.blocking.max-concurrency=1");

    @AfterEach
    void clearCallerContext() {
        SecurityContextHolder.clearContext();
        MDC.clear();
    }

    @Test
    void theCallersSecurityContextAndMdcTravelWithTheTaskOnBothLanes() {
        this.runner.run(context -> {
            for (String name : new String[] { "applicationTaskExecutor", MoiraiTaskExecutor.CPU_BEAN_NAME }) {
                AsyncTaskExecutor executor = context.getBean(name, AsyncTaskExecutor.class);
                actAs("alice");
                MDC.put("request", "r-1");
                assertThat(executor.submit(ContextPropagationTests::seen).get(10, TimeUnit.SECONDS))
                        .isEqualTo("alice/r-1");
            }
        });
    }

    @Test
    void aTaskSubmittedWithoutContextSeesNoneEvenOnAThreadThatRanAnotherUsersTask() {
        this.runner.run(context -> {
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            actAs("alice");
            MDC.put("request", "r-1");
            // a task that leaves its own context behind on the single worker
            cpu.submit(() -> {
                actAs("mallory");
                MDC.put("request", "leaked");
            }).get(10, TimeUnit.SECONDS);
            SecurityContextHolder.clearContext();
            MDC.clear();
            assertThat(cpu.submit(ContextPropagationTests::seen).get(10, TimeUnit.SECONDS)).isEqualTo("none/none");
        });
    }

    @Test
    void scheduledTasksRunInTheContextOfWhoScheduledThem() {
        this.runner.run(context -> {
            actAs("bob");
            CompletableFuture<String> seen = new CompletableFuture<>();
            context.getBean(TaskScheduler.class).schedule(() -> seen.complete(seen()), Instant.now().plusMillis(20));
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("bob/none");
        });
    }

    @Test
    void aTaskRunsWithItsOwnCopyOfTheCallersSecurityContext() {
        this.runner.run(context -> {
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            actAs("alice");
            SecurityContext callers = SecurityContextHolder.getContext();
            assertThat(cpu.submit(() -> {
                SecurityContext own = SecurityContextHolder.getContext();
                own.setAuthentication(new TestingAuthenticationToken("mallory", "n/a"));
                return own != callers;
            }).get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(callers.getAuthentication().getName()).isEqualTo("alice");
        });
    }

    @Test
    void aSubmitterThatRunsTheTaskItselfGetsItsOwnContextBackWhateverTheTaskDid() {
        this.runner.withPropertyValues("moirai.queue.capacity=1", "moirai.queue.rejection-policy=caller-runs")
                .run(context -> {
                    AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    try {
                        cpu.execute(() -> {
                            started.countDown();
                            awaitQuietly(release);
                        });
                        started.await();
                        cpu.execute(() -> { }); // the only queue slot
                        actAs("alice");
                        MDC.put("request", "r-1");
                        Thread submitter = Thread.currentThread();
                        List<String> inline = new CopyOnWriteArrayList<>();
                        Future<?> future = cpu.submit(() -> {
                            inline.add((Thread.currentThread() == submitter) + " " + seen());
                            actAs("mallory");
                            MDC.put("request", "r-2");
                            MDC.put("left", "behind");
                            throw new IllegalStateException("boom");
                        });
                        assertThat(inline).containsExactly("true alice/r-1");
                        assertThatThrownBy(future::get).hasCauseInstanceOf(IllegalStateException.class);
                        assertThat(seen()).isEqualTo("alice/r-1");
                        assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("request", "r-1"));
                    } finally {
                        release.countDown();
                    }
                });
    }

    @Test
    void aTaskDecoratorRunsInTheCallersContext() {
        List<String> decoratorSaw = new CopyOnWriteArrayList<>();
        this.runner.withBean(TaskDecorator.class, () -> task -> () -> {
            decoratorSaw.add(seen());
            task.run();
        }).run(context -> {
            actAs("alice");
            MDC.put("request", "r-1");
            for (String name : new String[] { "applicationTaskExecutor", MoiraiTaskExecutor.CPU_BEAN_NAME }) {
                context.getBean(name, AsyncTaskExecutor.class).submit(() -> { }).get(10, TimeUnit.SECONDS);
            }
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            context.getBean(TaskScheduler.class).schedule(() -> scheduled.complete(null), Instant.now());
            scheduled.get(10, TimeUnit.SECONDS);
            assertThat(decoratorSaw).containsExactly("alice/r-1", "alice/r-1", "alice/r-1");
        });
    }

    @Test
    void aStageAddedBeforeTheTaskEndsRunsWithoutTheCallersContext() {
        this.runner.run(context -> {
            MoiraiTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, MoiraiTaskExecutor.class);
            actAs("alice");
            MDC.put("request", "r-1");
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<String> future = cpu.submitCompletable(() -> {
                go.await();
                return seen();
            });
            CompletableFuture<String> stage = future.thenApply(inTask -> inTask + " then " + seen());
            go.countDown();
            // the handle completes once the task's context is off the thread (docs/spring.md)
            assertThat(stage.get(10, TimeUnit.SECONDS)).isEqualTo("alice/r-1 then none/none");
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theMdcAccessorIsRegisteredOnceEvenWhenManyContextsStart() {
        this.runner.run(first -> this.runner.run(second -> assertThat(
                io.micrometer.context.ContextRegistry.getInstance().getThreadLocalAccessors().stream()
                        .filter(accessor -> io.micrometer.context.integration.Slf4jThreadLocalAccessor.KEY
                                .equals(accessor.key()))
                        .count()).isEqualTo(1)));
    }

    private static void actAs(String user) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, "n/a", "ROLE_USER"));
    }

    private static String seen() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String request = MDC.get("request");
        return (authentication != null ? authentication.getName() : "none") + "/" + (request != null ? request : "none");
    }
}
