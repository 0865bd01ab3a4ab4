package io.moirai.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import io.moirai.hazelcast.MoiraiCluster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@code moiraiCluster} bean when the application context closes, after the web
 * server's graceful shutdown has let requests in flight finish (a request may be waiting on a
 * distributed pipeline) and before {@link MoiraiRuntimeLifecycle} stops the runtime (so that the
 * chunks this member still runs are re-run by the others rather than lost with the runtime).
 *
 * <p>Closing a cluster that joined the application's {@code HazelcastInstance} leaves that
 * instance running (the application's context shuts it down, after this); the member Moirai
 * started itself, which no bean holds, is shut down here once the cluster is closed. If the
 * context fails before it starts, {@link #destroy()} does the same.
 */
final class MoiraiClusterLifecycle extends OneShotLifecycle {

    /**
     * Between Boot's graceful-shutdown phase ({@code DEFAULT_PHASE - 1024}) and the runtime's
     * ({@link MoiraiRuntimeLifecycle#PHASE}, {@code DEFAULT_PHASE - 1536}): higher phases stop first.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1280;

    private static final Log logger = LogFactory.getLog(MoiraiClusterLifecycle.class);

    private final MoiraiCluster cluster;
    private final @Nullable HazelcastInstance owned;

    /**
     * A lifecycle for one cluster.
     *
     * @param cluster the cluster
     * @param owned   the Hazelcast member to shut down after it, or null when the application owns it
     */
    MoiraiClusterLifecycle(MoiraiCluster cluster, @Nullable HazelcastInstance owned) {
        this.cluster = cluster;
        this.owned = owned;
    }

    @Override
    void stopOnce() {
        close();
        logger.info("Moirai cluster stopped serving" + (this.owned != null ? "; its embedded member shut down" : ""));
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        close();
    }

    private void close() {
        this.cluster.close();
        if (this.owned != null) {
            try {
                this.owned.shutdown();
            } catch (RuntimeException alreadyDown) {
                // a member already shut down refuses to be shut down again; nothing is left to stop
                logger.debug("the embedded Hazelcast member was already shut down", alreadyDown);
            }
        }
    }
}
