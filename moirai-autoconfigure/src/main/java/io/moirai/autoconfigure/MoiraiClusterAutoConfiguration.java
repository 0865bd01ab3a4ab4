package io.moirai.autoconfigure;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.hazelcast.ClusterOptions;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.runtime.MoiraiRuntime;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The application as a member of a Moirai cluster, when {@code moirai-hazelcast} is on the
 * classpath: bean {@code moiraiCluster}, a {@link MoiraiCluster} on the {@code moiraiRuntime}, so
 * that this application serves chunks of distributed pipelines and remote tasks, and starts its
 * own with {@code cluster.context()} and {@code cluster.executor()}.
 *
 * <ul>
 *   <li>With a {@link HazelcastInstance} bean (Boot's, from a Hazelcast {@code Config} bean or a
 *       {@code hazelcast.yaml}, or the application's own), {@link MoiraiCluster#join} on it: its
 *       configuration decides discovery and networking, and closing the cluster leaves it
 *       running.</li>
 *   <li>Without one, a member of its own as {@link MoiraiCluster#embeddedConfig()} describes it,
 *       safe by default (loopback only, no discovery), with {@code moirai.cluster.name},
 *       {@code port} and {@code members} applied (see {@link EmbeddedMember}); it is shut down
 *       with the cluster. No {@code HazelcastInstance} bean is declared for it, so Boot's caching
 *       and session support do not start using it unasked.</li>
 * </ul>
 *
 * <p>Payloads are read through the allow-list of {@link ClusterOptions}: {@code java.*},
 * {@code io.moirai.*}, the application's packages (Boot's {@link AutoConfigurationPackages}, those
 * of its {@code @SpringBootApplication}) and {@code moirai.cluster.allowed-classes}.
 *
 * <p>A {@link MoiraiClusterLifecycle} closes the cluster after the web server's graceful
 * shutdown and before the runtime stops. {@code moirai.cluster.enabled=false} switches all of it
 * off; an application's own {@code MoiraiCluster} bean makes this one back off.
 */
@AutoConfiguration(after = MoiraiAutoConfiguration.class,
        afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ MoiraiCluster.class, HazelcastInstance.class })
@ConditionalOnBean(MoiraiRuntime.class)
@Conditional(OnMoiraiEnabledCondition.Cluster.class)
@EnableConfigurationProperties(MoiraiClusterProperties.class)
public final class MoiraiClusterAutoConfiguration {

    private static final Log logger = LogFactory.getLog(MoiraiClusterAutoConfiguration.class);

    /** Closed by {@link MoiraiClusterLifecycle}, in its phase: not by an inferred {@code close()} at destruction. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    MoiraiCluster moiraiCluster(MoiraiRuntime moiraiRuntime, ObjectProvider<HazelcastInstance> hazelcastInstance,
            MoiraiClusterProperties properties, BeanFactory beanFactory) {
        ClusterOptions options = options(properties, beanFactory);
        HazelcastInstance application = hazelcastInstance.getIfAvailable();
        if (application != null) {
            MoiraiCluster cluster = MoiraiCluster.join(application, moiraiRuntime, options);
            logger.info("Moirai cluster joined the application's HazelcastInstance '" + application.getName()
                    + "' as " + address(application) + "; " + options);
            return cluster;
        }
        if (!properties.getMembers().isEmpty()) {
            logger.info("Moirai cluster starting an embedded member on port " + properties.getPort() + ", cluster '"
                    + properties.getName() + "', joining " + properties.getMembers()
                    + "; start-up waits until it has joined them or made itself the first member"
                    + " (a listed address that never answers holds it up to hazelcast.max.join.seconds, 300 s by default)");
        }
        HazelcastInstance embedded = EmbeddedMember.start(EmbeddedMember.config(properties));
        int bound = embedded.getCluster().getLocalMember().getAddress().getPort();
        if (bound != properties.getPort()) {
            logger.warn("Moirai cluster port " + properties.getPort() + " (moirai.cluster.port) was taken: the embedded member"
                    + " listens on " + bound + " instead; instances that list " + properties.getPort()
                    + " in moirai.cluster.members do not reach it");
        }
        try {
            MoiraiCluster cluster = MoiraiCluster.join(embedded, moiraiRuntime, options);
            logger.info("Moirai cluster started an embedded member on " + address(embedded) + ", cluster '"
                    + properties.getName() + "', " + (properties.getMembers().isEmpty() ? "joining no other member"
                            : "joining " + properties.getMembers()) + "; " + options);
            return cluster;
        } catch (RuntimeException | Error ex) {
            embedded.shutdown();
            throw ex;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    MoiraiClusterLifecycle moiraiClusterLifecycle(MoiraiCluster moiraiCluster,
            ObjectProvider<HazelcastInstance> hazelcastInstances) {
        HazelcastInstance member = moiraiCluster.hazelcast();
        boolean applicationOwned = hazelcastInstances.stream().anyMatch(bean -> bean == member);
        return new MoiraiClusterLifecycle(moiraiCluster, applicationOwned ? null : member);
    }

    private static ClusterOptions options(MoiraiClusterProperties properties, BeanFactory beanFactory) {
        List<String> application = AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory)
                : List.of();
        return ClusterOptions.defaults().applicationPackages(application.toArray(String[]::new))
                .allowPackages(properties.allowedPackages().toArray(String[]::new))
                .busyTimeout(properties.getBusyTimeout());
    }

    private static String address(HazelcastInstance instance) {
        Member local = instance.getCluster().getLocalMember();
        return local.getAddress().getHost() + ":" + local.getAddress().getPort();
    }
}
