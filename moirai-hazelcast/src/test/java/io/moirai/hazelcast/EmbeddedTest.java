package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded member's safe defaults, and closing. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedTest {

    @Test
    void theEmbeddedMemberIsSafeByDefaultAndClosingShutsItDown() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            MoiraiCluster cluster = MoiraiCluster.embedded(runtime);
            HazelcastInstance hz = cluster.hazelcast();
            Config config = hz.getConfig();
            assertThat(config.getClusterName()).isEqualTo("moirai");
            JoinConfig join = config.getNetworkConfig().getJoin();
            assertThat(join.getMulticastConfig().isEnabled()).isFalse();
            assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
            assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
            assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
            assertThat(config.getSerializationConfig().getJavaSerializationFilterConfig()).isNotNull();
            assertThat(hz.getCluster().getLocalMember().getAddress().getInetAddress().isLoopbackAddress()).isTrue();

            // it works with Hazelcast's strict Java filter on: Moirai's payloads never meet it
            assertThat(Iter.range(0, 100_000).filter(i -> i % 7 == 0).on(cluster.context()).count())
                    .isEqualTo(14_286);
            assertThat(cluster.executor().submit(() -> 42L).get(30, TimeUnit.SECONDS)).isEqualTo(42L);

            cluster.close();
            cluster.close();   // idempotent
            assertThat(hz.getLifecycleService().isRunning()).isFalse();
            assertThat(cluster.isClosed()).isTrue();
            assertThat(runtime.isShutdown()).isFalse();   // the runtime is the caller's
            assertThatThrownBy(() -> Iter.range(0, 10).on(cluster.context()).sum())
                    .isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> cluster.executor().submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
            assertThat(cluster.executor().isShutdown()).isTrue();
        }
    }

    @Test
    void joiningDoesNotShutDownHazelcastOnClose() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            HazelcastInstance hz = com.hazelcast.core.Hazelcast.newHazelcastInstance(
                    TestMembers.config("joined-" + java.util.UUID.randomUUID(), 15790, 1));
            try {
                MoiraiCluster cluster = MoiraiCluster.join(hz, runtime);
                assertThat(cluster.snapshot().members()).singleElement()
                        .satisfies(m -> assertThat(m.serving()).isTrue());
                cluster.close();
                assertThat(hz.getLifecycleService().isRunning()).isTrue();
                // a member that stopped serving is no target, even for itself
                MoiraiCluster again = MoiraiCluster.join(hz, runtime);
                assertThat(Iter.range(0, 1_000).on(again.context()).sum()).isEqualTo(499_500);
                again.close();
            } finally {
                hz.shutdown();
            }
            assertThatThrownBy(() -> MoiraiCluster.join(hz, runtime)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void joiningTheSameMemberTwiceOrWithAShutDownRuntimeIsRefused() {
        MoiraiRuntime closed = MoiraiRuntime.builder().parallelism(1).build();
        closed.close();
        assertThatThrownBy(() -> MoiraiCluster.embedded(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            HazelcastInstance hz = com.hazelcast.core.Hazelcast.newHazelcastInstance(
                    TestMembers.config("twice-" + java.util.UUID.randomUUID(), 15795, 1));
            try {
                assertThatThrownBy(() -> MoiraiCluster.join(hz, closed)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("shut down");
                MoiraiCluster first = MoiraiCluster.join(hz, runtime);
                assertThatThrownBy(() -> MoiraiCluster.join(hz, runtime)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already serves");
                // the refused join left the first one serving, for others and for itself
                assertThat(first.snapshot().members()).singleElement().satisfies(m -> assertThat(m.serving()).isTrue());
                assertThat(Iter.range(0, 1_000).on(first.context()).sum()).isEqualTo(499_500);
                first.close();
                MoiraiCluster again = MoiraiCluster.join(hz, runtime);   // once closed, it may join again
                assertThat(Iter.range(0, 1_000).on(again.context()).sum()).isEqualTo(499_500);
                again.close();
            } finally {
                hz.shutdown();
            }
        }
    }
}
