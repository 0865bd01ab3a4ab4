package io.moirai.autoconfigure.actuate;

import io.moirai.autoconfigure.MoiraiClusterAutoConfiguration;
import io.moirai.autoconfigure.MoiraiClusterProperties;
import io.moirai.hazelcast.MoiraiCluster;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code moiraiCluster}, when Boot's health support is present and the
 * application has a {@code moiraiCluster} ({@code management.health.moirai-cluster.enabled=false}
 * switches it off). Apart from the runtime's {@code moirai} contributor, so that either can be
 * switched off or put in a health group alone.
 */
@AutoConfiguration(after = MoiraiClusterAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, MoiraiCluster.class })
@ConditionalOnBean(MoiraiCluster.class)
@ConditionalOnEnabledHealthIndicator("moirai-cluster")
public final class MoiraiClusterHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "moiraiClusterHealthIndicator")
    MoiraiClusterHealthIndicator moiraiClusterHealthIndicator(MoiraiCluster moiraiCluster,
            ObjectProvider<MoiraiClusterProperties> properties) {
        MoiraiClusterProperties settings = properties.getIfAvailable(MoiraiClusterProperties::new);
        return new MoiraiClusterHealthIndicator(moiraiCluster, settings.getMinMembers());
    }
}
