package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeSnapshot.WorkerSnapshot;
import io.moirai.runtime.ThreadCpus;
import io.moirai.topology.Topology;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder's topology settings: the default parallelism follows the topology (usable CPUs and
 * quota), {@code cpus} restricts it, workers are placed on CPUs by node and report it in the
 * snapshot, and {@code pinWorkers} pins them, degrading to unpinned workers where the kernel
 * refuses.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TopologyTest {

    private static Topology fixture(String name) {
        try {
            return Topology.detect(Path.of(TopologyTest.class.getResource("/topology/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<Integer>> placement(RuntimeSnapshot snapshot) {
        return snapshot.workers().stream().collect(Collectors.toMap(WorkerSnapshot::name,
                w -> List.of(w.cpu(), w.node())));
    }

    @Test
    void theDefaultParallelismIsTheTopologysAvailableProcessors() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(fixture("container-v2-quota")).build()) {
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.parallelism()).isEqualTo(2); // 4 CPUs, quota 1.5
            assertThat(snapshot.topology()).isEqualTo(fixture("container-v2-quota"));
        }
    }

    @Test
    void anExplicitParallelismWinsOverTheTopology() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(Topology.uniform(1)).parallelism(3).build()) {
            assertThat(runtime.snapshot().parallelism()).isEqualTo(3);
            assertThat(runtime.snapshot().workers()).extracting(WorkerSnapshot::cpu).containsOnly(0);
        }
    }

    @Test
    void workersArePlacedOnCpusNodeByNode() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(Topology.uniform(4, 2)).build()) {
            assertThat(placement(runtime.snapshot())).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "moirai-cpu-0", List.of(0, 0), "moirai-cpu-1", List.of(1, 0),
                    "moirai-cpu-2", List.of(2, 1), "moirai-cpu-3", List.of(3, 1)));
        }
    }

    @Test
    void onAnSmtServerWorkersTakeSeparateCoresOfTheFirstNodeFirst() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(fixture("server-2-sockets-smt")).parallelism(6)
                .build()) {
            // node 0 is CPUs 0-3 (first threads) and 8-11 (their siblings); node 1 follows
            assertThat(runtime.snapshot().workers()).extracting(WorkerSnapshot::cpu)
                    .containsExactly(0, 1, 2, 3, 8, 9);
            assertThat(runtime.snapshot().workers()).extracting(WorkerSnapshot::node).containsOnly(0);
        }
    }

    @Test
    void cpusRestrictTheParallelismAndThePlacement() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(Topology.uniform(4, 2)).cpus(Set.of(2, 3))
                .build()) {
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.parallelism()).isEqualTo(2);
            assertThat(snapshot.topology().usableCpus()).containsExactly(2, 3);
            assertThat(placement(snapshot)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "moirai-cpu-0", List.of(2, 1), "moirai-cpu-1", List.of(3, 1)));
        }
    }

    @Test
    void cpusOutsideTheUsableSetAreRefusedAtBuildNamingTheUsableOnes() {
        MoiraiRuntime.Builder builder = Waits.quietRuntime().topology(fixture("container-v1-cpuset")).cpus(Set.of(0, 2));
        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessageContaining("cpus").withMessageContaining("2-3,6").withMessageContaining("not usable: 0");
    }

    @Test
    void invalidTopologySettingsAreRefusedAtOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().cpus(Set.of()))
                .withMessageContaining("cpus");
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().cpus(Set.of(1, -2)))
                .withMessageContaining("cpus").withMessageContaining("-2");
        assertThatNullPointerException().isThrownBy(() -> MoiraiRuntime.builder().cpus(null))
                .withMessageContaining("cpus");
        assertThatNullPointerException().isThrownBy(() -> MoiraiRuntime.builder().topology(null))
                .withMessageContaining("topology");
    }

    @Test
    void workersAreNotPinnedByDefault() {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build()) {
            assertThat(runtime.snapshot().workers()).extracting(WorkerSnapshot::pinned).containsOnly(false);
        }
    }

    @Test
    void pinnedWorkersRunOnTheirOwnCpuAndRunTasks() throws Exception {
        Topology machine = Topology.detect();
        assumeTrue(ThreadCpus.readable() && machine.usableCpus().size() >= 2, "needs Linux and 2 CPUs");
        try (MoiraiRuntime runtime = Waits.quietRuntime().pinWorkers(true).parallelism(2).build()) {
            // Two tasks that wait for each other must run at once, so on both workers.
            CountDownLatch bothRunning = new CountDownLatch(2);
            Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();
            for (int i = 0; i < 2; i++) {
                runtime.execute(() -> {
                    seen.put(Thread.currentThread().getName(), ThreadCpus.ofCurrentThread());
                    bothRunning.countDown();
                    try {
                        bothRunning.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            Waits.await(bothRunning);
            assertThat(runtime.spawn(() -> 6 * 7).join()).isEqualTo(42);
            List<WorkerSnapshot> workers = runtime.snapshot().workers();
            assertThat(workers).extracting(WorkerSnapshot::pinned).containsOnly(true);
            assertThat(workers).extracting(WorkerSnapshot::cpu)
                    .containsExactlyInAnyOrderElementsOf(machine.usableCpus().subList(0, 2));
            for (WorkerSnapshot worker : workers) {
                assertThat(seen.get(worker.name())).as(worker.name()).containsExactly(worker.cpu());
            }
        }
    }

    /** 4000: a CPU this machine lacks; 2^20: beyond any CPU Linux numbers, which a hand-built topology may name. */
    @ParameterizedTest
    @ValueSource(ints = {4000, 1 << 20})
    void aCpuTheKernelRefusesLeavesTheWorkerUnpinnedAndTheRuntimeWorking(int cpu) {
        assumeTrue(ThreadCpus.readable(), "needs Linux");
        Topology imaginary = new Topology(List.of(new Topology.Cpu(cpu, 0, 0, 0)), List.of(cpu),
                List.of(new Topology.NumaNode(0, List.of(cpu), null)), null, List.of(), 1, "test");
        try (MoiraiRuntime runtime = Waits.quietRuntime().topology(imaginary).pinWorkers(true).build()) {
            assertThat(runtime.spawn(() -> "ran").join()).isEqualTo("ran");
            assertThat(runtime.snapshot().workers()).singleElement().satisfies(worker -> {
                assertThat(worker.cpu()).isEqualTo(cpu);
                assertThat(worker.pinned()).isFalse();
            });
        }
    }
}
