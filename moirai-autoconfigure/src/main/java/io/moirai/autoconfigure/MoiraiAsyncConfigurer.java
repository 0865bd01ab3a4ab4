package io.moirai.autoconfigure;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.util.function.SingletonSupplier;

/**
 * Gives {@code @Async} the executor that {@link AsyncExecutorChoice} picks: the application's
 * own executor when it has one, otherwise Moirai's {@code applicationTaskExecutor}, and Moirai's
 * in any case under {@code moirai.task-execution.take-over-async=true}.
 *
 * <p>Without a configurer, Spring looks for a unique {@code TaskExecutor} bean, then one named
 * {@code taskExecutor}, and otherwise silently falls back to a new thread per call; Moirai's
 * lane executors and scheduler beside the application's would make that lookup ambiguous.
 * Naming the executor here keeps the outcome deterministic, and lets start-up say which one it
 * is. Boot registers the same kind of configurer, but only together with its own executor, which
 * backs off when Moirai's runtime is present.
 *
 * <p>An application's own {@link AsyncConfigurer} is kept and wrapped: its exception handler
 * always applies, and its executor (if it gives one) wins unless Moirai takes over. The choice is
 * made once, at the first of start-up's report or the first {@code @Async} call, so the
 * application's {@link AsyncConfigurer#getAsyncExecutor()} runs at most once, as Spring would
 * call it.
 */
final class MoiraiAsyncConfigurer implements AsyncConfigurer {

    static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    private final @Nullable AsyncConfigurer delegate;

    private final SingletonSupplier<AsyncExecutorChoice> choice;

    /**
     * A configurer that picks the executor among the beans of a factory.
     *
     * @param beanFactory  where the application's executors and Moirai's are
     * @param delegate     the application's own configurer, if it has one
     * @param delegateName that configurer's bean name, for the start-up report
     */
    MoiraiAsyncConfigurer(ListableBeanFactory beanFactory, @Nullable AsyncConfigurer delegate,
            @Nullable String delegateName) {
        this.delegate = delegate;
        this.choice = SingletonSupplier.of(() -> AsyncExecutorChoice.choose(beanFactory, delegate, delegateName));
    }

    @Override
    public Executor getAsyncExecutor() {
        return choice().executor();
    }

    @Override
    public @Nullable AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (this.delegate != null) ? this.delegate.getAsyncUncaughtExceptionHandler() : null;
    }

    /**
     * Which executor {@code @Async} uses, and why.
     *
     * @return the choice, made on the first call
     */
    AsyncExecutorChoice choice() {
        return this.choice.obtain();
    }
}
