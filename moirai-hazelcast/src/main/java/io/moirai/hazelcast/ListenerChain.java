package io.moirai.hazelcast;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The {@link ClusterListener}s of one cluster, each called in turn; what one throws is logged and dropped. */
final class ListenerChain implements ClusterListener {

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");

    final CopyOnWriteArrayList<ClusterListener> listeners = new CopyOnWriteArrayList<>();

    private void each(Consumer<ClusterListener> call) {
        for (ClusterListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a ClusterListener threw; dropped", e);
            }
        }
    }

    @Override
    public void memberServing(UUID member) {
        each(l -> l.memberServing(member));
    }

    @Override
    public void memberGone(UUID member) {
        each(l -> l.memberGone(member));
    }

    @Override
    public void chunkSent(long jobId, int chunk, UUID member) {
        if (!listeners.isEmpty()) {
            each(l -> l.chunkSent(jobId, chunk, member));
        }
    }

    @Override
    public void chunkDone(long jobId, int chunk, UUID member) {
        if (!listeners.isEmpty()) {
            each(l -> l.chunkDone(jobId, chunk, member));
        }
    }

    @Override
    public void chunkResent(long jobId, int chunk, UUID member) {
        each(l -> l.chunkResent(jobId, chunk, member));
    }

    @Override
    public void remoteTaskSent(UUID member) {
        if (!listeners.isEmpty()) {
            each(l -> l.remoteTaskSent(member));
        }
    }

    @Override
    public void payloadRefused(String className) {
        each(l -> l.payloadRefused(className));
    }

    @Override
    public void channelSent(String channel) {
        if (!listeners.isEmpty()) {
            each(l -> l.channelSent(channel));
        }
    }

    @Override
    public void channelReceived(String channel) {
        if (!listeners.isEmpty()) {
            each(l -> l.channelReceived(channel));
        }
    }
}
