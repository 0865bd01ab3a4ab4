package io.moirai.autoconfigure.actuate;

import com.hazelcast.cluster.Member;
import io.moirai.hazelcast.ClusterListener;
import io.moirai.hazelcast.ClusterSnapshot;
import io.moirai.hazelcast.MoiraiCluster;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audits members that start and stop serving, through the {@link MoiraiAuditBridge}:
 * {@value MoiraiAuditBridge#MEMBER_JOINED} and {@value MoiraiAuditBridge#MEMBER_LEFT}, each with
 * the member's UUID, its address, whether it is this application's member, and how many members
 * serve afterwards.
 *
 * <p>Exactly one event per change of a member: the cluster may report a member serving more than
 * once (it registers again after a network split heals), and its report of this member's own
 * registration can come before or after {@link #attach()} adds this listener, so the listener
 * keeps the members it reported and seeds them from a snapshot taken after it was added.
 */
final class MoiraiClusterAuditListener implements ClusterListener {

    private final MoiraiCluster cluster;
    private final MoiraiAuditBridge bridge;
    /** Serving members already reported, with the address each was reported at. */
    private final Map<UUID, String> serving = new ConcurrentHashMap<>();

    MoiraiClusterAuditListener(MoiraiCluster cluster, MoiraiAuditBridge bridge) {
        this.cluster = cluster;
        this.bridge = bridge;
    }

    /** Listens from now on, and reports the members that serve already. */
    void attach() {
        this.cluster.addListener(this);
        for (ClusterSnapshot.MemberState member : this.cluster.snapshot().members()) {
            if (member.serving()) {
                joined(member.uuid(), member.address());
            }
        }
    }

    @Override
    public void memberServing(UUID member) {
        joined(member, addressOf(member));
    }

    @Override
    public void memberGone(UUID member) {
        String address = this.serving.remove(member);
        if (address != null) {
            this.bridge.publishSystemEvent(MoiraiAuditBridge.MEMBER_LEFT, "member", member.toString(), "address",
                    address, "local", isLocal(member), "servingMembers", this.serving.size());
        }
    }

    private void joined(UUID member, String address) {
        if (this.serving.putIfAbsent(member, address) == null) {
            this.bridge.publishSystemEvent(MoiraiAuditBridge.MEMBER_JOINED, "member", member.toString(), "address",
                    address, "local", isLocal(member), "servingMembers", this.serving.size());
        }
    }

    private String addressOf(UUID member) {
        try {
            for (Member m : this.cluster.hazelcast().getCluster().getMembers()) {
                if (m.getUuid().equals(member)) {
                    return m.getAddress().getHost() + ":" + m.getAddress().getPort();
                }
            }
        } catch (RuntimeException shuttingDown) {
            // this member is shutting down; the UUID alone identifies the other
        }
        return "unknown";
    }

    private boolean isLocal(UUID member) {
        try {
            return this.cluster.hazelcast().getCluster().getLocalMember().getUuid().equals(member);
        } catch (RuntimeException shuttingDown) {
            return false;
        }
    }
}
