package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One remote task on the caller's side, and its future. It goes to a fixed member, to a key's
 * owner, or to the serving member next in turn; when its member leaves (or stops serving) before
 * answering, a retryable task is sent to another serving member and any other fails with
 * {@link ClusterWorkLostException}. A member whose runtime has no room answers "busy": the task
 * never started, so it is sent again after a backoff (see {@link BusyRetry}) until
 * {@link ClusterOptions#busyTimeout()} has passed. Any other failure of the invocation fails the
 * call with its cause and leaves the member in the targets. State is guarded by the call's monitor.
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
    /** Busy answers so far, and when the first came (see {@link #busyLocked}). */
    private int busyAnswers;
    private long busySince;

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
        int busy = 0;
        synchronized (this) {
            if (!from.equals(member)) {
                return;   // an answer of a send already given up
            }
            member = null;
            inFlight = null;
            if (isDone()) {
                return;
            }
            if (failure != null || reply == null || reply.length == 0) {
                Throwable cause = failure != null ? MoiraiCluster.unwrap(failure)
                        : new IllegalStateException("member " + from + " gave no answer for " + label);
                if (!cluster.localRunning()) {
                    completeExceptionally(new RejectedExecutionException("this Hazelcast member shut down while "
                            + label + " ran", cause));
                    return;
                }
                switch (cluster.classify(from, failure)) {
                    case GONE -> {
                        cluster.markGone(from);
                        resend = lostLocked(from, cause);
                    }
                    case TRANSIENT -> resend = retryLocked(cause);
                    case FAILED -> completeExceptionally(cause);
                }
            } else {
                switch (reply[0]) {
                    case Payloads.OK -> {
                        try {
                            complete(cast(cluster.readValue(reply, label)));
                        } catch (RuntimeException e) {
                            completeExceptionally(e);
                        }
                    }
                    case Payloads.NOT_SERVING -> {
                        cluster.markGone(from);
                        resend = lostLocked(from, null);
                    }
                    case Payloads.BUSY -> busy = busyLocked(from, reply);
                    case Payloads.REFUSED -> completeExceptionally(new RejectedExecutionException(Payloads.message(reply)));
                    default -> completeExceptionally(cluster.readFailure(reply));
                }
            }
        }
        if (resend) {
            send();
        } else if (busy > 0) {
            BusyRetry.later(busy, this::send);
        }
    }

    /**
     * The member's runtime had no room and never started the task: it is sent again later, as
     * long as {@link ClusterOptions#busyTimeout()} allows since the first busy answer. Returns
     * the busy answers so far, or 0 after failing this future.
     */
    private int busyLocked(UUID from, byte[] reply) {
        sends--;   // it did not run there
        long now = System.nanoTime();
        if (busyAnswers++ == 0) {
            busySince = now;
        }
        if (now - busySince >= TimeUnit.NANOSECONDS.convert(cluster.busyTimeout())) { // saturates: any Duration is allowed
            completeExceptionally(new RejectedExecutionException("no member had room for " + label + " within "
                    + cluster.busyTimeout() + " (" + busyAnswers + " busy answers; the last, from member " + from
                    + ": " + Payloads.message(reply) + ")"));
            return 0;
        }
        return busyAnswers;
    }

    /** An invocation that Hazelcast says may succeed if repeated: a retryable task goes again, no member is left out. */
    private boolean retryLocked(Throwable cause) {
        if (options.isRetryable() && sends < Job.MAX_SENDS) {
            return true;
        }
        completeExceptionally(cause);
        return false;
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
