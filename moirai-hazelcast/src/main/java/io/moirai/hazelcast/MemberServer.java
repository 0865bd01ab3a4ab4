package io.moirai.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.moirai.iter.Evaluation;
import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.io.IOException;
import java.io.InvalidClassException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The serving side of a member that called {@link MoiraiCluster#join}: reads each payload through
 * the allow-list and runs it on the member's runtime, on the lane the sender chose, while
 * Hazelcast's executor thread waits for it. Found by the local member's UUID, so that any number
 * of members in one JVM (tests) each serve on their own runtime.
 */
final class MemberServer {

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");
    private static final Map<UUID, MemberServer> SERVERS = new ConcurrentHashMap<>();
    /**
     * How often a serving thread that waits for its task looks whether the runtime was stopped
     * under it: a task that {@code shutdownNow()} handed back never completes its handle.
     */
    private static final long STOP_CHECK_MILLIS = 100L;

    private final HazelcastInstance instance;
    private final MoiraiRuntime runtime;
    private final PayloadFilter filter;
    /** Stands for the sender of a remote task in {@link #running}: only chunks are stopped when their sender leaves. */
    private static final UUID NOT_A_CHUNK = new UUID(0L, 0L);

    /** The tasks running here: a chunk by the member that sent it, a remote task by {@link #NOT_A_CHUNK}. */
    private final Map<TaskHandle<?>, UUID> running = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    MemberServer(HazelcastInstance instance, MoiraiRuntime runtime, PayloadFilter filter) {
        this.instance = instance;
        this.runtime = runtime;
        this.filter = filter;
    }

    static MemberServer of(HazelcastInstance instance) {
        return SERVERS.get(instance.getCluster().getLocalMember().getUuid());
    }

    /** Serves under {@code member}; false when another server already does (the instance joined twice). */
    boolean claim(UUID member) {
        return SERVERS.putIfAbsent(member, this) == null;
    }

    /** Serves under {@code member}, the id Hazelcast gave this member after a merge. */
    void start(UUID member) {
        SERVERS.put(member, this);
    }

    /** No longer found under {@code member}, an id this member had before a merge gave it another. */
    void forget(UUID member) {
        SERVERS.remove(member, this);
    }

    /** Stops taking work and interrupts what runs: the senders run it again elsewhere. */
    void stop(UUID member) {
        stopped = true;
        SERVERS.remove(member, this);
        for (TaskHandle<?> handle : running.keySet()) {
            handle.cancel(true);
        }
    }

    /**
     * The member {@code sender} left the cluster: the chunks it sent are interrupted. Nobody can
     * read their results any more (the evaluation they belong to ended with its member), and a
     * stage that never ends would otherwise hold a worker here for good. Remote tasks run on:
     * their effects may be what their sender wanted.
     */
    void senderLeft(UUID sender) {
        running.forEach((handle, from) -> {
            if (from.equals(sender)) {
                handle.cancel(true);
            }
        });
    }

    private boolean isMember(UUID member) {
        for (com.hazelcast.cluster.Member m : instance.getCluster().getMembers()) {
            if (m.getUuid().equals(member)) {
                return true;
            }
        }
        return false;
    }

    int parallelism() {
        return runtime.snapshot().parallelism();
    }

    byte[] serve(byte[] payload, Lane lane, String label, UUID sender) {
        if (stopped) {
            return Payloads.message(Payloads.NOT_SERVING, "this member stopped serving");
        }
        Object work;
        try {
            work = Payloads.read(payload, filter);
        } catch (InvalidClassException e) {
            if (!Payloads.refusal(e)) {
                return unreadable(label, e);   // another version of a class (serialVersionUID), not the allow-list
            }
            LOG.log(System.Logger.Level.WARNING, "refused " + label + ": " + e.getMessage());
            return Payloads.message(Payloads.REFUSED, "member " + instance.getCluster().getLocalMember()
                    + " refused " + label + ": " + e.getMessage());
        } catch (IOException | ClassNotFoundException e) {
            return unreadable(label, e);
        } catch (Throwable e) {
            // whatever else reading the user's payload throws, Errors included (a readObject's
            // ExceptionInInitializerError or NoClassDefFoundError), is the work's failure: thrown
            // out of here it would fail the invocation, and the sender would take this member for gone
            return Payloads.failed(e);
        }
        Callable<?> body = body(work);
        if (body == null) {
            return Payloads.message(Payloads.REFUSED, "member " + instance.getCluster().getLocalMember()
                    + " refused " + label + ": a " + work.getClass().getName() + " is not a task");
        }
        AtomicBoolean started = new AtomicBoolean();
        Callable<?> counted = () -> {
            started.set(true);
            return body.call();
        };
        TaskHandle<?> handle;
        try {
            handle = runtime.spawn(counted, TaskOptions.named(label).withLane(lane));
        } catch (RejectedExecutionException e) {
            return runtime.isShutdown() ? Payloads.message(Payloads.NOT_SERVING, "the member's runtime is shut down")
                    : busy(label, e);
        }
        boolean chunk = work instanceof Evaluation.PartTask;
        running.put(handle, chunk ? sender : NOT_A_CHUNK);
        try {
            if (stopped) {
                handle.cancel(true);   // stop() ran between the check above and the add
            }
            if (chunk && !isMember(sender)) {
                handle.cancel(true);   // its sender left before the chunk was registered
            }
            Object value;
            while (true) {
                try {
                    value = handle.get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (runtimeStopped()) {
                        // shutdownNow() handed the task back (it never runs here, and its handle
                        // never completes) or interrupted it: the sender takes the work back, as
                        // from a member that left
                        handle.cancel(false);
                        return notServing();
                    }
                }
            }
            try {
                return Payloads.ok(value);
            } catch (Throwable e) {
                // whatever the result's serialization throws, Errors included (an OutOfMemoryError
                // writing a huge result), is the task's failure: thrown out of here it would reach
                // the sender as a failed invocation
                return Payloads.failed(new IllegalArgumentException("the result of " + label
                        + " cannot be serialized: " + e, e));
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (runtimeStopped() || leaving(cause)) {
                // it failed as shutdownNow() interrupted it, or as this member's Hazelcast shut down
                // under it (a partition it read went away): not on its own, so it runs elsewhere
                return notServing();
            }
            if (cause instanceof RejectedExecutionException rejected && !started.get()) {
                return busy(label, rejected);   // evicted unstarted by DISCARD_OLDEST to make room
            }
            return Payloads.failed(cause);
        } catch (CancellationException e) {
            return stopped || runtimeStopped() ? notServing() : Payloads.failed(e);
        } catch (InterruptedException e) {
            // the sender cancelled the task (Hazelcast interrupts its executor thread)
            handle.cancel(true);
            Thread.currentThread().interrupt();
            return Payloads.failed(new CancellationException("cancelled by the sender"));
        } finally {
            running.remove(handle);
        }
    }

    /** Whether {@code shutdownNow()} was called on this member's runtime: it runs none of the work it was given any more. */
    private boolean runtimeStopped() {
        if (!runtime.isShutdown()) {
            return false;   // the common answer, without building a snapshot
        }
        RuntimeState state = runtime.snapshot().state();
        return state == RuntimeState.STOPPING || state == RuntimeState.TERMINATED;
    }

    /**
     * Whether {@code failure} came from this member's Hazelcast going away under the work: the
     * instance is shutting down (or down) and the failure is, or was caused by, one of
     * Hazelcast's. The work did not fail on its own, and is answered as from a member that left.
     */
    boolean leaving(Throwable failure) {
        if (instance.getLifecycleService().isRunning()) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("com.hazelcast.")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A payload holding a class the sender has and this member lacks, or has in another version
     * (members that run different builds of the application): named with this member and the
     * work, as the caller names a result it cannot read. The bare checked exception reached a
     * sync terminal as a CompletionException that said neither where nor what was being read.
     */
    private byte[] unreadable(String label, Exception e) {
        com.hazelcast.cluster.Member local = instance.getCluster().getLocalMember();
        return Payloads.failed(new IllegalStateException("member " + local.getUuid() + " (" + local.getAddress() + ")"
                + " could not read " + label + ": " + e + " (every serving member needs the same classes)", e));
    }

    /** The runtime refused to queue the work (its bounded queue is full): the sender tries again later. */
    private static byte[] busy(String label, RejectedExecutionException e) {
        return Payloads.message(Payloads.BUSY, "the member's runtime has no room for " + label + " now: "
                + e.getMessage());
    }

    private byte[] notServing() {
        return Payloads.message(Payloads.NOT_SERVING, stopped ? "this member stopped serving"
                : "the member's runtime was shut down");
    }

    private Callable<?> body(Object work) {
        return switch (work) {
            case Evaluation.PartTask part -> () -> {
                HazelcastInstance previous = MemberContext.enter(instance);
                try {
                    return part.run();
                } finally {
                    MemberContext.exit(previous);
                }
            };
            case RemoteCallable<?> callable -> callable;
            case RemoteRunnable runnable -> () -> {
                runnable.run();
                return null;
            };
            case Callable<?> callable -> callable;
            case Runnable runnable -> () -> {
                runnable.run();
                return null;
            };
            default -> null;
        };
    }
}
