package io.moirai.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.topology.Topology.Cpu;
import io.moirai.topology.Topology.NumaNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every fixture under {@code src/test/resources/topology} read into exactly the model its README
 * describes, the model's own rules, and the real machine.
 */
class TopologyTest {

    private static final long KIB = 1024L;

    private static Topology fixture(String name) {
        try {
            return Topology.detect(Path.of(TopologyTest.class.getResource("/topology/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void aTwoCoreVirtualMachine() {
        assertThat(fixture("vm-2-cores")).isEqualTo(new Topology(
                List.of(new Cpu(0, 0, 0, 0), new Cpu(1, 1, 0, 0)),
                List.of(0, 1),
                List.of(new NumaNode(0, List.of(0, 1), 4028416 * KIB)),
                null, List.of(0, 1), 2, "linux-sysfs"));
    }

    @Test
    void aTwoSocketTwoNodeServerWithSmt() {
        List<Cpu> cpus = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            int pkg = (n % 8) / 4;
            cpus.add(new Cpu(n, n % 4, pkg, pkg));
        }
        Topology topology = fixture("server-2-sockets-smt");
        assertThat(topology).isEqualTo(new Topology(cpus, range(0, 15),
                List.of(new NumaNode(0, List.of(0, 1, 2, 3, 8, 9, 10, 11), 65842176 * KIB),
                        new NumaNode(1, List.of(4, 5, 6, 7, 12, 13, 14, 15), 66060288 * KIB)),
                null, range(0, 15), 16, "linux-sysfs"));
        assertThat(topology.numaNodes()).isEqualTo(2);
        assertThat(topology.nodeOf(9)).isZero();
        assertThat(topology.nodeOf(12)).isEqualTo(1);
    }

    @Test
    void aCgroupV2ContainerWithAFractionalQuotaOnItsParent() {
        Topology topology = fixture("container-v2-quota");
        assertThat(topology).isEqualTo(new Topology(
                List.of(new Cpu(0, 0, 0, 0), new Cpu(1, 1, 0, 0), new Cpu(2, 2, 0, 0), new Cpu(3, 3, 0, 0)),
                range(0, 3),
                List.of(new NumaNode(0, range(0, 3), 16303560 * KIB)),
                1.5, range(0, 3), 2, "linux-sysfs"));
    }

    @Test
    void aCgroupV1ContainerWithACpuset() {
        List<Cpu> cpus = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            cpus.add(new Cpu(n, n / 2, 0, 0));
        }
        assertThat(fixture("container-v1-cpuset")).isEqualTo(new Topology(cpus, List.of(2, 3, 6),
                List.of(new NumaNode(0, range(0, 7), 32780000 * KIB)),
                null, List.of(2, 3, 6), 3, "linux-sysfs"));
    }

    @Test
    void offlineCpusAreLeftOut() {
        List<Integer> online = List.of(0, 1, 2, 3, 6);
        assertThat(fixture("offline-cpus")).isEqualTo(new Topology(
                online.stream().map(n -> new Cpu(n, n, 0, 0)).toList(), online,
                List.of(new NumaNode(0, online, 8152000 * KIB)),
                null, List.of(), 5, "linux-sysfs"));
    }

    @Test
    void malformedFilesEachFallBackOnTheirOwn() {
        assertThat(fixture("malformed-files")).isEqualTo(new Topology(
                List.of(new Cpu(0, 0, 0, 0), new Cpu(1, 1, 0, 0)), List.of(0, 1),
                List.of(new NumaNode(0, List.of(0, 1), null)),
                null, List.of(), 2, "linux-sysfs"));
    }

    @Test
    void missingFilesGiveOneNodeAndNoLimitsAndContradictionsTrustTheOnlineList() {
        assertThat(fixture("missing-files")).isEqualTo(new Topology(
                range(0, 3).stream().map(n -> new Cpu(n, n, 0, 0)).toList(), range(0, 3),
                List.of(new NumaNode(0, range(0, 3), null)),
                null, List.of(), 4, "linux-sysfs"));
    }

    @Test
    void nothingToReadFallsBackToTheJvm() {
        Topology topology = fixture("empty");
        assertThat(topology.source()).isEqualTo("jvm");
        assertThat(topology.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(topology.numaNodes()).isEqualTo(1);
        assertThat(Topology.detect(Path.of("does", "not", "exist")).source()).isEqualTo("jvm");
    }

    /**
     * On Linux the JVM computes {@code availableProcessors()} from the same inputs (the
     * affinity mask and the cgroup quota, rounded up), so both agree here. They would differ
     * only where the JVM is told otherwise ({@code -XX:ActiveProcessorCount}) or where this
     * process's main thread and the test thread have different affinity masks.
     */
    @Test
    void theRealMachineIsReadSanelyAndAgreesWithTheJvm() {
        Topology topology = Topology.detect();
        assertThat(topology.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(topology.usableCpus()).isNotEmpty();
        assertThat(topology.cpus()).extracting(Cpu::id).containsAll(topology.usableCpus());
        assertThat(topology.numaNodes()).isPositive();
        if (System.getProperty("os.name").toLowerCase().startsWith("linux")) {
            assertThat(topology.source()).isEqualTo("linux-sysfs");
        }
        for (int cpu : topology.usableCpus()) {
            assertThat(topology.nodes()).extracting(NumaNode::id).contains(topology.nodeOf(cpu));
        }
    }

    @Test
    void restrictingKeepsTheMachineAndTheQuota() {
        Topology server = fixture("server-2-sockets-smt");
        Topology restricted = server.restrictedTo(Set.of(4, 5, 12));
        assertThat(restricted.usableCpus()).containsExactly(4, 5, 12);
        assertThat(restricted.availableProcessors()).isEqualTo(3);
        assertThat(restricted.cpus()).isEqualTo(server.cpus());
        assertThat(restricted.nodes()).isEqualTo(server.nodes());

        Topology quota = fixture("container-v2-quota").restrictedTo(Set.of(3));
        assertThat(quota.availableProcessors()).isEqualTo(1);
        assertThat(fixture("container-v2-quota").restrictedTo(Set.of(0, 1, 2)).availableProcessors()).isEqualTo(2);
    }

    @Test
    void restrictingRejectsNoCpusAndCpusThatAreNotUsable() {
        Topology container = fixture("container-v1-cpuset");
        assertThatThrownBy(() -> container.restrictedTo(Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usable: 2-3,6");
        assertThatThrownBy(() -> container.restrictedTo(Set.of(2, 4, 99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2-3,6)").hasMessageContaining("not usable: 4,99");
        assertThatThrownBy(() -> container.restrictedTo(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cpus");
    }

    @Test
    void nodeOfAnUnknownCpuIsRejected() {
        assertThatThrownBy(() -> fixture("offline-cpus").nodeOf(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu 4").hasMessageContaining("0-3,6");
    }

    @Test
    void uniformSplitsConsecutiveCpusIntoNodes() {
        Topology two = Topology.uniform(5, 2);
        assertThat(two.nodes()).extracting(NumaNode::cpus).containsExactly(List.of(0, 1, 2), List.of(3, 4));
        assertThat(two.availableProcessors()).isEqualTo(5);
        assertThat(two.source()).isEqualTo("uniform");
        assertThat(Topology.uniform(3)).satisfies(t -> {
            assertThat(t.numaNodes()).isEqualTo(1);
            assertThat(t.usableCpus()).containsExactly(0, 1, 2);
        });
        assertThatThrownBy(() -> Topology.uniform(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpus").hasMessageContaining("was 0");
        assertThatThrownBy(() -> Topology.uniform(2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes").hasMessageContaining("was 3");
    }

    @Test
    void theConstructorRejectsContradictions() {
        List<Cpu> cpus = List.of(new Cpu(0, 0, 0, 0), new Cpu(1, 1, 0, 0));
        List<NumaNode> nodes = List.of(new NumaNode(0, List.of(0, 1), null));
        assertThatThrownBy(() -> new Topology(cpus, List.of(0, 1), nodes, null, List.of(), 1, "x"))
                .hasMessageContaining("availableProcessors").hasMessageContaining("= 2, was 1");
        assertThatThrownBy(() -> new Topology(cpus, List.of(), nodes, null, List.of(), 1, "x"))
                .hasMessageContaining("usableCpus");
        assertThatThrownBy(() -> new Topology(cpus, List.of(0, 2), nodes, null, List.of(), 2, "x"))
                .hasMessageContaining("usableCpus");
        assertThatThrownBy(() -> new Topology(cpus, List.of(0), List.of(new NumaNode(0, List.of(0), null)),
                null, List.of(), 1, "x")).hasMessageContaining("cpu 1 is on node 0");
        assertThatThrownBy(() -> new Topology(cpus, List.of(0, 1), nodes, Double.POSITIVE_INFINITY, List.of(), 2,
                "x")).hasMessageContaining("cpuQuota");
        assertThatThrownBy(() -> new Topology(cpus, List.of(0, 1), nodes, 0.0, List.of(), 1, "x"))
                .hasMessageContaining("cpuQuota");
        assertThatThrownBy(() -> new Topology(cpus, List.of(0, 1), nodes, null, List.of(), 2, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> new Cpu(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Topology(cpus, List.of(0, 1), nodes, 0.5, List.of(), 1, "x").availableProcessors())
                .isEqualTo(1);
    }

    @Test
    void cpuListsAreParsedAndWrittenInTheKernelsFormat() {
        assertThat(Topology.parseCpuList("0-3,6")).containsExactly(0, 1, 2, 3, 6);
        assertThat(Topology.formatCpuList(List.of(0, 1, 2, 3, 6))).isEqualTo("0-3,6");
        assertThatThrownBy(() -> Topology.parseCpuList(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cpuList");
        assertThatThrownBy(() -> Topology.formatCpuList(List.of(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
