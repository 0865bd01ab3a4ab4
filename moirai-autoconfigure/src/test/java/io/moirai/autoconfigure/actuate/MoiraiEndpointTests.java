package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.topology.Topology;
import java.lang.reflect.RecordComponent;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The endpoint's operations and its own check of the caller. */
class MoiraiEndpointTests {

    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(8).build();

    private final MoiraiEndpoint endpoint = new MoiraiEndpoint(this.runtime, "ADMIN");

    @AfterEach
    void closeRuntime() {
        this.runtime.close();
    }

    @Test
    void readingGivesTheLiveSnapshot() {
        MoiraiSnapshotDescriptor snapshot = this.endpoint.snapshot();
        assertThat(snapshot.state()).isEqualTo(RuntimeState.RUNNING);
        assertThat(snapshot.parallelism()).isEqualTo(2);
    }

    @Test
    void theSnapshotSerialisesToExactlyTheDocumentedKeysInOrder() {
        JsonNode json = JsonMapper.builder().build().valueToTree(this.endpoint.snapshot());
        assertThat(json.propertyNames()).containsExactly("state", "parallelism", "blockingConcurrency",
                "queueCapacity", "workers", "active", "queued", "submitted", "completed", "failed", "cancelled",
                "rejected", "neverStarted", "steals", "parks", "blockingInUse", "blockingWaiting", "timersPending",
                "blockingDetected", "topology");
        assertThat(json.get("state").asString()).isEqualTo("RUNNING");
        assertThat(json.get("parallelism").asInt()).isEqualTo(2);
        assertThat(json.get("blockingConcurrency").asInt()).isEqualTo(8);
        assertThat(json.get("queueCapacity").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(json.get("workers").isArray()).isTrue();
        assertThat(json.get("workers").get(0).propertyNames()).containsExactly("name", "state", "queueDepth",
                "compensating", "cpu", "node", "pinned");
        assertThat(json.get("topology").isObject()).isTrue();
    }

    @Test
    void theDescriptionCarriesEachFigureOfTheSnapshotUnderItsOwnName() throws Exception {
        try (MoiraiRuntime busy = MoiraiRuntime.builder().parallelism(3).blockingConcurrency(5).queueCapacity(100)
                .build()) {
            for (int i = 0; i < 3; i++) {
                busy.submit(() -> 1).get();
            }
            busy.spawnBlocking(() -> 2).get();
            assertThatThrownBy(busy.spawn(() -> {
                throw new IllegalStateException("expected");
            })::get).isInstanceOf(ExecutionException.class);
            ScheduledFuture<?> later = busy.schedule(() -> { }, 1, TimeUnit.HOURS);
            RuntimeSnapshot snapshot = busy.snapshot();
            later.cancel(false); // or close() would wait an hour for it
            assertSameFigures(MoiraiSnapshotDescriptor.of(snapshot), snapshot);
        }
    }

    /** Every component of the description equals the source's accessor of the same name. */
    private static void assertSameFigures(Record description, Object source) throws Exception {
        for (RecordComponent component : description.getClass().getRecordComponents()) {
            if (description instanceof MoiraiSnapshotDescriptor && component.getName().equals("cluster")) {
                continue; // the cluster's, not the runtime's: MoiraiClusterActuatorTests checks it
            }
            Object described = component.getAccessor().invoke(description);
            Object actual = source.getClass().getMethod(component.getName()).invoke(source);
            if (described instanceof List<?> workers) {
                List<?> sources = (List<?>) actual;
                assertThat(workers).as(component.getName()).hasSameSizeAs(sources);
                for (int i = 0; i < workers.size(); i++) {
                    assertSameFigures((Record) workers.get(i), sources.get(i));
                }
            } else {
                assertThat(described).as(component.getName()).isEqualTo(actual);
            }
        }
    }

    @Test
    void theSnapshotSerialisesToJsonWithTheTopologyAndEachWorkersPlacement() {
        JsonNode json = JsonMapper.builder().build().valueToTree(this.endpoint.snapshot());
        Topology machine = this.runtime.snapshot().topology();
        JsonNode topology = json.get("topology");
        assertThat(topology.get("availableProcessors").asInt()).isEqualTo(machine.availableProcessors());
        assertThat(topology.get("source").asString()).isEqualTo(machine.source());
        assertThat(topology.get("usableCpus").valueStream().map(JsonNode::asInt).toList())
                .isEqualTo(machine.usableCpus());
        assertThat(topology.get("cpus").get(0).propertyNames()).containsExactly("id", "core", "packageId", "node");
        assertThat(topology.get("nodes").get(0).propertyNames()).containsExactly("id", "cpus", "memoryBytes");
        assertThat(topology.has("cpuQuota")).isTrue();
        assertThat(topology.has("cgroupCpus")).isTrue();
        JsonNode worker = json.get("workers").get(0);
        assertThat(worker.get("cpu").asInt()).isIn(machine.usableCpus());
        assertThat(worker.get("node").asInt()).isEqualTo(machine.nodeOf(worker.get("cpu").asInt()));
        assertThat(worker.get("pinned").asBoolean()).isFalse();
        assertThat(json.toString()).doesNotContain("Infinity").doesNotContain("NaN");
    }

    @Test
    void aWriteWithoutPrincipalIsUnauthorizedAndChangesNothing() {
        assertThat(this.endpoint.resize(SecurityContext.NONE, 4, null).getStatus()).isEqualTo(401);
        assertThat(this.endpoint.control(SecurityContext.NONE, "pause").getStatus()).isEqualTo(401);
        assertThat(this.runtime.snapshot().parallelism()).isEqualTo(2);
        assertThat(this.runtime.isPaused()).isFalse();
    }

    @Test
    void aWriteByAPrincipalWithoutTheRoleIsForbiddenAndChangesNothing() {
        SecurityContext user = caller("user", "USER");
        assertThat(this.endpoint.resize(user, 4, null).getStatus()).isEqualTo(403);
        assertThat(this.endpoint.control(user, "pause").getStatus()).isEqualTo(403);
        assertThat(this.runtime.snapshot().parallelism()).isEqualTo(2);
        assertThat(this.runtime.isPaused()).isFalse();
    }

    @Test
    void theWriteRoleIsConfigurable() {
        MoiraiEndpoint operators = new MoiraiEndpoint(this.runtime, "OPS");
        assertThat(operators.resize(caller("admin", "ADMIN"), 3, null).getStatus()).isEqualTo(403);
        assertThat(operators.resize(caller("ops", "OPS"), 3, null).getStatus()).isEqualTo(200);
    }

    @Test
    void anAdminResizesEitherLaneOrBoth() {
        SecurityContext admin = caller("admin", "ADMIN");
        WebEndpointResponse<Object> response = this.endpoint.resize(admin, 3, null);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getBody()).isInstanceOfSatisfying(MoiraiSnapshotDescriptor.class, snapshot -> {
            assertThat(snapshot.parallelism()).isEqualTo(3);
            assertThat(snapshot.blockingConcurrency()).isEqualTo(8);
        });
        assertThat(this.endpoint.resize(admin, null, 16).getStatus()).isEqualTo(200);
        assertThat(this.runtime.snapshot().blockingConcurrency()).isEqualTo(16);
        assertThat(this.runtime.snapshot().parallelism()).isEqualTo(3);
    }

