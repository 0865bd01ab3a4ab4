package io.moirai.autoconfigure;

import java.util.Arrays;
import java.util.concurrent.Executor;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;

/**
 * Makes the starter's {@code applicationTaskExecutor} what a lookup of an {@link Executor} by type
 * finds, unless the application has an executor of its own.
 *
 * <p>Without the starter, Boot defines {@code applicationTaskExecutor} only when the application
 * has no {@link Executor} bean, so injecting an {@code Executor} or {@code TaskExecutor} by type
 * finds the application's own executor if there is one and Boot's otherwise. The starter keeps
 * its {@code applicationTaskExecutor} in both cases (so that {@code @Async} and MVC run on
 * Moirai) and adds the runtime and the lane executors, which are executors too; all of them are
 * declared {@link org.springframework.context.annotation.Fallback @Fallback}, so that they never
 * compete with the application's own. Among fallbacks only, though, nothing decides: the runtime
 * and {@code applicationTaskExecutor} would make an injected {@code Executor} ambiguous, and a
 * lookup by type ({@code getBean(Executor.class)}) weighs an executor the application declared
 * for injection by name only ({@code defaultCandidate = false}) as much as any other. So when no
 * other bean would be found by type, this post-processor makes {@code applicationTaskExecutor}
 * primary, and it is what every lookup of an executor by type finds.
 */
final class ApplicationTaskExecutorCandidacy implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        String name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR;
        if (!beanFactory.containsBeanDefinition(name) || !beanFactory.getBeanDefinition(name).isFallback()) {
            return;
        }
        String[] executors = beanFactory.getBeanNamesForType(Executor.class, true, false);
        boolean applicationHasItsOwn = Arrays.stream(executors).anyMatch(other -> competesByType(beanFactory, other));
        boolean anotherIsPrimary = Arrays.stream(executors)
                .anyMatch(other -> beanFactory.containsBeanDefinition(other) && beanFactory.getBeanDefinition(other).isPrimary());
        if (!applicationHasItsOwn && !anotherIsPrimary) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            definition.setFallback(false);
            definition.setPrimary(true);
        }
    }

    /**
     * Whether an injection by type may choose the bean: any bean but a fallback (the starter's own
     * executors are), one that is not a default candidate, or one that is no candidate at all.
     */
    private static boolean competesByType(ConfigurableListableBeanFactory beanFactory, String name) {
        if (!beanFactory.containsBeanDefinition(name)) {
            return true;    // a singleton registered directly
        }
        BeanDefinition definition = beanFactory.getBeanDefinition(name);
        boolean defaultCandidate = !(definition instanceof AbstractBeanDefinition bean) || bean.isDefaultCandidate();
        return definition.isAutowireCandidate() && defaultCandidate && !definition.isFallback();
    }
}
