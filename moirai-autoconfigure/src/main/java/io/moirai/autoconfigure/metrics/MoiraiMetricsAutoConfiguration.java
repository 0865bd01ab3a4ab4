package io.moirai.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.autoconfigure.MoiraiClusterAutoConfiguration;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.runtime.MoiraiRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the auto-configured runtime, and of the cluster when there is a
 * {@code moiraiCluster}, when the application has a {@link MeterRegistry}. The task timers are a
 * {@link io.moirai.runtime.RuntimeListener} bean, so the runtime is built with them registered
 * (listeners cannot be added to a running runtime).
 */
@AutoConfiguration(after = { MoiraiAutoConfiguration.class, MoiraiClusterAutoConfiguration.class }, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MoiraiRuntime.class, MeterRegistry.class })
public final class MoiraiMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MoiraiTaskMetrics moiraiTaskMetrics(MeterRegistry meterRegistry) {
        return new MoiraiTaskMetrics(meterRegistry);
    }

    @Bean
    @ConditionalOnMissingBean
    MoiraiRuntimeMeterBinder moiraiRuntimeMeterBinder(MoiraiRuntime moiraiRuntime, MoiraiTaskMetrics moiraiTaskMetrics) {
        return new MoiraiRuntimeMeterBinder(moiraiRuntime, moiraiTaskMetrics);
    }

    /** The moirai.cluster.* meters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.moirai.hazelcast.MoiraiCluster")
    @ConditionalOnBean(type = "io.moirai.hazelcast.MoiraiCluster")
    static class ClusterMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MoiraiClusterMeterBinder moiraiClusterMeterBinder(MoiraiCluster moiraiCluster) {
            return new MoiraiClusterMeterBinder(moiraiCluster);
        }
    }
}
