package io.moirai.spring;

import io.moirai.runtime.MoiraiRuntime;

/**
 * Adjusts the auto-configured runtime's builder after the {@code moirai.*} properties and the
 * {@link io.moirai.runtime.RuntimeListener} beans have been applied, before the runtime is built.
 * Define one as a bean for settings that have no property:
 *
 * <pre>{@code
 * @Bean
 * MoiraiRuntimeCustomizer blockingDetection() {
 *     return builder -> builder.blockingDetectionThreshold(Duration.ofMillis(200));
 * }
 * }</pre>
 *
 * Customizers run in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface MoiraiRuntimeCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(MoiraiRuntime.Builder builder);
}