    @Test
    void twoAdminsResizingDifferentLanesAtOnceKeepBothSizes() throws Exception {
        SecurityContext admin = caller("admin", "ADMIN");
        int rounds = 300;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService admins = Executors.newFixedThreadPool(2);
        try {
            Future<?> cpu = admins.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    assertThat(this.endpoint.resize(admin, 1 + (i & 1), null).getStatus()).isEqualTo(200);
                }
                return null;
            });
            Future<?> blocking = admins.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    assertThat(this.endpoint.resize(admin, null, 3 + (i & 1)).getStatus()).isEqualTo(200);
                }
                return null;
            });
            cpu.get(30, TimeUnit.SECONDS);
            blocking.get(30, TimeUnit.SECONDS);
        } finally {
            admins.shutdownNow();
        }
        // each admin's last size stands: a resize of one lane never puts back the other's old size
        assertThat(this.runtime.snapshot().parallelism()).isEqualTo(2);
        assertThat(this.runtime.snapshot().blockingConcurrency()).isEqualTo(4);
    }

    @Test
    void invalidOrMissingSizesAreBadRequests() {
        SecurityContext admin = caller("admin", "ADMIN");
        WebEndpointResponse<Object> zero = this.endpoint.resize(admin, 0, null);
        assertThat(zero.getStatus()).isEqualTo(400);
        assertThat(zero.getBody()).isInstanceOfSatisfying(Map.class,
                body -> assertThat(body.get("error").toString()).contains("parallelism"));
        assertThat(this.endpoint.resize(admin, null, null).getStatus()).isEqualTo(400);
        assertThat(this.endpoint.control(admin, "reboot").getStatus()).isEqualTo(400);
    }

    @Test
    void anAdminPausesAndResumes() {
        SecurityContext admin = caller("admin", "ADMIN");
        assertThat(this.endpoint.control(admin, "pause").getStatus()).isEqualTo(200);
        assertThat(this.runtime.isPaused()).isTrue();
        assertThat(this.endpoint.control(admin, "resume").getStatus()).isEqualTo(200);
        assertThat(this.runtime.isPaused()).isFalse();
    }

    @Test
    void writesAfterShutdownAreConflicts() {
        this.runtime.shutdown();
        SecurityContext admin = caller("admin", "ADMIN");
        assertThat(this.endpoint.resize(admin, 3, null).getStatus()).isEqualTo(409);
        assertThat(this.endpoint.control(admin, "pause").getStatus()).isEqualTo(409);
    }

    /** Bad input is a bad request whatever the runtime's state, as resizing's invalid sizes are. */
    @Test
    void anUnknownOperationIsABadRequestAlsoAfterShutdown() {
        this.runtime.shutdown();
        WebEndpointResponse<Object> reboot = this.endpoint.control(caller("admin", "ADMIN"), "reboot");
        assertThat(reboot.getStatus()).isEqualTo(400);
        assertThat(reboot.getBody()).isInstanceOfSatisfying(Map.class,
                body -> assertThat(body.get("error").toString()).contains("'reboot'").contains("pause or resume"));
    }

    static SecurityContext caller(String name, String... roles) {
        Set<String> granted = Set.of(roles);
        Principal principal = () -> name;
        return new SecurityContext() {
            @Override
            public @Nullable Principal getPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return granted.contains(role);
            }
        };
    }
}
