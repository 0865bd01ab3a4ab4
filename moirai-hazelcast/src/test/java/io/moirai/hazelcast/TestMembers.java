package io.moirai.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * Hazelcast members on loopback for one test class: explicit TCP-IP member list on ports of the
 * class's own, a cluster name of its own, joining at once, failure detection of a few seconds;
 * each member joined to Moirai on a runtime whose threads are named after the member.
 */
final class TestMembers implements AutoCloseable {

    final List<HazelcastInstance> instances = new ArrayList<>();
    final List<MoiraiRuntime> runtimes = new ArrayList<>();
    final List<MoiraiCluster> clusters = new ArrayList<>();
    private final String clusterName;
    private final int basePort;
    private final int size;

    private final UnaryOperator<MoiraiRuntime.Builder> runtimeSettings;
    private final ClusterOptions options;

    TestMembers(String name, int basePort, int size) {
        this(name, basePort, size, UnaryOperator.identity(), ClusterOptions.defaults());
    }

    /** Members whose runtimes get {@code runtimeSettings} besides the defaults here, joined with {@code options}. */
    TestMembers(String name, int basePort, int size, UnaryOperator<MoiraiRuntime.Builder> runtimeSettings,
                ClusterOptions options) {
        this.clusterName = name + "-" + UUID.randomUUID();
        this.basePort = basePort;
        this.size = size;
        this.runtimeSettings = runtimeSettings;
        this.options = options;
        for (int i = 0; i < size; i++) {
            add();
        }
        awaitServing(size);
    }

    /** Starts one more member (its port is within the list of the first ones' member list). */
    MoiraiCluster add() {
        int index = instances.size();
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(clusterName, basePort, size + 2));
        MoiraiRuntime runtime = runtimeSettings.apply(MoiraiRuntime.builder().parallelism(2)
                .threadNamePrefix("m" + index + "-")).build();
        MoiraiCluster cluster = MoiraiCluster.join(hz, runtime, options);
        instances.add(hz);
        runtimes.add(runtime);
        clusters.add(cluster);
        return cluster;
    }

    static Config config(String clusterName, int basePort, int ports) {
        Config config = MoiraiCluster.embeddedConfig();
        config.setClusterName(clusterName);
        config.getNetworkConfig().setPort(basePort).setPortAutoIncrement(true).setPortCount(ports);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < ports; i++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + (basePort + i));
        }
        failureDetection(config);
        return config;
    }

    /** Joins without the default waits and declares a silent member dead within a few seconds. */
    static void failureDetection(Config config) {
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        config.setProperty("hazelcast.partition.count", "31");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    }

    MoiraiCluster caller() {
        return clusters.getFirst();
    }

    /**
     * The members the caller hears leave ({@link ClusterListener#memberGone}), in order, from now on.
     *
     * @return a list that grows as departures are heard
     */
    List<UUID> departuresHeardByCaller() {
        List<UUID> gone = new CopyOnWriteArrayList<>();
        caller().addListener(new ClusterListener() {
            @Override
            public void memberGone(UUID member) {
                gone.add(member);
            }
        });
        return gone;
    }

    void awaitServing(int members) {
        for (MoiraiCluster c : clusters) {
            if (!c.isClosed()) {
                Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> c.snapshot().members().stream()
                        .filter(ClusterSnapshot.MemberState::serving).count() == members);
            }
        }
    }

    @Override
    public void close() {
        for (MoiraiCluster c : clusters) {
            c.close();
        }
        for (HazelcastInstance hz : instances) {
            hz.getLifecycleService().terminate();
        }
        for (MoiraiRuntime runtime : runtimes) {
            runtime.close();
        }
    }
}
