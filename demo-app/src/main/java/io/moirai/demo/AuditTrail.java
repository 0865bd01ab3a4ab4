package io.moirai.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;

/**
 * The demo's audit events in memory: the last 1000 of Moirai's ({@code MOIRAI_*}: start, resizes,
 * pauses, members, stop) and, apart from them, the last 1000 others. Spring Security audits every
 * request signed in with HTTP Basic ({@code AUTHENTICATION_SUCCESS}), so with one buffer for all a
 * thousand scripted calls pushed every Moirai event out, and the dashboard's audit trail was empty.
 */
final class AuditTrail implements AuditEventRepository {

    private static final String MOIRAI_TYPES = "MOIRAI_";

    private final InMemoryAuditEventRepository moirai = new InMemoryAuditEventRepository();
    private final InMemoryAuditEventRepository others = new InMemoryAuditEventRepository();

    @Override
    public void add(AuditEvent event) {
        (event.getType().startsWith(MOIRAI_TYPES) ? this.moirai : this.others).add(event);
    }

    /** Both kinds that match, oldest first, as {@link InMemoryAuditEventRepository} gives them. */
    @Override
    public List<AuditEvent> find(@Nullable String principal, @Nullable Instant after, @Nullable String type) {
        List<AuditEvent> events = new ArrayList<>(this.moirai.find(principal, after, type));
        events.addAll(this.others.find(principal, after, type));
        events.sort(Comparator.comparing(AuditEvent::getTimestamp));
        return events;
    }
}
