package io.moirai.autoconfigure;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.moirai.hazelcast.MoiraiCluster;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.util.ClassUtils;

/**
 * The Hazelcast configuration of the member Moirai starts when the application has no
 * {@code HazelcastInstance} bean: {@link MoiraiCluster#embeddedConfig()} (loopback only, multicast
 * and every discovery off, phone-home off, Hazelcast's Java deserialization filter on), with the
 * name, port and members of {@code moirai.cluster.*}.
 *
 * <p>With no members the member joins nobody, whatever else runs on the host, but accepts the
 * members that list it (with the same cluster name): that is how more instances on the machine
 * join the first. With members it joins them over TCP-IP and nothing else; it stays bound to loopback when every member is on
 * loopback (the usual several-instances-on-one-machine run), and otherwise binds to the address
 * Hazelcast picks, since a loopback member cannot be reached from another host. A production
 * cluster across machines is better described by the application's own Hazelcast {@code Config}
 * bean (Boot then starts the member and Moirai joins it).
 */
final class EmbeddedMember {

    private static final String LOGGING_TYPE = "hazelcast.logging.type";

    static final String SHUTDOWN_HOOK = "hazelcast.shutdownhook.enabled";

    private EmbeddedMember() {
    }

    /**
     * The configuration for these properties.
     *
     * @param properties validated {@code moirai.cluster.*} values
     * @return a new configuration
     */
    static Config config(MoiraiClusterProperties properties) {
        Config config = MoiraiCluster.embeddedConfig();
        config.setClusterName(properties.getName());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(properties.getPort()).setPortAutoIncrement(true);
        List<String> members = properties.getMembers().stream().map(String::strip).toList();
        // TCP-IP on even with no members: a member whose joining is all off also refuses the
        // members that list it, and the next instances must be able to join the first
        TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig().setEnabled(true);
        members.forEach(tcpIp::addMember);
        if (!members.isEmpty()) {
            if (!members.stream().allMatch(EmbeddedMember::isLoopback)) {
                network.getInterfaces().setEnabled(false).clear();
                config.getProperties().remove("hazelcast.local.localAddress");
            }
        }
        // the context owns this member and shuts it down after the cluster has stopped serving, so
        // the others take over its chunks; Hazelcast's own JVM hook would terminate it forcefully
        // at the same moment, racing the application's graceful shutdown
        config.setProperty(SHUTDOWN_HOOK, "false");
        // Hazelcast logs through java.util.logging unless told; Boot's own Hazelcast member is told SLF4J too
        if (System.getProperty(LOGGING_TYPE) == null
                && ClassUtils.isPresent("org.slf4j.Logger", EmbeddedMember.class.getClassLoader())) {
            config.setProperty(LOGGING_TYPE, "slf4j");
        }
        return config;
    }

    /**
     * Starts a member of {@code config}. Hazelcast's own JVM shutdown hook is off for it (see
     * {@link #config}), so while the member starts, which can take minutes when a listed member
     * never answers, a hook of this method's own terminates it on SIGTERM: start-up then fails at
     * once instead of ignoring the signal until Hazelcast gives up joining.
     *
     * @param config the member's configuration (a listener is added to it)
     * @return the started member
     */
    static HazelcastInstance start(Config config) {
        AtomicReference<HazelcastInstance> starting = new AtomicReference<>();
        config.addListenerConfig(new ListenerConfig(new StartingMember(starting)));
        Thread hook = new Thread(() -> {
            HazelcastInstance instance = starting.get();
            if (instance != null) {
                instance.getLifecycleService().terminate();
            }
        }, "moirai-cluster-start-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return Hazelcast.newHazelcastInstance(config);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is shutting down: the hook runs, or ran, and terminated the member
            }
        }
    }

    /** Hands the member being started to {@link #start}, before it joins. */
    private record StartingMember(AtomicReference<HazelcastInstance> starting)
            implements LifecycleListener, HazelcastInstanceAware {

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.starting.set(instance);
        }

        @Override
        public void stateChanged(LifecycleEvent event) {
        }
    }

    /**
     * Whether a {@code host:port} names this machine's loopback interface, judged from its text
     * alone (start-up resolves no name).
     */
    static boolean isLoopback(String member) {
        String host = member.substring(0, member.lastIndexOf(':')).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
