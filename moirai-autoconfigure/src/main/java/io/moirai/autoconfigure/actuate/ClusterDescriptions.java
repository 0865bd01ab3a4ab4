package io.moirai.autoconfigure.actuate;

import io.moirai.hazelcast.ClusterSnapshot;
import io.moirai.hazelcast.MoiraiCluster;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MoiraiCluster}'s snapshot as the endpoint's {@link MoiraiClusterDescriptor}. Apart from
 * the descriptor so that the descriptor's class never names a {@code moirai-hazelcast} type.
 */
final class ClusterDescriptions {

    private ClusterDescriptions() {
    }

    /**
     * Describes the cluster now.
     *
     * @param cluster the cluster
     * @return its description, or null once it is closed (its Hazelcast member may be gone)
     */
    static @Nullable MoiraiClusterDescriptor of(MoiraiCluster cluster) {
        if (cluster.isClosed()) {
            return null;
        }
        return of(cluster.snapshot());
    }

    static MoiraiClusterDescriptor of(ClusterSnapshot snapshot) {
        return new MoiraiClusterDescriptor(
                snapshot.members().stream().map(m -> new MoiraiClusterDescriptor.Member(m.uuid().toString(),
                        m.address(), m.local(), m.serving(), m.parallelism())).toList(),
                snapshot.jobs().stream().map(j -> new MoiraiClusterDescriptor.Job(j.id(), j.stages(), j.chunksDone(),
                        j.chunksTotal(), byUuid(j.inFlightByMember()))).toList());
    }

    /** Sorted, so that the JSON lists members in the same order on every read. */
    private static Map<String, Integer> byUuid(Map<UUID, Integer> inFlight) {
        Map<String, Integer> sorted = new TreeMap<>();
        inFlight.forEach((member, chunks) -> sorted.put(member.toString(), chunks));
        return sorted;
    }
}
