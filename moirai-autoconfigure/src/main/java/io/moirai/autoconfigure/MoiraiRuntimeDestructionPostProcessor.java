package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;

/**
 * Stops a {@link MoiraiRuntime} bean that is destroyed while it still runs, and logs what it
 * abandoned ({@link MoiraiRuntimeLifecycle#stopAtOnce}).
 *
 * <p>{@link MoiraiRuntimeLifecycle} stops the runtime when the context closes, and at once when
 * the context fails before it starts. But the lifecycle bean is created in its turn among the
 * auto-configured beans, after the application's own: a bean of the application that submits
 * work while it is created (and so creates the runtime, through the executor) and a later bean
 * that fails leave no lifecycle to stop the runtime. Its bean is declared without a destroy
 * method (its {@code close()} would wait without limit), so the runtime kept running its tasks
 * and the ones queued were dropped unreported when the process exited. A post-processor is
 * registered before any bean is created, so it sees every runtime bean's destruction.
 */
final class MoiraiRuntimeDestructionPostProcessor implements DestructionAwareBeanPostProcessor {

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof MoiraiRuntime;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        if (bean instanceof MoiraiRuntime runtime) {
            MoiraiRuntimeLifecycle.stopAtOnce(runtime);
        }
    }
}
