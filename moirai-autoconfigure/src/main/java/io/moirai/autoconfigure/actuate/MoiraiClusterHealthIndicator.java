package io.moirai.autoconfigure.actuate;

import io.moirai.hazelcast.ClusterSnapshot;
import io.moirai.hazelcast.MoiraiCluster;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health contributor {@code moiraiCluster}: {@code UP} while at least
 * {@code moirai.cluster.min-members} members serve Moirai work (this one counted), {@code DOWN}
 * below that or once the cluster is closed. Its details: {@code members} (the Hazelcast
 * cluster's members), {@code servingMembers} (those that run chunks and remote tasks),
 * {@code minMembers}, and this member's {@code address}.
 *
 * <p>{@code DOWN} below the minimum rather than degraded: an application that asks for two
 * members does so because one is not enough for its work or its failover, so a load balancer or
 * an orchestrator should see it. Leave {@code min-members} at 1 to keep a lone member healthy.
 */
public class MoiraiClusterHealthIndicator extends AbstractHealthIndicator {

    private final MoiraiCluster cluster;
    private final int minMembers;

    /**
     * A contributor for one cluster.
     *
     * @param cluster    the cluster
     * @param minMembers the fewest serving members for {@code UP}, at least 1
     */
    public MoiraiClusterHealthIndicator(MoiraiCluster cluster, int minMembers) {
        super("Moirai cluster health check failed");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (minMembers < 1) {
            throw new IllegalArgumentException("minMembers must be at least 1, was " + minMembers);
        }
        this.minMembers = minMembers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (this.cluster.isClosed()) {
            builder.down().withDetail("closed", true).withDetail("minMembers", this.minMembers);
            return;
        }
        ClusterSnapshot snapshot = this.cluster.snapshot();
        long serving = snapshot.members().stream().filter(ClusterSnapshot.MemberState::serving).count();
        (serving >= this.minMembers ? builder.up() : builder.down())
                .withDetail("members", snapshot.members().size())
                .withDetail("servingMembers", serving)
                .withDetail("minMembers", this.minMembers);
        snapshot.members().stream().filter(ClusterSnapshot.MemberState::local).findFirst()
                .ifPresent(local -> builder.withDetail("address", local.address()));
    }
}
