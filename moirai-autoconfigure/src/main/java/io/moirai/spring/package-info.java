/**
 * What applications use from Moirai's Spring integration: the {@link io.moirai.spring.MoiraiTaskExecutor}
 * and {@link io.moirai.spring.MoiraiTaskScheduler} over a {@link io.moirai.runtime.MoiraiRuntime},
 * the {@link io.moirai.spring.MoiraiRuntimeCustomizer} callback, the
 * {@link io.moirai.spring.TaskContextPropagator} contract and the
 * {@link io.moirai.spring.MoiraiRuntimeStoppedEvent} published at shutdown.
 *
 * <p>Nothing here depends on {@code io.moirai.autoconfigure}, which wires these components from
 * the {@code moirai.*} properties; an application may also build them by hand.
 */
package io.moirai.spring;
