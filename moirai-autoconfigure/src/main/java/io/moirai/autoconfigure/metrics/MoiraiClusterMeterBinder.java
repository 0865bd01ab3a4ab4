package io.moirai.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.moirai.hazelcast.ClusterListener;
import io.moirai.hazelcast.ClusterSnapshot;
import io.moirai.hazelcast.MoiraiCluster;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The cluster's meters, under {@code moirai.cluster.*} (Micrometer has no names for a cluster's
 * work):
 *
 * <table>
 *   <caption>Cluster meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code moirai.cluster.members}</td><td>gauge</td><td>members of the Hazelcast cluster</td></tr>
 *   <tr><td>{@code moirai.cluster.members.serving}</td><td>gauge</td><td>members that serve Moirai work</td></tr>
 *   <tr><td>{@code moirai.cluster.jobs.active}</td><td>gauge</td><td>distributed evaluations this member
 *       started that are running</td></tr>
 *   <tr><td>{@code moirai.cluster.chunks.sent}</td><td>counter</td><td>chunks of this member's evaluations
 *       sent to a member, re-sent ones included</td></tr>
 *   <tr><td>{@code moirai.cluster.chunks.completed}</td><td>counter</td><td>chunks whose result was
 *       accepted (each chunk once)</td></tr>
 *   <tr><td>{@code moirai.cluster.chunks.resent}</td><td>counter</td><td>chunks sent again because their
 *       member left before answering</td></tr>
 *   <tr><td>{@code moirai.cluster.remote.tasks}</td><td>counter</td><td>remote tasks this member sent,
 *       once more for each retry on another member</td></tr>
 *   <tr><td>{@code moirai.cluster.payloads.refused}</td><td>counter</td><td>payloads this member refused
 *       because they hold a class outside the allow-list</td></tr>
 *   <tr><td>{@code moirai.cluster.channel.sends}</td><td>counter, tag {@code channel}</td><td>elements
 *       this member sent on a cluster channel</td></tr>
 *   <tr><td>{@code moirai.cluster.channel.receives}</td><td>counter, tag {@code channel}</td><td>elements
 *       this member received from a cluster channel</td></tr>
 * </table>
 *
 * <p>The counters are fed by a {@link ClusterListener} that counts into {@link LongAdder}s (the
 * cluster calls it for every chunk, on its own threads) and are read when a registry publishes;
 * the gauges read the cluster's snapshot then. Counts start when the binder is first bound. A
 * channel's two counters appear with its first element sent or received on this member, tagged
 * with its name (applications name a handful of channels, so the tag stays small).
 */
public final class MoiraiClusterMeterBinder implements MeterBinder {

    private final MoiraiCluster cluster;
    private final Counts counts = new Counts();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    /**
     * A binder for one cluster.
     *
     * @param cluster the cluster
     */
    public MoiraiClusterMeterBinder(MoiraiCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registries.add(registry);
        this.counts.channels.forEach((channel, counts) -> channelCounters(registry, channel, counts));
        if (this.listening.compareAndSet(false, true)) {
            this.cluster.addListener(this.counts);
        }
        gauge(registry, "moirai.cluster.members", "members", "Members of the Hazelcast cluster",
                snapshot -> snapshot.members().size());
        gauge(registry, "moirai.cluster.members.serving", "members", "Members that serve Moirai work",
                snapshot -> snapshot.members().stream().filter(ClusterSnapshot.MemberState::serving).count());
        gauge(registry, "moirai.cluster.jobs.active", "jobs",
                "Distributed evaluations this member started that are running", snapshot -> snapshot.jobs().size());
        counter(registry, "moirai.cluster.chunks.sent", "chunks",
                "Chunks of this member's distributed evaluations sent to a member, re-sent ones included",
                this.counts.chunksSent);
        counter(registry, "moirai.cluster.chunks.completed", "chunks",
                "Chunks of this member's distributed evaluations whose result was accepted", this.counts.chunksDone);
        counter(registry, "moirai.cluster.chunks.resent", "chunks",
                "Chunks sent again because their member left before answering", this.counts.chunksResent);
        counter(registry, "moirai.cluster.remote.tasks", "tasks",
                "Remote tasks this member sent to a member, once more for each retry", this.counts.remoteTasks);
        counter(registry, "moirai.cluster.payloads.refused", "payloads",
                "Payloads refused because they hold a class outside the allow-list", this.counts.refused);
    }

    private void gauge(MeterRegistry registry, String name, String baseUnit, String description,
            ToDoubleFunction<ClusterSnapshot> value) {
        Gauge.builder(name, this.cluster, cluster -> read(cluster, value)).description(description).baseUnit(baseUnit)
                .register(registry);
    }

    /** NaN, Micrometer's "no value", once the cluster is closed and its member may be gone. */
    private static double read(MoiraiCluster cluster, ToDoubleFunction<ClusterSnapshot> value) {
        if (cluster.isClosed()) {
            return Double.NaN;
        }
        try {
            return value.applyAsDouble(cluster.snapshot());
        } catch (RuntimeException shuttingDown) {
            return Double.NaN;
        }
    }

    private static void counter(MeterRegistry registry, String name, String baseUnit, String description,
            LongAdder count) {
        FunctionCounter.builder(name, count, LongAdder::sum).description(description).baseUnit(baseUnit)
                .register(registry);
    }

    private static void channelCounters(MeterRegistry registry, String channel, LongAdder[] counts) {
        FunctionCounter.builder("moirai.cluster.channel.sends", counts[0], LongAdder::sum).tag("channel", channel)
                .description("Elements this member sent on a cluster channel").baseUnit("elements").register(registry);
        FunctionCounter.builder("moirai.cluster.channel.receives", counts[1], LongAdder::sum).tag("channel", channel)
                .description("Elements this member received from a cluster channel").baseUnit("elements")
                .register(registry);
    }

    /** The counts, kept by the cluster's own threads. */
    private final class Counts implements ClusterListener {

        final LongAdder chunksSent = new LongAdder();
        final LongAdder chunksDone = new LongAdder();
        final LongAdder chunksResent = new LongAdder();
        final LongAdder remoteTasks = new LongAdder();
        final LongAdder refused = new LongAdder();
        /** Per channel name: elements sent, elements received. */
        final Map<String, LongAdder[]> channels = new ConcurrentHashMap<>();

        @Override
        public void chunkSent(long jobId, int chunk, UUID member) {
            this.chunksSent.increment();
        }

        @Override
        public void chunkDone(long jobId, int chunk, UUID member) {
            this.chunksDone.increment();
        }

        @Override
        public void chunkResent(long jobId, int chunk, UUID member) {
            this.chunksResent.increment();
        }

        @Override
        public void remoteTaskSent(UUID member) {
            this.remoteTasks.increment();
        }

        @Override
        public void payloadRefused(String className) {
            this.refused.increment();
        }

        @Override
        public void channelSent(String channel) {
            channel(channel)[0].increment();
        }

        @Override
        public void channelReceived(String channel) {
            channel(channel)[1].increment();
        }

        /** The channel's counts, registering its counters the first time it is seen. */
        private LongAdder[] channel(String channel) {
            LongAdder[] counts = this.channels.get(channel);
            if (counts != null) {
                return counts;
            }
            return this.channels.computeIfAbsent(channel, name -> {
                LongAdder[] fresh = { new LongAdder(), new LongAdder() };
                MoiraiClusterMeterBinder.this.registries.forEach(registry -> channelCounters(registry, name, fresh));
                return fresh;
            });
        }
    }
}
