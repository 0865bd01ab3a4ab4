package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

/**
 * The demo's audit events keep Moirai's however many requests sign in: Spring Security audits
 * each request signed in with HTTP Basic, and a single buffer of 1000 lost Moirai's events to a
 * thousand scripted calls.
 */
class AuditTrailTests {

    @Test
    void moiraisEventsOutlastAThousandSignIns() {
        AuditEventRepository events = new MoiraiDemoApplication().auditEventRepository();
        Instant start = Instant.now();
        events.add(new AuditEvent(start, "admin", "MOIRAI_RUNTIME_RECONFIGURED", Map.of("parallelism", 3)));
        for (int i = 0; i < 1500; i++) {
            events.add(new AuditEvent(start.plusMillis(1 + i), "user", "AUTHENTICATION_SUCCESS", Map.of()));
        }

        assertThat(events.find(null, null, "MOIRAI_RUNTIME_RECONFIGURED")).extracting(AuditEvent::getPrincipal)
                .containsExactly("admin");
        assertThat(events.find("user", null, null)).hasSize(1000);
        // oldest first, as Boot's in-memory repository answers and the dashboard reads them
        List<AuditEvent> all = events.find(null, null, null);
        assertThat(all).hasSize(1001);
        assertThat(all.getFirst().getType()).isEqualTo("MOIRAI_RUNTIME_RECONFIGURED");
        assertThat(all.getLast().getTimestamp()).isEqualTo(start.plusMillis(1500));
    }
}
