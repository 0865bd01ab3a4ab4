package io.moirai.autoconfigure;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code moirai.cluster.*} in an application without {@code moirai-hazelcast}: the properties
 * are still bound and validated, so a bad value stops start-up as it would with the module, and
 * start-up warns once that they have no effect, naming them, instead of ignoring a cluster the
 * application was configured to join.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("io.moirai.hazelcast.MoiraiCluster")
@EnableConfigurationProperties(MoiraiClusterProperties.class)
class MoiraiClusterPropertiesWithoutClusterConfiguration {

    private static final Log logger = LogFactory.getLog(MoiraiClusterPropertiesWithoutClusterConfiguration.class);

    @Bean
    static SmartInitializingSingleton moiraiClusterPropertiesReport(Environment environment) {
        return () -> {
            Map<String, Object> set = Binder.get(environment)
                    .bind(MoiraiClusterProperties.PREFIX, Bindable.mapOf(String.class, Object.class))
                    .map(TreeMap::new).orElseGet(TreeMap::new);
            set.remove("enabled");
            if (!set.isEmpty() && environment.getProperty(MoiraiClusterProperties.PREFIX + ".enabled", Boolean.class, true)) {
                logger.warn("moirai.cluster." + String.join(", moirai.cluster.", set.keySet())
                        + " set, but moirai-hazelcast is not on the class path: this application joins no cluster. "
                        + "Add the dependency io.moirai:moirai-hazelcast, or remove the properties.");
            }
        };
    }
}
