package io.moirai.test;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiRuntimeCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * What {@link AutoConfigureMoiraiTest} imports: the {@code moiraiVirtualClock} bean, a runtime
 * customizer that puts the runtime's timer on it (Moirai's {@code taskScheduler} reads its clock
 * from the runtime, so it follows), and, with {@code moirai.test.synchronous-async=true},
 * {@code @Async} on the caller's thread. Listed only in
 * {@code META-INF/spring/io.moirai.test.AutoConfigureMoiraiTest.imports}, not among the
 * application's auto-configurations: it is active in a test that asks for it and nowhere else.
 */
@AutoConfiguration(after = MoiraiAutoConfiguration.class)
@ConditionalOnClass({ MoiraiRuntime.class, MoiraiAutoConfiguration.class })
public final class MoiraiTestAutoConfiguration {

    /** The bean name of the virtual clock. */
    public static final String VIRTUAL_CLOCK_BEAN_NAME = "moiraiVirtualClock";

    /** Created by Spring. */
    MoiraiTestAutoConfiguration() {
    }

    @Bean(name = VIRTUAL_CLOCK_BEAN_NAME)
    @ConditionalOnMissingBean(name = VIRTUAL_CLOCK_BEAN_NAME)
    VirtualClock moiraiVirtualClock() {
        return new VirtualClock();
    }

    @Bean
    MoiraiRuntimeCustomizer moiraiVirtualTimeCustomizer(@Qualifier(VIRTUAL_CLOCK_BEAN_NAME) VirtualClock clock) {
        return builder -> builder.timeSource(clock);
    }

    /** {@code @Async} on the caller's thread. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("moirai.test.synchronous-async")
    static class SynchronousAsyncConfiguration {

        /**
         * Moirai registers an {@link AsyncConfigurer} (or wraps the application's), so there is
         * one to wrap; replacing it would fail Spring's "only one AsyncConfigurer" check when the
         * application has its own. Static: a post-processor must not make its configuration
         * class initialise early.
         */
        @Bean
        static BeanPostProcessor moiraiSynchronousAsyncPostProcessor() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return (bean instanceof AsyncConfigurer configurer
                            && !(bean instanceof SynchronousAsyncConfigurer))
                            ? new SynchronousAsyncConfigurer(configurer) : bean;
                }
            };
        }

        /** For a context where nothing registered an {@code AsyncConfigurer} (Boot's executor forced). */
        @Bean
        @ConditionalOnMissingBean(AsyncConfigurer.class)
        AsyncConfigurer moiraiSynchronousAsyncConfigurer() {
            return new SynchronousAsyncConfigurer(null);
        }
    }
}
