package io.moirai.autoconfigure.actuate;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.autoconfigure.MoiraiClusterAutoConfiguration;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Audit events of the runtime, and of the cluster's members when there is a {@code moiraiCluster},
 * when the application keeps audit events (it has an {@link AuditEventRepository}, which is what
 * makes Boot store them, and has not set {@code management.auditevents.enabled=false}).
 */
@AutoConfiguration(after = { MoiraiAutoConfiguration.class, MoiraiClusterAutoConfiguration.class })
@ConditionalOnClass(AuditApplicationEvent.class)
@ConditionalOnBean({ MoiraiRuntime.class, AuditEventRepository.class })
@ConditionalOnBooleanProperty(name = "management.auditevents.enabled", matchIfMissing = true)
public final class MoiraiAuditAutoConfiguration {

    /** At most one MOIRAI_TASK_REJECTED event per this interval under overload. */
    static final Duration REJECTION_INTERVAL = Duration.ofSeconds(10);

    @Bean
    @ConditionalOnMissingBean
    MoiraiAuditBridge moiraiAuditBridge(ApplicationEventPublisher publisher) {
        return new MoiraiAuditBridge(publisher, REJECTION_INTERVAL);
    }

    /** MOIRAI_MEMBER_JOINED and MOIRAI_MEMBER_LEFT, through the bridge above (or the application's). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.moirai.hazelcast.MoiraiCluster")
    @ConditionalOnBean(type = "io.moirai.hazelcast.MoiraiCluster")
    static class ClusterAuditConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MoiraiClusterAuditListener moiraiClusterAuditListener(MoiraiCluster moiraiCluster,
                MoiraiAuditBridge moiraiAuditBridge) {
            MoiraiClusterAuditListener listener = new MoiraiClusterAuditListener(moiraiCluster, moiraiAuditBridge);
            listener.attach();
            return listener;
        }
    }
}
