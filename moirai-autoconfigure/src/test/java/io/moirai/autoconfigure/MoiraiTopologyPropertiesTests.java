package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code moirai.topology.*}: which CPUs the runtime's workers use and whether they are pinned. */
class MoiraiTopologyPropertiesTests {

    /** Where Linux reports a thread's state, its affinity included. */
    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class));

    private final Topology machine = Topology.detect();

    @Test
    void byDefaultTheRuntimeUsesEveryUsableCpuUnpinned() {
        this.runner.run(context -> {
            MoiraiProperties properties = context.getBean(MoiraiProperties.class);
            assertThat(properties.getTopology().getCpus()).isNull();
            assertThat(properties.getTopology().isPinWorkers()).isFalse();
            RuntimeSnapshot snapshot = context.getBean(MoiraiRuntime.class).snapshot();
            assertThat(snapshot.topology().usableCpus()).isEqualTo(this.machine.usableCpus());
            assertThat(snapshot.parallelism()).isEqualTo(this.machine.availableProcessors());
            assertThat(snapshot.workers()).extracting(RuntimeSnapshot.WorkerSnapshot::pinned).containsOnly(false);
        });
    }

    @Test
    void cpusRestrictTheRuntimeAndItsDefaultParallelism() {
        int last = this.machine.usableCpus().getLast();
        this.runner.withPropertyValues("moirai.topology.cpus=" + last).run(context -> {
            RuntimeSnapshot snapshot = context.getBean(MoiraiRuntime.class).snapshot();
            assertThat(snapshot.topology().usableCpus()).containsExactly(last);
            assertThat(snapshot.parallelism()).isEqualTo(1);
            assertThat(snapshot.workers()).extracting(RuntimeSnapshot.WorkerSnapshot::cpu).containsOnly(last);
        });
    }

    @Test
    void theKernelListFormatNamesEveryUsableCpu() {
        String all = Topology.formatCpuList(this.machine.usableCpus());
        this.runner.withPropertyValues("moirai.topology.cpus=" + all).run(context -> assertThat(
                context.getBean(MoiraiRuntime.class).snapshot().topology().usableCpus())
                .isEqualTo(this.machine.usableCpus()));
    }

    @Test
    void pinWorkersPinsEachWorkerToItsCpu() {
        boolean linux = Files.isReadable(THREAD_STATUS);
        this.runner.withPropertyValues("moirai.topology.pin-workers=true", "moirai.parallelism=1").run(context -> {
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            // the worker pins itself as its thread starts; the snapshot shows it once it has
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> runtime.snapshot().workers().stream()
                    .allMatch(worker -> worker.pinned() == linux));
            int cpu = runtime.snapshot().workers().getFirst().cpu();
            if (linux) {
                assertThat(runtime.spawn(MoiraiTopologyPropertiesTests::currentThreadCpus).join()).isEqualTo(Set.of(cpu));
            }
            assertThat(List.of(cpu)).isSubsetOf(this.machine.usableCpus());
        });
    }

    /** The kernel's account of the calling thread's affinity: its {@code Cpus_allowed_list}. */
    private static Set<Integer> currentThreadCpus() throws IOException {
        String line = Files.readAllLines(THREAD_STATUS).stream()
                .filter(candidate -> candidate.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        return Topology.parseCpuList(line.substring(line.indexOf(':') + 1).trim());
    }
}
