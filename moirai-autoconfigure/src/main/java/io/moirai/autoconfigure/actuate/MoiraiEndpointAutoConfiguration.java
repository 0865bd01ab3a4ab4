package io.moirai.autoconfigure.actuate;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.autoconfigure.MoiraiClusterAutoConfiguration;
import io.moirai.autoconfigure.MoiraiProperties;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.runtime.MoiraiRuntime;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator endpoint {@code moirai}, when Actuator is present and the endpoint is available
 * (enabled, and exposed over HTTP or JMX as the application decides: not over HTTP by default).
 * With a {@code moiraiCluster} its snapshot has a {@code cluster} field.
 */
@AutoConfiguration(after = { MoiraiAutoConfiguration.class, MoiraiClusterAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(MoiraiRuntime.class)
@ConditionalOnAvailableEndpoint(MoiraiEndpoint.class)
public final class MoiraiEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MoiraiEndpoint moiraiEndpoint(MoiraiRuntime moiraiRuntime, MoiraiProperties properties) {
        return new MoiraiEndpoint(moiraiRuntime, properties.getEndpoint().getWriteRole());
    }

    /** Registered before the plain endpoint above, which then backs off. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.moirai.hazelcast.MoiraiCluster")
    @ConditionalOnBean(type = "io.moirai.hazelcast.MoiraiCluster")
    static class ClusterEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MoiraiEndpoint moiraiEndpoint(MoiraiRuntime moiraiRuntime, MoiraiProperties properties,
                MoiraiCluster moiraiCluster) {
            return new MoiraiEndpoint(moiraiRuntime, properties.getEndpoint().getWriteRole(),
                    () -> ClusterDescriptions.of(moiraiCluster));
        }
    }
}
