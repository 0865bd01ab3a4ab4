package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import io.moirai.iter.Evaluation;
import io.moirai.runtime.Lane;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One distributed evaluation on the caller's side: its chunks (the evaluation's parts), where
 * each one is, and their results.
 *
 * <p>Each chunk is identified by (job id, part index). A chunk is pending, in flight on one
 * member under an attempt number, or done. Sending increments the attempt; taking a chunk back
 * from a member that left (or stopped serving) increments it again, so a late answer of the old
 * attempt is recognised and does not touch the accounting. A result is accepted once, whichever
 * attempt brings it first; every later one is dropped: results are exact however often a chunk
 * ran. The job completes when every chunk has a result, or fails as a whole: the first failure of
 * a stage, a payload refused by a member, a chunk sent {@link #MAX_SENDS} times, a failed
 * invocation that does not mean its member left, or no serving member left while chunks remain.
 * It never completes with a part missing. A chunk a member's runtime had no room for ("busy") did
 * not run: it waits a backoff outside the queue (see {@link BusyRetry}), then goes back to its
 * head, and the send does not count towards {@link #MAX_SENDS}; the member stays a target.
 *
 * <p>Chunks are sent in encounter order to the member with the most free room (its window is
 * its parallelism times {@link ClusterOptions#chunksPerWorker()}); a partition's chunk goes to
 * the partition's owner (as it was when the job started) whenever that member serves, waiting for
 * room there, and to the member with the most room otherwise. All state is guarded by the job's
 * monitor; Hazelcast calls are made outside it (cancels of chunks in flight on a thread of their
 * own, see {@link RemoteCancels}).
 */
final class Job<R> {

    /** How many times one chunk may be sent before the job gives up on it. */
    static final int MAX_SENDS = 5;

    final long id;
    final Evaluation<R> evaluation;
    private final MoiraiCluster cluster;
    private final List<Evaluation.Part> parts;
    private final boolean byPartition;
    private final Lane lane;
    private final String label;
    /** By partition id, the owners when the job started: where a partition's chunk goes first. */
    private final UUID[] owners;

    private final byte[][] results;
    private final int[] attempt;
    private final int[] sends;
    /** By chunk, how many times a member answered that its runtime had no room for it (see {@link BusyRetry}). */
    private final int[] busyAnswers;
    private final UUID[] assignedTo;
    /**
     * The member a pending chunk was taken back from, until it is sent again: the listener hears
     * {@code chunkResent} when it is, not when it is taken back, since its first member may still
     * answer before then (its answer is accepted and the chunk is never sent again).
     */
    private final UUID[] takenBackFrom;
    private final Future<?>[] futures;
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    /**
     * Chunks in flight by member, and chunks done: written under the job's monitor, read without
     * it by {@link #state()}, which a listener or progress callback (called under the monitor of
     * another job) may reach through {@link MoiraiCluster#snapshot()}.
     */
    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();
    private volatile int done;
    private boolean finished;

    /** Completes when every chunk's result is in, or fails with the job's failure. */
    final CompletableFuture<Void> allIn = new CompletableFuture<>();

    Job(long id, MoiraiCluster cluster, Evaluation<R> evaluation, int maxParts) {
        this.id = id;
        this.cluster = cluster;
        this.evaluation = evaluation;
        this.byPartition = evaluation.partitionedSource().filter(MapEntries.class::isInstance).isPresent();
        this.parts = evaluation.split(byPartition ? Integer.MAX_VALUE : maxParts);
        this.lane = evaluation.hasBlockingStages() ? Lane.BLOCKING : Lane.CPU;
        this.label = "job " + id + " " + evaluation.stages();
        this.owners = byPartition ? cluster.partitionOwners() : new UUID[0];
        int n = parts.size();
        results = new byte[n][];
        attempt = new int[n];
        sends = new int[n];
        busyAnswers = new int[n];
        assignedTo = new UUID[n];
        takenBackFrom = new UUID[n];
        futures = new Future<?>[n];
        for (int i = 0; i < n; i++) {
            pending.add(i);
        }
    }

    /**
     * Checks that the stages, the terminal and the source's elements serialize, so that a stage
     * capturing something that cannot travel fails the terminal before any work is sent, with an
     * {@link IllegalArgumentException} naming the stage and the class.
     */
    void checkSerializable() {
        evaluation.requireSerializable();
    }

    int chunks() {
        return parts.size();
    }

    private byte[] payload(int part) {
        Evaluation.Part p = parts.get(part);
        try {
            return Payloads.write(evaluation.task(p));
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the pipeline " + evaluation.stages()
                    + " cannot be sent to other members: it holds a " + e.getMessage()
                    + ", which is not serializable (a stage's function or what it captures, or an element)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the pipeline " + evaluation.stages()
                    + " cannot be serialized: " + e, e);
        }
    }

    /** Sends what the members' free room allows. */
    void pump() {
        List<Send> sendNow = new ArrayList<>();
        synchronized (this) {
            if (finished) {
                return;
            }
            if (cluster.isClosed()) {
                // sends nothing more, not even the chunks its own close took back from this member
                failLocked(new RejectedExecutionException("the MoiraiCluster was closed while " + evaluation.stages()
                        + " ran"));
                return;
            }
            if (pending.isEmpty()) {
                return;
            }
            List<MoiraiCluster.Target> targets = cluster.servingTargets();
            if (targets.isEmpty()) {
                // every chunk without a result: pending, in flight, or waiting out a busy
                // member's backoff (which is in neither, see BusyRetry)
                List<Integer> lost = new ArrayList<>();
                for (int i = 0; i < results.length; i++) {
                    if (results[i] == null) {
                        lost.add(i);
                    }
                }
                failLocked(new ClusterWorkLostException("no serving member is left to run chunks " + lost + " of "
                        + label + " (" + parts.size() + " chunks)", lost, null, null));
                return;
            }
            // in encounter order; a partition's chunk whose owner serves waits for room there
            // (the data is there), any other goes to the member with the most room
            java.util.Iterator<Integer> queued = pending.iterator();
            while (queued.hasNext()) {
                int part = queued.next();
                MoiraiCluster.Target target = choose(part, targets);
                if (target == null) {
                    if (byPartition) {
                        continue;
                    }
                    break;   // every member's window is full
                }
                queued.remove();
                if (++sends[part] > MAX_SENDS) {
                    failLocked(new ClusterWorkLostException("chunk " + part + " of " + label + " was sent "
                            + MAX_SENDS + " times and no member completed it", List.of(part), null, null));
                    return;
                }
                UUID uuid = target.member().getUuid();
                attempt[part]++;
                assignedTo[part] = uuid;
                inFlight.merge(uuid, 1, Integer::sum);
                sendNow.add(new Send(part, attempt[part], target.member(), takenBackFrom[part]));
                takenBackFrom[part] = null;
            }
        }
        for (Send send : sendNow) {
            send(send);
        }
    }

    /** Where {@code part} goes now, or null when it waits (no room, or its partition's owner is busy). */
    private MoiraiCluster.Target choose(int part, List<MoiraiCluster.Target> targets) {
        if (byPartition) {
            int partition = (int) parts.get(part).from();
            UUID owner = partition < owners.length ? owners[partition] : null;
            for (MoiraiCluster.Target t : targets) {
                if (t.member().getUuid().equals(owner)) {
                    return room(t) > 0 ? t : null;
                }
            }
        }
        MoiraiCluster.Target best = null;
        int bestRoom = 0;
        for (MoiraiCluster.Target t : targets) {
            int room = room(t);
            if (room > bestRoom) {
                best = t;
                bestRoom = room;
            }
        }
        return best;
    }

    private int room(MoiraiCluster.Target t) {
        return t.window() - inFlight.getOrDefault(t.member().getUuid(), 0);
    }

    private void send(Send send) {
        byte[] bytes;
        try {
            bytes = payload(send.part);
        } catch (IllegalArgumentException e) {
            fail(e);
            return;
        }
        if (send.resentFrom != null) {
            cluster.listeners.chunkResent(id, send.part, send.resentFrom);
        }
        cluster.listeners.chunkSent(id, send.part, send.member.getUuid());
        Future<byte[]> future;
        try {
            future = cluster.transport().submitToMember(
                    new PayloadTask(bytes, lane, label + " chunk " + send.part, cluster.localMember()), send.member);
        } catch (RuntimeException e) {
            onReply(send, null, e);
            return;
        }
        synchronized (this) {
            if (attempt[send.part] == send.attempt && assignedTo[send.part] != null) {
                futures[send.part] = future;
            }
            if (finished) {
                RemoteCancels.cancelInBackground(List.of(future));
            }
        }
        if (future instanceof CompletionStage<?> stage) {
            @SuppressWarnings("unchecked")
            CompletionStage<byte[]> replies = (CompletionStage<byte[]>) stage;
            replies.whenComplete((reply, failure) -> onReply(send, reply, failure));
        } else {
            throw new IllegalStateException("Hazelcast's executor returned a " + future.getClass()
                    + ", not a CompletionStage");
        }
    }

    private void onReply(Send send, byte[] reply, Throwable failure) {
        Throwable fail = null;
        boolean lost = false;
        int busy = 0;
        synchronized (this) {
            int part = send.part;
            UUID member = send.member.getUuid();
            boolean current = attempt[part] == send.attempt && member.equals(assignedTo[part]);
            if (current) {
                assignedTo[part] = null;
                futures[part] = null;
                inFlight.merge(member, -1, Integer::sum);
            }
            if (finished) {
                return;
            }
            if (failure != null || reply == null || reply.length == 0) {
                Throwable cause = failure != null ? MoiraiCluster.unwrap(failure)
                        : new IllegalStateException("member " + member + " gave no answer for chunk " + part);
                if (!cluster.localRunning()) {
                    fail = new RejectedExecutionException("this Hazelcast member shut down while " + label
                            + " ran", cause);
                } else {
                    switch (cluster.classify(member, failure)) {
                        case GONE -> {
                            cluster.markGone(member);
                            lost = current;
                        }
                        case TRANSIENT -> lost = current;   // sent again (within MAX_SENDS); the member stays
                        case FAILED -> fail = cause;
                    }
                }
            } else {
                switch (reply[0]) {
                    case Payloads.OK -> {
                        if (results[part] == null) {
                            results[part] = reply;
                            done++;
                            pending.remove(part);   // it may have been taken back and queued again
                            takenBackFrom[part] = null;   // and is then not sent again
                            cluster.listeners.chunkDone(id, part, member);
                            try {
                                evaluation.progress().onProgress(done, parts.size());
                            } catch (Throwable t) {
                                fail = t;
                            }
                            if (fail == null && done == parts.size()) {
                                finished = true;
                                cancelInFlightLocked();
                                cluster.jobEnded(this);
                                allIn.complete(null);
                                return;
                            }
                        }
                    }
                    case Payloads.NOT_SERVING -> {
                        cluster.markGone(member);
                        lost = current;
                    }
                    case Payloads.BUSY -> {
                        if (current && results[part] == null) {
                            sends[part]--;   // it never started there
                            busy = ++busyAnswers[part];
                        }
                    }
                    case Payloads.REFUSED -> fail = new RejectedExecutionException(Payloads.message(reply));
                    default -> fail = cluster.readFailure(reply);
                }
            }
            if (fail != null) {
                failLocked(fail);
                return;
            }
            if (lost && results[part] == null) {
                takenBackFrom[part] = member;
                pending.addFirst(part);
                attempt[part]++;
            }
        }
        if (busy > 0) {
            int part = send.part;
            BusyRetry.later(busy, () -> busyRetry(part));
        }
        pump();
    }

    /** A chunk a member had no room for goes back to the head of the queue, and is sent where there is room. */
    private void busyRetry(int part) {
        synchronized (this) {
            if (finished || results[part] != null || assignedTo[part] != null || pending.contains(part)) {
                return;
            }
            pending.addFirst(part);
        }
        pump();
    }

    /** Takes back the chunks in flight on {@code member}, which left or stopped serving. */
    void memberGone(UUID member) {
        synchronized (this) {
            if (finished) {
                return;
            }
            List<Integer> back = new ArrayList<>();
            for (int i = 0; i < assignedTo.length; i++) {
                if (member.equals(assignedTo[i])) {
                    assignedTo[i] = null;
                    futures[i] = null;
                    attempt[i]++;
                    takenBackFrom[i] = member;
                    back.add(i);
                }
            }
            inFlight.remove(member);
            // back in encounter order at the head of the queue: they hold up the combine
            for (int i = back.size() - 1; i >= 0; i--) {
                pending.addFirst(back.get(i));
            }
        }
        pump();
    }

    void cancel() {
        fail(new CancellationException("the evaluation of " + label + " was cancelled"));
    }

    void fail(Throwable failure) {
        synchronized (this) {
            if (!finished) {
                failLocked(failure);
            }
        }
    }

    private void failLocked(Throwable failure) {
        finished = true;
        pending.clear();
        cancelInFlightLocked();
        cluster.jobEnded(this);
        allIn.completeExceptionally(failure);
    }

    /** Cancels the chunks in flight off this thread (see {@link RemoteCancels}): the job's ending never waits or throws for them. */
    private void cancelInFlightLocked() {
        List<Future<?>> flying = new ArrayList<>();
        for (int i = 0; i < futures.length; i++) {
            if (futures[i] != null) {
                flying.add(futures[i]);
                futures[i] = null;
            }
        }
        RemoteCancels.cancelInBackground(flying);
    }

    /** The partials in encounter order, read through the allow-list; after {@link #allIn} completed. */
    List<Evaluation.Partial> partials() {
        List<Evaluation.Partial> partials = new ArrayList<>(results.length);
        for (byte[] bytes : results) {
            partials.add((Evaluation.Partial) cluster.readValue(bytes, label));
        }
        return partials;
    }

    /** Without the job's monitor: a snapshot taken under another job's monitor would deadlock with it. */
    ClusterSnapshot.JobState state() {
        Map<UUID, Integer> flying = new HashMap<>();
        inFlight.forEach((member, n) -> {
            if (n > 0) {
                flying.put(member, n);
            }
        });
        return new ClusterSnapshot.JobState(id, evaluation.stages(), done, parts.size(), flying);
    }

    /** One chunk to send; {@code resentFrom} is the member it was taken back from, null on its first send. */
    private record Send(int part, int attempt, Member member, UUID resentFrom) {
    }
}
