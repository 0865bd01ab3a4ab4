package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskScheduler;
import io.moirai.spring.TaskContextPropagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;

/**
 * The {@code taskScheduler}: a {@link MoiraiTaskScheduler} on the runtime's timer, unless the
 * application has a {@link TaskScheduler}. Imported by {@link MoiraiAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class MoiraiTaskSchedulingConfiguration {

    @Bean(name = "taskScheduler")
    @ConditionalOnMissingBean(value = TaskScheduler.class, name = "taskScheduler")
    MoiraiTaskScheduler taskScheduler(MoiraiRuntime moiraiRuntime, ObjectProvider<TaskContextPropagator> propagator,
            ObjectProvider<TaskDecorator> taskDecorator) {
        return new MoiraiTaskScheduler(moiraiRuntime, TaskDecoration.propagator(propagator),
                TaskDecoration.decorator(taskDecorator, propagator));
    }
}
