package io.moirai.test;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * Runs {@code @Async} methods on the caller's thread with Spring's {@link SyncTaskExecutor},
 * keeping the wrapped configurer's exception handler for {@code void} methods that throw.
 */
final class SynchronousAsyncConfigurer implements AsyncConfigurer {

    private final @Nullable AsyncConfigurer delegate;

    SynchronousAsyncConfigurer(@Nullable AsyncConfigurer delegate) {
        this.delegate = delegate;
    }

    @Override
    public Executor getAsyncExecutor() {
        return new SyncTaskExecutor();
    }

    @Override
    public @Nullable AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (this.delegate != null) ? this.delegate.getAsyncUncaughtExceptionHandler() : null;
    }
}
