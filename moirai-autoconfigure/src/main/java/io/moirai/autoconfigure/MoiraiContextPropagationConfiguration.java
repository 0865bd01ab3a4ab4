package io.moirai.autoconfigure;

import io.micrometer.context.ContextRegistry;
import io.moirai.spring.TaskContextPropagator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The caller's context travels with each task when Micrometer context-propagation is present.
 * Imported by {@link MoiraiAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ContextRegistry.class)
class MoiraiContextPropagationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TaskContextPropagator moiraiTaskContextPropagator(ApplicationContext context) {
        ClassLoader classLoader = context.getClassLoader();
        return AccessorTaskContextPropagator.usingGlobalRegistry(
                (classLoader != null) ? classLoader : MoiraiAutoConfiguration.class.getClassLoader());
    }
}
