package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One remote task on the caller's side, and its future. It goes to a fixed member, to a key's
 * owner, or to the serving member next in turn; when its member leaves (or stops serving) before
 * answering, a retryable task is sent to another serving member and any other fails with
 * {@link ClusterWorkLostException}. State is guarded by the call's monitor.
 */
final class RemoteCall<T> extends CompletableFuture<T> {

    private final MoiraiCluster cluster;
    private final byte[] payload;
    private final RemoteOptions options;
    private final Member fixed;
    private final Object key;
    private final boolean hasKey;
    private final String label;

    private UUID member;
    private Future<byte[]> inFlight;
    private int sends;

    RemoteCall(MoiraiCluster cluster, byte[] payload, RemoteOptions options, Member fixed, Object key,
               boolean hasKey, String label) {
        this.cluster = cluster;
        this.payload = payload;
        this.options = options;
        this.fixed = fixed;
        this.key = key;
        this.hasKey = hasKey;
        this.label = label;
    }

    void send() {
        Member target;
        synchronized (this) {
            if (isDone()) {
                return;
            }
            if (cluster.isClosed()) {
                // the executor is shut down: a task its member gave back is not sent anywhere else
                completeExceptionally(new RejectedExecutionException("the MoiraiCluster was closed: " + label
                        + (sends > 0 ? " is not sent again after its member left" : " is not sent")));
                return;
            }
            target = target();
            if (target == null) {
                return;
            }
            sends++;
            member = target.getUuid();
        }
        Future<byte[]> future;
        try {
            future = cluster.transport().submitToMember(new PayloadTask(payload, options.lane(), label, cluster.localMember()), target);
        } catch (RuntimeException e) {
            onReply(target.getUuid(), null, e);
            return;
        }
        cluster.listeners.remoteTaskSent(target.getUuid());
        synchronized (this) {
            if (target.getUuid().equals(member)) {
                inFlight = future;
            }
        }
        if (isCancelled()) {
            RemoteCancels.cancelInBackground(List.of(future));
        }
        @SuppressWarnings("unchecked")
        CompletionStage<byte[]> replies = (CompletionStage<byte[]>) future;
        replies.whenComplete((reply, failure) -> onReply(target.getUuid(), reply, failure));
    }

    /** The member to send to, or null after failing this future because there is none. */
    private Member target() {
        if (fixed != null) {
            if (!cluster.isServing(fixed.getUuid())) {
                completeExceptionally(new RejectedExecutionException("member " + fixed
                        + " does not serve Moirai work (it has not joined, or it left)"));
                return null;
            }
            return fixed;
        }
        List<MoiraiCluster.Target> targets = cluster.servingTargets();
        if (targets.isEmpty()) {
            completeExceptionally(new RejectedExecutionException("no member serves Moirai work; " + label + " cannot run"));
            return null;
        }
        if (hasKey) {
            UUID owner = cluster.keyOwner(key);
            for (MoiraiCluster.Target t : targets) {
                if (t.member().getUuid().equals(owner)) {
                    return t.member();
                }
            }
        }
        return targets.get(Math.floorMod(cluster.nextTurn(), targets.size())).member();
    }

    private void onReply(UUID from, byte[] reply, Throwable failure) {
        boolean resend = false;
        synchronized (this) {
            if (!from.equals(member)) {
                return;   // an answer of a send already given up
            }
            member = null;
            inFlight = null;
            if (isDone()) {
                return;
            }
            if (failure != null || reply == null || reply.length == 0 || reply[0] == Payloads.NOT_SERVING) {
                if (!cluster.localRunning()) {
                    completeExceptionally(new RejectedExecutionException("this Hazelcast member shut down while "
                            + label + " ran", MoiraiCluster.unwrap(failure)));
                    return;
                }
                cluster.markGone(from);
                resend = lostLocked(from, failure == null ? null : MoiraiCluster.unwrap(failure));
            } else {
                switch (reply[0]) {
                    case Payloads.OK -> {
                        try {
                            complete(cast(cluster.readValue(reply, label)));
                        } catch (RuntimeException e) {
                            completeExceptionally(e);
                        }
                    }
                    case Payloads.REFUSED -> completeExceptionally(new RejectedExecutionException(Payloads.message(reply)));
                    default -> completeExceptionally(cluster.readFailure(reply));
                }
            }
        }
        if (resend) {
            send();
        }
    }

    /** The member running this call left; true when the call is to be sent again. */
    void memberGone(UUID gone) {
        boolean resend;
        synchronized (this) {
            if (!gone.equals(member) || isDone()) {
                return;
            }
            member = null;
            inFlight = null;
            resend = lostLocked(gone, null);
        }
        if (resend) {
            send();
        }
    }

    private boolean lostLocked(UUID gone, Throwable cause) {
        if (options.isRetryable() && fixed == null && sends < Job.MAX_SENDS) {
            return true;
        }
        completeExceptionally(new ClusterWorkLostException("member " + gone + " left or stopped serving before "
                + label + " completed" + (options.isRetryable() ? " (sent " + sends + " times)" : "; it is not retryable"),
                List.of(), gone, cause));
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Future<byte[]> running;
        synchronized (this) {
            running = inFlight;
        }
        if (cancelled && running != null) {
            RemoteCancels.cancelInBackground(List.of(running));
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
