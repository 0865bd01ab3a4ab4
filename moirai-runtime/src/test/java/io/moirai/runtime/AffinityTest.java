package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.moirai.topology.Topology;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pinning through {@code sched_setaffinity}, checked against the kernel's own account of the
 * thread ({@link ThreadCpus}). Each test pins a thread of its own, never the test runner's, so
 * nothing else is confined. The module runs its tests with
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
class AffinityTest {

    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase().startsWith("linux");
    }

    private static <T> T onNewThread(Supplier<T> body) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> result.set(body.get()));
        thread.join();
        return result.get();
    }

    @Test
    void isSupportedOnLinux() {
        assertThat(Affinity.isSupported()).isEqualTo(linux());
    }

    @Test
    void aThreadPinnedToCpu1RunsOnCpu1Only() throws InterruptedException {
        assumeTrue(linux() && ThreadCpus.readable() && Topology.detect().usableCpus().contains(1),
                "needs Linux and CPU 1");
        record Outcome(boolean pinned, Set<Integer> cpus) {
        }
        Outcome outcome = onNewThread(() -> new Outcome(Affinity.pinCurrentThread(1), ThreadCpus.ofCurrentThread()));
        assertThat(outcome.pinned()).isTrue();
        assertThat(outcome.cpus()).containsExactly(1);
    }

    /** 4000: a CPU this machine lacks; 2^20: beyond any CPU Linux numbers, which no mask here names. */
    @ParameterizedTest
    @ValueSource(ints = {4000, 1 << 20})
    void aCpuTheKernelDoesNotHaveIsRefusedAndChangesNothing(int cpu) throws InterruptedException {
        assumeTrue(linux() && ThreadCpus.readable());
        record Outcome(boolean pinned, Set<Integer> before, Set<Integer> after) {
        }
        Outcome outcome = onNewThread(() -> {
            Set<Integer> before = ThreadCpus.ofCurrentThread();
            return new Outcome(Affinity.pinCurrentThread(cpu), before, ThreadCpus.ofCurrentThread());
        });
        assertThat(outcome.pinned()).isFalse();
        assertThat(outcome.after()).isEqualTo(outcome.before());
    }

    @Test
    void aNegativeCpuIsRejected() {
        assertThatThrownBy(() -> Affinity.pinCurrentThread(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu").hasMessageContaining("was -1");
    }
}
