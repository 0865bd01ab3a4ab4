package io.moirai.autoconfigure;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.TaskContextPropagator;
import org.springframework.beans.BeansException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * The {@link MoiraiTaskExecutor} beans: one per lane, and {@code applicationTaskExecutor} with
 * the {@code @Async} wiring, which keeps the application's own executor unless
 * {@code moirai.task-execution.take-over-async=true} (see {@link AsyncExecutorChoice}).
 * Imported by {@link MoiraiAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class MoiraiTaskExecutionConfiguration {

    /** The start-up report's category, as for the runtime's own line. */
    private static final Log logger = LogFactory.getLog(MoiraiAutoConfiguration.class);

    /*
     * Not a default candidate, so that injection by type never picks a lane; a fallback too, because
     * a lookup by type (getBean(TaskExecutor.class)) passes over fallbacks but not over beans that are
     * merely not default candidates.
     */
    @Bean(name = MoiraiTaskExecutor.CPU_BEAN_NAME, defaultCandidate = false)
    @Fallback
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.CPU_BEAN_NAME)
    MoiraiTaskExecutor moiraiCpuTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.CPU, TaskDecoration.propagator(propagator),
                TaskDecoration.decorator(taskDecorator, propagator));
    }

    @Bean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME, defaultCandidate = false)
    @Fallback
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME)
    MoiraiTaskExecutor moiraiBlockingTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.BLOCKING, TaskDecoration.propagator(propagator),
                TaskDecoration.decorator(taskDecorator, propagator));
    }

    /** The application task executor and the {@code @Async} wiring, unless Boot's own is forced. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotForcedToBootExecutorCondition.class)
    static class ApplicationTaskExecutorConfiguration {

        /*
         * A fallback for injection by type: an application's own executor wins, as it does
         * without the starter, where Boot's applicationTaskExecutor backs off for any Executor.
         * Without it, adding the starter to an application with its own pool made every by-type
         * TaskExecutor injection ambiguous. @Async, MVC async and the rest find this bean by name.
         * When the application has no executor of its own, ApplicationTaskExecutorCandidacy makes
         * it the one a lookup by type finds.
         */
        @Bean(name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)
        @Fallback
        @ConditionalOnMissingBean(name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR)
        MoiraiTaskExecutor applicationTaskExecutor(MoiraiRuntime moiraiRuntime, MoiraiProperties properties,
                ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
            return new MoiraiTaskExecutor(moiraiRuntime, properties.getTaskExecution().getDefaultLane(),
                    TaskDecoration.propagator(propagator), TaskDecoration.decorator(taskDecorator, propagator));
        }

        @Bean
        static ApplicationTaskExecutorCandidacy moiraiApplicationTaskExecutorCandidacy() {
            return new ApplicationTaskExecutorCandidacy();
        }

        @Bean
        @ConditionalOnMissingBean(AsyncConfigurer.class)
        AsyncConfigurer moiraiAsyncConfigurer(ListableBeanFactory beanFactory) {
            return new MoiraiAsyncConfigurer(beanFactory, null, null);
        }

        /**
         * Says once, at start-up, which executor @Async uses and why, or, when the application has
         * not enabled @Async (no {@code @EnableAsync}, so Spring runs @Async methods on the caller's
         * thread whatever the executors), that it must enable it.
         */
        @Bean
        static SmartInitializingSingleton moiraiAsyncExecutorReport(ObjectProvider<AsyncConfigurer> configurers,
                ListableBeanFactory beanFactory) {
            return () -> {
                if (!beanFactory.containsBean(TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)) {
                    logger.info("@Async is not enabled (no @EnableAsync): @Async methods run in the calling "
                            + "thread; add @EnableAsync to a @Configuration class to run them on "
                            + "applicationTaskExecutor");
                    return;
                }
                // Spring refuses several configurers at the first @Async call; nothing to report then.
                if (configurers.getIfUnique() instanceof MoiraiAsyncConfigurer configurer) {
                    logger.info(configurer.choice().logLine());
                }
            };
        }

        /**
         * Keeps the application's own configurer (its executor, unless Moirai takes over, and its
         * exception handler), wrapped so that a configurer without an executor falls back as
         * {@link AsyncExecutorChoice} says.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnBean(AsyncConfigurer.class)
        static class ApplicationAsyncConfigurerConfiguration {

            @Bean
            static BeanPostProcessor moiraiAsyncConfigurerPostProcessor(ObjectProvider<ListableBeanFactory> beanFactory) {
                return new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                        if (bean instanceof AsyncConfigurer configurer && !(bean instanceof MoiraiAsyncConfigurer)) {
                            return new MoiraiAsyncConfigurer(beanFactory.getObject(), configurer, beanName);
                        }
                        return bean;
                    }
                };
            }
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
