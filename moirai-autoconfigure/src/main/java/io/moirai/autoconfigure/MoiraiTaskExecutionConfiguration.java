package io.moirai.autoconfigure;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.TaskContextPropagator;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * The {@link MoiraiTaskExecutor} beans: one per lane, and {@code applicationTaskExecutor} with
 * the {@code @Async} wiring. Imported by {@link MoiraiAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class MoiraiTaskExecutionConfiguration {

    @Bean(name = MoiraiTaskExecutor.CPU_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.CPU_BEAN_NAME)
    MoiraiTaskExecutor moiraiCpuTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.CPU, TaskDecoration.propagator(propagator),
                TaskDecoration.decorator(taskDecorator));
    }

    @Bean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME, defaultCandidate = false)
    @ConditionalOnMissingBean(name = MoiraiTaskExecutor.BLOCKING_BEAN_NAME)
    MoiraiTaskExecutor moiraiBlockingTaskExecutor(MoiraiRuntime moiraiRuntime,
            ObjectProvider<TaskContextPropagator> propagator, ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskExecutor(moiraiRuntime, Lane.BLOCKING, TaskDecoration.propagator(propagator),
                TaskDecoration.decorator(taskDecorator));
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
                    TaskDecoration.propagator(propagator), TaskDecoration.decorator(taskDecorator));
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

    static final class NotForcedToBootExecutorCondition extends NoneNestedConditions {

        NotForcedToBootExecutorCondition() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnProperty(name = "spring.task.execution.mode", havingValue = "force")
        static final class ForcedToBootExecutor {
        }
    }
}
