package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every thread the runtime creates carries the configured prefix ({@code <prefix>cpu-N},
 * {@code <prefix>blocking-N}, {@code <prefix>timer}) and none is alive after {@code close()}.
 * Each test uses its own prefix, so threads of other runtimes never get in the way.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadNamingTest {

    @Test
    void defaultPrefixIsMoirai() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThat(runtime.spawn(() -> Thread.currentThread().getName())
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).matches("moirai-cpu-\\d+");
            assertThat(runtime.spawnBlocking(() -> Thread.currentThread().getName())
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).matches("moirai-blocking-\\d+");
        }
    }

    @Test
    void everyThreadCarriesThePrefixAndNoneOutlivesClose() throws Exception {
        String prefix = "naming-a-";
        List<Thread> seen = new CopyOnWriteArrayList<>();
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).threadNamePrefix(prefix).build();
        try (runtime) {
            for (int i = 0; i < 8; i++) {
                runtime.spawn(() -> seen.add(Thread.currentThread())).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                runtime.spawnBlocking(() -> seen.add(Thread.currentThread()))
                        .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            runtime.schedule(() -> seen.add(Thread.currentThread()), 1, TimeUnit.MILLISECONDS)
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            List<Thread> platform = threadsNamed(prefix);
            seen.addAll(platform);

            assertThat(platform).extracting(Thread::getName).contains(prefix + "timer")
                    .allMatch(name -> name.matches(prefix + "(cpu-\\d+|timer)"));
            assertThat(seen).extracting(Thread::getName)
                    .allMatch(name -> name.matches(prefix + "(cpu-\\d+|blocking-\\d+|timer)"));
            assertThat(seen).filteredOn(Thread::isVirtual).isNotEmpty()
                    .allMatch(thread -> thread.getName().matches(prefix + "blocking-\\d+"));
            assertThat(runtime.snapshot().workers()).extracting(RuntimeSnapshot.WorkerSnapshot::name)
                    .allMatch(name -> name.matches(prefix + "cpu-\\d+"));
        }
        assertThat(seen).as("threads alive after close").noneMatch(Thread::isAlive);
        assertThat(threadsNamed(prefix)).isEmpty();
    }

    @Test
    void cpuWorkersAreDaemonThreads() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix("naming-b-").build()) {
            assertThat(runtime.spawn(() -> Thread.currentThread().isDaemon())
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(threadsNamed("naming-b-")).allMatch(Thread::isDaemon);
        }
    }

    @Test
    void workersAddedByReconfigureCarryThePrefixAndNoneOutlivesClose() throws Exception {
        String prefix = "naming-c-";
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix(prefix).build();
        try (runtime) {
            runtime.reconfigure(3, 4);
            assertThat(runtime.snapshot().workers()).hasSize(3).extracting(RuntimeSnapshot.WorkerSnapshot::name)
                    .allMatch(name -> name.matches(prefix + "cpu-\\d+")).doesNotHaveDuplicates();
        }
        assertThat(threadsNamed(prefix)).isEmpty();
    }

    /**
     * A resize down and up again leaves the workers numbered from 0 without gaps: a new worker
     * takes the lowest number no live worker holds, so {@code cpu-1} comes back rather than
     * {@code cpu-3} appearing next to {@code cpu-0}.
     */
    @Test
    void workersAddedAfterAShrinkReuseTheLowestFreeNumbers() throws Exception {
        String prefix = "naming-f-";
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(3).threadNamePrefix(prefix).build()) {
            assertThat(workerNames(runtime)).containsExactlyInAnyOrder(prefix + "cpu-0", prefix + "cpu-1",
                    prefix + "cpu-2");

            runtime.reconfigure(1, 4);
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(threadsNamed(prefix + "cpu-"))
                    .extracting(Thread::getName).containsExactly(prefix + "cpu-0"));

            runtime.reconfigure(4, 4);
            assertThat(workerNames(runtime)).containsExactlyInAnyOrder(prefix + "cpu-0", prefix + "cpu-1",
                    prefix + "cpu-2", prefix + "cpu-3");
            assertThat(threadsNamed(prefix + "cpu-")).extracting(Thread::getName)
                    .containsExactlyInAnyOrder(prefix + "cpu-0", prefix + "cpu-1", prefix + "cpu-2",
                            prefix + "cpu-3");
        }
    }

    /**
     * A worker still finishing its task when the lane grows again keeps its number until its
     * thread ends, so no two live workers ever share a name.
     */
    @Test
    void aWorkerStillRetiringKeepsItsNumberSoLiveNamesStayUnique() throws Exception {
        String prefix = "naming-g-";
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).threadNamePrefix(prefix).build();
                Gate gate = new Gate(2)) {
            runtime.execute(gate.runnable());
            runtime.execute(gate.runnable());
            gate.awaitEntered();

            runtime.reconfigure(1, 4);
            runtime.reconfigure(2, 4);

            assertThat(threadsNamed(prefix + "cpu-")).extracting(Thread::getName).doesNotHaveDuplicates()
                    .hasSize(3).contains(prefix + "cpu-0", prefix + "cpu-1", prefix + "cpu-2");
            gate.open();
            await().atMost(Waits.LONG).untilAsserted(() -> assertThat(threadsNamed(prefix + "cpu-")).hasSize(2));
            runtime.reconfigure(3, 4);
            assertThat(workerNames(runtime)).doesNotHaveDuplicates().hasSize(3)
                    .allMatch(name -> name.matches(prefix + "cpu-[0-2]"));
        }
    }

    private static List<String> workerNames(MoiraiRuntime runtime) {
        return runtime.snapshot().workers().stream().map(RuntimeSnapshot.WorkerSnapshot::name).toList();
    }

    @Test
    void noThreadOutlivesShutdownNowAndAwaitTermination() throws Exception {
        String prefix = "naming-d-";
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).threadNamePrefix(prefix).build();
        try (runtime; Gate gate = new Gate(2)) {
            runtime.execute(gate.runnable());
            runtime.spawnBlocking(gate.callable("held"));
            gate.awaitEntered();

            runtime.shutdownNow();

            Waits.awaitTermination(runtime);
            assertThat(threadsNamed(prefix)).isEmpty();
        }
    }

    /**
     * {@code close()} returns only once every thread of the runtime has exited, the blocking
     * lane's virtual threads included. Repeated, because a virtual thread that has counted
     * itself out but not yet ended lives only for an instant.
     */
    @Test
    void noBlockingLaneThreadIsAliveAfterClose() throws Exception {
        int alive = 0;
        for (int i = 0; i < 300; i++) {
            Thread ran;
            try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix("naming-e-").build()) {
                ran = runtime.spawnBlocking(Thread::currentThread).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (ran.isAlive()) {
                alive++;
            }
        }
        assertThat(alive).as("runs in which a blocking-lane thread outlived close()").isZero();
    }

    private static List<Thread> threadsNamed(String prefix) {
        List<Thread> threads = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix) && thread.isAlive()) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
