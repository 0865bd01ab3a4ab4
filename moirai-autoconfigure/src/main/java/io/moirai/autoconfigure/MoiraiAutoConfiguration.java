package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.spring.MoiraiRuntimeCustomizer;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.MoiraiTaskScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Puts a {@link MoiraiRuntime} under the application's {@code @Async} methods, Spring MVC async
 * requests and scheduled tasks.
 *
 * <p>Beans, each backing off when the application defines its own:
 * <ul>
 *   <li>the {@link MoiraiRuntime}, built from the {@code moirai.*} properties with every
 *       {@link RuntimeListener} bean registered and every {@link MoiraiRuntimeCustomizer}
 *       applied, and stopped by a {@link MoiraiRuntimeLifecycle} in Boot's graceful shutdown;</li>
 *   <li>{@code applicationTaskExecutor}: a {@link MoiraiTaskExecutor} on
 *       {@code moirai.task-execution.default-lane}, with an {@link AsyncConfigurer} that gives
 *       {@code @Async} the application's own executor if it has one (its own configurer, a bean
 *       named {@code taskExecutor}, or a single {@code TaskExecutor} that is not a scheduler) and
 *       this one otherwise, or always with {@code moirai.task-execution.take-over-async=true};
 *       start-up logs which and why (both back off when {@code spring.task.execution.mode=force}
 *       asks for Boot's own executor);</li>
 *   <li>{@code moiraiCpuTaskExecutor} and {@code moiraiBlockingTaskExecutor}, one per lane, for
 *       {@code @Async("moiraiCpuTaskExecutor")} or injection with that {@code @Qualifier}; they are
 *       not default candidates, so injecting a {@code TaskExecutor} by type still finds
 *       {@code applicationTaskExecutor} alone;</li>
 *   <li>{@code taskScheduler}: a {@link MoiraiTaskScheduler} on the runtime's timer;</li>
 *   <li>a {@link RuntimeListener} that publishes Boot's {@code ReadinessState.REFUSING_TRAFFIC}
 *       when the runtime is paused and {@code ACCEPTING_TRAFFIC} when it resumes, so readiness
 *       probes follow a pause (liveness never does).</li>
 * </ul>
 *
 * <p>Ordered before Boot's task execution and scheduling auto-configurations: they back off
 * because an {@code Executor} (the runtime) and a {@link TaskScheduler} bean exist.
 *
 * <p>A shell, as Boot's {@code TaskExecutionAutoConfiguration} is: the beans are declared by the
 * imported configurations, in this order (the runtime first, then the context propagator the
 * executors and the scheduler pick up).
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@Conditional(OnMoiraiEnabledCondition.class)
@EnableConfigurationProperties(MoiraiProperties.class)
@Import({ MoiraiRuntimeConfiguration.class, MoiraiContextPropagationConfiguration.class,
        MoiraiTaskExecutionConfiguration.class, MoiraiTaskSchedulingConfiguration.class,
        MoiraiClusterPropertiesWithoutClusterConfiguration.class })
public final class MoiraiAutoConfiguration {

}
