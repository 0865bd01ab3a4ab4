package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import io.moirai.spring.ShutdownMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;

/** Runtime events become audit events: held until start-up ends, rejections rate-limited. */
class MoiraiAuditBridgeTests {

    private final List<AuditEvent> published = new CopyOnWriteArrayList<>();

    private final MoiraiAuditBridge bridge = new MoiraiAuditBridge(
            event -> this.published.add(((AuditApplicationEvent) event).getAuditEvent()), Duration.ofMillis(200));

    @Test
    void eventsBeforeTheContextIsRefreshedAreHeldThenPublished() {
        this.bridge.runtimeEvent(new RuntimeEvent.Started(Instant.now(), 4, 256));
        assertThat(this.published).isEmpty();
        refreshed();
        assertThat(this.published).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(MoiraiAuditBridge.STARTED);
            assertThat(event.getPrincipal()).isEqualTo("moirai");
            assertThat(event.getData()).containsEntry("parallelism", 4).containsEntry("blockingConcurrency", 256);
        });
    }

    @Test
    void aReconfigurationNamesTheActingPrincipalAndTheOldAndNewValues() {
        refreshed();
        ActingPrincipal.actAs("admin", () -> {
            this.bridge.runtimeEvent(new RuntimeEvent.Reconfigured(Instant.now(), 2, 4, 256, 512));
            this.bridge.runtimeEvent(new RuntimeEvent.PauseChanged(Instant.now(), true));
            return null;
        });
        assertThat(this.published).hasSize(2).allSatisfy(event -> {
            assertThat(event.getType()).isEqualTo(MoiraiAuditBridge.RECONFIGURED);
            assertThat(event.getPrincipal()).isEqualTo("admin");
        });
        assertThat(this.published.get(0).getData()).containsEntry("operation", "resize")
                .containsEntry("previousParallelism", 2).containsEntry("parallelism", 4)
                .containsEntry("previousBlockingConcurrency", 256).containsEntry("blockingConcurrency", 512);
        assertThat(this.published.get(1).getData()).containsEntry("operation", "pause").containsEntry("paused", true);
    }

    @Test
    void aReconfigurationWithoutCallerIsTheSystems() {
        refreshed();
        this.bridge.runtimeEvent(new RuntimeEvent.Reconfigured(Instant.now(), 2, 3, 8, 8));
        assertThat(this.published).singleElement()
                .satisfies(event -> assertThat(event.getPrincipal()).isEqualTo("moirai"));
    }

    @Test
    void anOverloadGivesAFewEventsWhoseCountsAddUpToEveryRejection() {
        refreshed();
        int rejections = 5_000;
        for (int i = 0; i < rejections; i++) {
            this.bridge.runtimeEvent(new RuntimeEvent.TaskRejected(Instant.now(), "task-" + i, Lane.CPU, "ABORT"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> countOfRejections() == rejections);
        assertThat(this.published).hasSizeBetween(2, 3).allSatisfy(event -> {
            assertThat(event.getType()).isEqualTo(MoiraiAuditBridge.TASK_REJECTED);
            assertThat(event.getData()).containsKeys("count", "lastTask", "lastLane", "lastReason");
        });
        assertThat(this.published.getFirst().getData()).containsEntry("count", 1L).doesNotContainKey("intervalSeconds");
        assertThat(this.published.get(1).getData()).containsEntry("intervalSeconds", 0L); // the test's 200 ms
    }

    @Test
    void aTaskThatBlocksWorkersAgainAndAgainGivesAFewEventsWhoseCountsAddUpToEveryDetection() {
        refreshed();
        int detections = 2_000;
        for (int i = 0; i < detections; i++) {
            this.bridge.runtimeEvent(new RuntimeEvent.BlockingDetected(Instant.now(), "moirai-cpu-" + (i % 2), "jdbc-" + i,
                    Duration.ofMillis(150), Thread.State.RUNNABLE, List.of(), true));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> this.published.stream()
                .mapToLong(event -> (Long) event.getData().get("count")).sum() == detections);
        assertThat(this.published).hasSizeBetween(2, 3).allSatisfy(event -> {
            assertThat(event.getType()).isEqualTo(MoiraiAuditBridge.BLOCKING_DETECTED);
            assertThat(event.getData()).containsKeys("worker", "task", "blockedForMillis", "threadState", "compensated",
                    "stackTop");
        });
        assertThat(this.published.getLast().getData()).containsEntry("task", "jdbc-" + (detections - 1));
    }

    @Test
    void countsStillPendingArePublishedWhenTheRuntimeStops() {
        refreshed();
        for (int i = 0; i < 3; i++) {
            this.bridge.runtimeEvent(new RuntimeEvent.TaskRejected(Instant.now(), "task-" + i, Lane.CPU, "ABORT"));
            this.bridge.runtimeEvent(new RuntimeEvent.BlockingDetected(Instant.now(), "moirai-cpu-0", "jdbc",
                    Duration.ofMillis(150), Thread.State.RUNNABLE, List.of(), true));
        }
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            this.bridge.onApplicationEvent(new MoiraiRuntimeStoppedEvent(runtime, ShutdownMode.DRAIN, Duration.ZERO,
                    true, 0, 0, 0, 0, 0, 0, 0));
        }
        assertThat(this.published).extracting(AuditEvent::getType).containsExactly(MoiraiAuditBridge.TASK_REJECTED,
                MoiraiAuditBridge.BLOCKING_DETECTED, MoiraiAuditBridge.TASK_REJECTED,
                MoiraiAuditBridge.BLOCKING_DETECTED, MoiraiAuditBridge.STOPPED);
        assertThat(this.published.get(2).getData()).containsEntry("count", 2L);
        assertThat(this.published.get(3).getData()).containsEntry("count", 2L);
    }

    @Test
    void theStoppedEventNamesItsModeTheSameInEveryDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless i
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThat(new MoiraiRuntimeStoppedEvent(runtime, ShutdownMode.DRAIN, Duration.ZERO, true, 0, 0, 0, 0, 0,
                    0, 0).toMap()).containsEntry("mode", "drain");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aBlockedWorkerIsAudited() {
        refreshed();
        this.bridge.runtimeEvent(new RuntimeEvent.BlockingDetected(Instant.now(), "moirai-cpu-0", "report",
                Duration.ofSeconds(2), Thread.State.TIMED_WAITING, List.of(), true));
        assertThat(this.published).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(MoiraiAuditBridge.BLOCKING_DETECTED);
            assertThat(event.getData()).containsEntry("count", 1L).containsEntry("worker", "moirai-cpu-0")
                    .containsEntry("compensated", true);
        });
    }

    private void refreshed() {
        this.bridge.onApplicationEvent(new ContextRefreshedEvent(new GenericApplicationContext()));
    }

    private long countOfRejections() {
        return this.published.stream().mapToLong(event -> (Long) event.getData().get("count")).sum();
    }
}
