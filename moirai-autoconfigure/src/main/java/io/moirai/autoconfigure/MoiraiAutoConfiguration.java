package io.moirai.autoconfigure;

import io.micrometer.context.ContextSnapshotFactory;
import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeListener;
import io.moirai.topology.Topology;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
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
 *       {@code moirai.task-execution.default-lane}, with an {@link AsyncConfigurer} so that
 *       {@code @Async} uses it however many executors and schedulers exist (both back off when
 *       {@code spring.task.execution.mode=force} asks for Boot's own executor);</li>
 *   <li>{@code moiraiCpuTaskExecutor} and {@code moiraiBlockingTaskExecutor}, one per lane, for
 *       {@code @Async("moiraiCpuTaskExecutor")} or injection with that {@code @Qualifier}; they are
 *       not default candidates, so injecting a {@code TaskExecutor} by type still finds
 *       {@code applicationTaskExecutor} alone;</li>
 *   <li>{@code taskScheduler}: a {@link MoiraiTaskScheduler} on the runtime's timer.</li>
 * </ul>
 *
 * <p>Ordered before Boot's task execution and scheduling auto-configurations: they back off
 * because an {@code Executor} (the runtime) and a {@link TaskScheduler} bean exist.
 */
@AutoConfiguration(before = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "moirai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MoiraiProperties.class)
public final class MoiraiAutoConfiguration {

    private static final Log logger = LogFactory.getLog(MoiraiAutoConfiguration.class);

    /** So that one start-up failure names every bad moirai.* value, not only the first unconvertible one. */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor moiraiPropertiesBindHandlerAdvisor() {
        return MoiraiPropertiesBindHandler.advisor();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    MoiraiRuntime moiraiRuntime(MoiraiProperties properties, ObjectProvider<RuntimeListener> listeners,
            ObjectProvider<MoiraiRuntimeCustomizer> customizers, Environment environment) {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder()
                .threadNamePrefix(properties.getThreadNamePrefix())
                .blockingConcurrency(properties.getBlocking().getMaxConcurrency())
                .rejectionPolicy(properties.getQueue().getRejectionPolicy())
                .blockTimeout(properties.getQueue().getBlockTimeout())
                .uncaughtExceptionHandler(new LoggingUncaughtExceptionHandler());
        if (properties.getParallelism() != null) {
            builder.parallelism(properties.getParallelism());
        }
        if (properties.getQueue().getCapacity() != null) {
            builder.queueCapacity(properties.getQueue().getCapacity());
        }
        if (properties.getTopology().getCpus() != null) {
            builder.cpus(Topology.parseCpuList(properties.getTopology().getCpus()));
        }
        builder.pinWorkers(properties.getTopology().isPinWorkers());
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        MoiraiRuntime runtime = builder.build();
        logStarted(runtime, properties);
        SpringTaskPropertiesReport.log(environment, logger);
        return runtime;
    }

    @Bean
    @ConditionalOnMissingBean
    MoiraiRuntimeLifecycle moiraiRuntimeLifecycle(MoiraiRuntime moiraiRuntime, MoiraiProperties properties,
            ObjectProvider<MoiraiTaskScheduler> schedulers, ApplicationEventPublisher publisher) {
        return new MoiraiRuntimeLifecycle(moiraiRuntime, properties.getShutdown(), schedulers, publisher);
    }

    @Bean(name = MoiraiTaskExecutor.CPU_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.CPU_BEAN_NAME)
    MoiraiTaskExecutor moiraiCpuTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.CPU, propagator(propagator), decorator(taskDecorator));
    }

    @Bean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME)
    MoiraiTaskExecutor moiraiBlockingTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.BLOCKING, propagator(propagator), decorator(taskDecorator));
    }

    @Bean(name = "taskScheduler")
    @ConditionalOnMissingBean(value = TaskScheduler.class, name = "taskScheduler")
    MoiraiTaskScheduler taskScheduler(MoiraiRuntime moiraiRuntime, ObjectProvider<TaskContextPropagator> propagator,
            ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskScheduler(moiraiRuntime, propagator(propagator), decorator(taskDecorator));
    }

    /** Boot's rule: one decorator is used as is, several are composed in order. */
    static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorator) {
        List<TaskDecorator> decorators = taskDecorator.orderedStream().toList();
        if (decorators.size() == 1) {
            return decorators.getFirst();
        }
        return decorators.isEmpty() ? null : new CompositeTaskDecorator(decorators);
    }

    static TaskContextPropagator propagator(ObjectProvider<TaskContextPropagator> propagator) {
        return propagator.getIfAvailable(() -> TaskContextPropagator.NONE);
    }

    private static void logStarted(MoiraiRuntime runtime, MoiraiProperties properties) {
        var snapshot = runtime.snapshot();
        Integer capacity = properties.getQueue().getCapacity();
        logger.info(String.format(
                "Moirai runtime started: %d CPU workers, %d blocking permits, queues %s; "
                        + "applicationTaskExecutor runs on the %s lane; CPUs %s on %d NUMA node(s), pin-workers %s",
                snapshot.parallelism(), snapshot.blockingConcurrency(),
                (capacity != null) ? "bounded at " + capacity + " per lane ("
                        + properties.getQueue().getRejectionPolicy().name().toLowerCase().replace('_', '-') + ")"
                        : "unbounded",
                properties.getTaskExecution().getDefaultLane().name().toLowerCase(),
                Topology.formatCpuList(snapshot.topology().usableCpus()), snapshot.topology().numaNodes(),
                properties.getTopology().isPinWorkers() ? "on" : "off"));
        if (capacity == null && properties.getQueue().getRejectionPolicy() != RejectionPolicy.ABORT) {
            logger.warn("moirai.queue.rejection-policy has no effect without moirai.queue.capacity: "
                    + "the queues are unbounded and never reject for capacity");
        }
    }

    /** The application task executor and the {@code @Async} wiring, unless Boot's own is forced. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotForcedToBootExecutorCondition.class)
    static class ApplicationTaskExecutorConfiguration {

        @Bean(name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)
        @ConditionalOnMissingBean(name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)
        MoiraiTaskExecutor applicationTaskExecutor(MoiraiRuntime moiraiRuntime, MoiraiProperties properties,
                ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
            return new MoiraiTaskExecutor(moiraiRuntime, properties.getTaskExecution().getDefaultLane(),
                    propagator(propagator), decorator(taskDecorator));
        }

        @Bean
        @ConditionalOnMissingBean(AsyncConfigurer.class)
        AsyncConfigurer moiraiAsyncConfigurer(BeanFactory beanFactory) {
            return new MoiraiAsyncConfigurer(beanFactory, null);
        }

        /** Keeps the application's own configurer, falling back to applicationTaskExecutor. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnBean(AsyncConfigurer.class)
        static class ApplicationAsyncConfigurerConfiguration {

            @Bean
            static BeanPostProcessor moiraiAsyncConfigurerPostProcessor(ObjectProvider<BeanFactory> beanFactory) {
                return new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                        if (bean instanceof AsyncConfigurer configurer && !(bean instanceof MoiraiAsyncConfigurer)) {
                            return new MoiraiAsyncConfigurer(beanFactory.getObject(), configurer);
                        }
                        return bean;
                    }
                };
            }
        }
    }

    /** The caller's context travels with each task when Micrometer context-propagation is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ContextSnapshotFactory.class)
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TaskContextPropagator moiraiTaskContextPropagator(ApplicationContext context) {
            ClassLoader classLoader = context.getClassLoader();
            return SnapshotTaskContextPropagator.usingGlobalRegistry(
                    (classLoader != null) ? classLoader : MoiraiAutoConfiguration.class.getClassLoader());
        }
    }

    static final class NotForcedToBootExecutorCondition extends NoneNestedConditions {

        NotForcedToBootExecutorCondition() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(name = "spring.task.execution.mode", havingValue = "force")
        static final class ForcedToBootExecutor {
        }
    }
}
