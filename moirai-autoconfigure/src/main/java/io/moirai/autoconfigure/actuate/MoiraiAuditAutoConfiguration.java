package io.moirai.autoconfigure.actuate;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
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

/**
 * Audit events of the runtime, when the application keeps audit events (it has an
 * {@link AuditEventRepository}, which is what makes Boot store them, and has not set
 * {@code management.auditevents.enabled=false}).
 */
@AutoConfiguration(after = MoiraiAutoConfiguration.class)
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
}
