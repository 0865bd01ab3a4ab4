package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Members in JVMs of their own: three serving member processes and this JVM's member, which
 * starts a CPU-heavy pipeline over 10^7 elements; one member process is killed
 * ({@code destroyForcibly}, as {@code kill -9}) or leaves gracefully while its chunks run, and
 * the result is still exact. The {@code long} variants do ten times the work per element.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverTest {

    private static final long N = 10_000_000L;
    /** Sum of the multiples of 7 below N. */
    private static final long EXPECTED;

    static {
        long k = (N - 1) / 7;
        EXPECTED = 7 * k * (k + 1) / 2;
    }

    @Test
    void aKilledMembersChunksAreRunElsewhereAndTheResultIsExact() throws Exception {
        failover(15810, 300, false);
    }

    @Test
    void aLeavingMembersChunksAreRunElsewhereAndTheResultIsExact() throws Exception {
        failover(15830, 300, true);
    }

    @Test
    @Tag("long")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void longKill() throws Exception {
        failover(15850, 1_500, false);
    }

    @Test
    @Tag("long")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void longLeave() throws Exception {
        failover(15870, 1_500, true);
    }

    private static void failover(int basePort, int rounds, boolean graceful) throws Exception {
        String name = "failover-" + UUID.randomUUID();
        int ports = 4;
        List<MemberProcess> processes = new ArrayList<>();
        HazelcastInstance hz = null;
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            for (int i = 0; i < 3; i++) {
                processes.add(MemberProcess.start("serve", name, Integer.toString(basePort), Integer.toString(ports),
                        "1"));
            }
            hz = Hazelcast.newHazelcastInstance(TestMembers.config(name, basePort, ports));
            MoiraiCluster cluster = MoiraiCluster.join(hz, runtime);
            Awaitility.await().atMost(60, TimeUnit.SECONDS)
                    .alias("four serving members, seen " + cluster.snapshot().members())
                    .until(() -> cluster.snapshot().members().stream()
                            .filter(ClusterSnapshot.MemberState::serving).count() == 4);
            AtomicInteger resent = new AtomicInteger();
            cluster.addListener(new ClusterListener() {
                @Override
                public void chunkResent(long jobId, int chunk, UUID member) {
                    resent.incrementAndGet();
                }
            });

            CompletableFuture<Long> sum = Iter.range(0L, N).map(i -> Fns.slowIdentity(i, rounds))
                    .filter(i -> i % 7 == 0).on(cluster.context()).async().sum().toCompletableFuture();
            MemberProcess victim = processes.get(1);
            Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(5, TimeUnit.MILLISECONDS).until(() -> {
                List<ClusterSnapshot.JobState> jobs = cluster.snapshot().jobs();
                return !jobs.isEmpty() && jobs.getFirst().inFlightByMember().getOrDefault(victim.uuid, 0) > 0;
            });
            assertThat(sum).as("still running when the member goes").isNotDone();
            int total = cluster.snapshot().jobs().getFirst().chunksTotal();
            if (graceful) {
                victim.ask("leave", "LEFT");
            } else {
                victim.kill();
            }
            assertThat(sum.get(150, TimeUnit.SECONDS)).isEqualTo(EXPECTED);
            assertThat(resent.get()).as("chunks taken back from the member that left").isPositive();
            assertThat(total).isGreaterThan(1);
            assertThat(cluster.snapshot().members()).noneMatch(m -> m.uuid().equals(victim.uuid) && m.serving());
            cluster.close();
        } finally {
            for (MemberProcess p : processes) {
                p.close();
            }
            if (hz != null) {
                hz.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void twoEmbeddedMembersInSeparateJvmsDoNotJoinEachOther() throws Exception {
        try (MemberProcess a = MemberProcess.start("embedded", "1");
             MemberProcess b = MemberProcess.start("embedded", "1")) {
            assertThat(a.uuid).isNotEqualTo(b.uuid);
            // each stays a cluster of one for the time a discovery would have needed
            Awaitility.await().during(2, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS)
                    .until(() -> a.ask("size", "SIZE").equals("SIZE 1") && b.ask("size", "SIZE").equals("SIZE 1"));
        }
    }
}
