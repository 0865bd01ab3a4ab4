package io.moirai.autoconfigure;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Makes {@code @Async} use the bean named {@code applicationTaskExecutor}, whatever other
 * executors or schedulers exist. Without it, a {@code TaskScheduler} or a second
 * {@code TaskExecutor} bean makes Spring's by-type lookup ambiguous, and {@code @Async} silently
 * falls back to a new thread per call. Boot registers the same kind of configurer, but only
 * together with its own executor, which backs off when Moirai's runtime is present.
 *
 * <p>An application's own {@link AsyncConfigurer} is kept and wrapped, so its executor (if it
 * gives one) and its exception handler still win.
 */
final class MoiraiAsyncConfigurer implements AsyncConfigurer {

    static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    private final BeanFactory beanFactory;
    private final @Nullable AsyncConfigurer delegate;

    MoiraiAsyncConfigurer(BeanFactory beanFactory, @Nullable AsyncConfigurer delegate) {
        this.beanFactory = beanFactory;
        this.delegate = delegate;
    }

    @Override
    public Executor getAsyncExecutor() {
        Executor executor = (this.delegate != null) ? this.delegate.getAsyncExecutor() : null;
        return (executor != null) ? executor : this.beanFactory.getBean(APPLICATION_TASK_EXECUTOR, Executor.class);
    }

    @Override
    public @Nullable AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (this.delegate != null) ? this.delegate.getAsyncUncaughtExceptionHandler() : null;
    }
}
