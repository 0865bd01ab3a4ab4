package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.partition.Partition;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.moirai.channel.RemoteChannel;
import io.moirai.iter.Evaluation;
import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import java.io.IOException;
import java.io.InvalidClassException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moirai on a Hazelcast cluster: this member serves chunks of distributed evaluations and remote
 * tasks on its {@link MoiraiRuntime}, and starts its own through {@link #context()} and
 * {@link #executor()}.
 *
 * <pre>{@code
 * HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder().build();
 *      MoiraiCluster cluster = MoiraiCluster.join(hz, runtime)) {   // this member serves on its runtime
 *     long n = Iter.range(0, 50_000_000).filter(i -> i % 7 == 0)
 *             .on(cluster.context()).count();                        // the distributed ExecutionContext
 *     Future<Long> f = cluster.executor().submit(() -> 42L);         // runs on some member's runtime
 * }
 * }</pre>
 *
 * <p>Hazelcast does membership, discovery, partitioning and failure detection; its executor
 * service carries Moirai's payloads as opaque bytes. Only members that called {@link #join} (or
 * {@link #embedded}) serve: they register themselves in a small replicated map, and work goes to
 * the live members found there. Every payload is read through an allow-list (see
 * {@link ClusterOptions}).
 *
 * <p><b>Guarantees under failure.</b> When a member leaves while chunks run there (its
 * {@code MoiraiCluster} is closed, it shuts down, or Hazelcast's failure detection declares it
 * dead), those chunks are sent again to the other serving members; each chunk's result is
 * accepted once, so the evaluation's result is exact. If no member can run a chunk, the
 * evaluation fails with {@link ClusterWorkLostException} naming the chunks; it never returns a
 * partial result. Remote tasks follow {@link RemoteOptions#retryable(boolean)}. A member is taken
 * for gone only when Hazelcast says it left (or it answers that it stopped serving): a failure of
 * the work on it, an {@code Error} included, fails that work and the member keeps serving, and a
 * member whose runtime's bounded queue is full answers "busy", and the work is sent again later
 * (see {@link ClusterOptions#busyTimeout(java.time.Duration)}).
 *
 * <p>Thread-safe. {@link #close()} stops serving and fails this member's running evaluations;
 * it shuts down neither the runtime nor (except for {@link #embedded}) Hazelcast.
 */
public final class MoiraiCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");

    /** The Hazelcast executor service that carries Moirai's payloads. */
    static final String EXECUTOR = "moirai";
    /** The replicated map of serving members: member UUID to its runtime's parallelism. */
    static final String REGISTRY = "moirai.serving";
    /**
     * Threads of the {@link #EXECUTOR} per member: each waits for one chunk or task running on
     * the member's runtime, so this bounds what one member runs at once for all callers.
     */
    static final int EXECUTOR_POOL_SIZE = 64;

    private final HazelcastInstance hz;
    private final MoiraiRuntime runtime;
    private final boolean owned;
    private final ClusterOptions options;
    private final PayloadFilter filter;
    /**
     * This member's id: read at join, and again after a split-brain merge, where Hazelcast gives
     * a member that rejoins a new one (see {@link #rejoined()}).
     */
    private volatile UUID local;
    private final IExecutorService transport;
    private final ReplicatedMap<UUID, Integer> registry;
    private final MemberServer server;
    final ListenerChain listeners = new ListenerChain();
    private final Set<Job<?>> jobs = ConcurrentHashMap.newKeySet();
    /** Members seen to leave or stop serving, left out of the targets until they register again. */
    private final Set<UUID> gone = ConcurrentHashMap.newKeySet();
    /**
     * Members whose departure the listeners were told of: once per departure, though Hazelcast
     * reports one in several ways (the member leaving, then each member's removal of its
     * registration); cleared when the member registers again.
     */
    private final Set<UUID> reportedGone = ConcurrentHashMap.newKeySet();
    private final AtomicLong jobIds = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DistributedContext context;
    private final ClusterExecutor executor;
    private UUID membershipRegistration;
    private UUID registryRegistration;
    private UUID lifecycleRegistration;

    private MoiraiCluster(HazelcastInstance hz, MoiraiRuntime runtime, ClusterOptions options, Class<?> caller,
                          boolean owned) {
        this.hz = hz;
        this.runtime = runtime;
        this.owned = owned;
        this.options = options;
        List<String> packages = new ArrayList<>(options.applicationPackages() != null
                ? options.applicationPackages() : inferredPackages(caller));
        packages.addAll(options.allowedPackages());
        this.filter = new PayloadFilter(packages, listeners::payloadRefused);
        this.local = hz.getCluster().getLocalMember().getUuid();
        this.transport = hz.getExecutorService(EXECUTOR);
        this.registry = hz.getReplicatedMap(REGISTRY);
        this.server = new MemberServer(hz, runtime, filter);
        this.context = new DistributedContext(this);
        this.executor = new ClusterExecutor(this);
    }

    /**
     * Makes this Hazelcast member serve Moirai work on {@code runtime}'s lanes, and gives it the
     * distributed context and executor. Payloads may hold classes of {@code java.*},
     * {@code io.moirai.*} and the application's packages, inferred from the class that calls
     * this method (see {@link ClusterOptions}).
     *
     * @param hazelcast a Hazelcast member (not a client)
     * @param runtime   the runtime that runs this member's share
     * @return the cluster, serving
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code hazelcast} is a client instance
     * @throws IllegalStateException    if {@code hazelcast} is not running, {@code runtime} is shut
     *                                  down, or {@code hazelcast} already serves through a
     *                                  {@code MoiraiCluster} that is not closed
     */
    public static MoiraiCluster join(HazelcastInstance hazelcast, MoiraiRuntime runtime) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return start(hazelcast, runtime, ClusterOptions.defaults(), caller, false);
    }

    /**
     * As {@link #join(HazelcastInstance, MoiraiRuntime)}, with explicit options.
     *
     * @param hazelcast a Hazelcast member (not a client)
     * @param runtime   the runtime that runs this member's share
     * @param options   the allowed packages and the chunk window
     * @return the cluster, serving
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code hazelcast} is a client instance
     * @throws IllegalStateException    as for {@link #join(HazelcastInstance, MoiraiRuntime)}
     */
    public static MoiraiCluster join(HazelcastInstance hazelcast, MoiraiRuntime runtime, ClusterOptions options) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return start(hazelcast, runtime, Objects.requireNonNull(options, "options"), caller, false);
    }

    /**
     * Starts a Hazelcast member of its own, safe by default, and serves on it: bound to the
     * loopback interface only, multicast and every other discovery off (it joins no other member
     * unless configured to), cluster name {@code moirai}, phone-home off, Hazelcast's Java
     * deserialization filter on. Closing the returned cluster also shuts that member down.
     *
     * @param runtime the runtime that runs this member's share
     * @return the cluster, serving
     * @throws NullPointerException  if {@code runtime} is null
     * @throws IllegalStateException if {@code runtime} is shut down
     */
    public static MoiraiCluster embedded(MoiraiRuntime runtime) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return embedded(runtime, ClusterOptions.defaults(), caller);
    }

    /**
     * As {@link #embedded(MoiraiRuntime)}, with explicit options.
     *
     * @param runtime the runtime that runs this member's share
     * @param options the allowed packages and the chunk window
     * @return the cluster, serving
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if {@code runtime} is shut down
     */
    public static MoiraiCluster embedded(MoiraiRuntime runtime, ClusterOptions options) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return embedded(runtime, Objects.requireNonNull(options, "options"), caller);
    }

    private static MoiraiCluster embedded(MoiraiRuntime runtime, ClusterOptions options, Class<?> caller) {
        Objects.requireNonNull(runtime, "runtime");
        requireRunning(runtime);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(embeddedConfig());
        try {
            return start(hz, runtime, options, caller, true);
        } catch (RuntimeException | Error e) {
            hz.shutdown();
            throw e;
        }
    }

    /**
     * The configuration {@link #embedded(MoiraiRuntime)} starts its member with: a starting point
     * for a member of your own, for example with a TCP-IP member list added.
     *
     * @return a new configuration, free to change
     */
    public static Config embeddedConfig() {
        Config config = new Config();
        config.setClusterName("moirai");
        config.setInstanceName("moirai-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // bind to loopback only, not to every interface
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(EXECUTOR_POOL_SIZE));
        return config;
    }

    private static MoiraiCluster start(HazelcastInstance hz, MoiraiRuntime runtime, ClusterOptions options,
                                       Class<?> caller, boolean owned) {
        Objects.requireNonNull(hz, "hazelcast");
        Objects.requireNonNull(runtime, "runtime");
        if (!(hz.getLocalEndpoint() instanceof Member)) {
            throw new IllegalArgumentException("a Hazelcast client instance cannot serve Moirai work: "
                    + "give MoiraiCluster.join a member (Hazelcast.newHazelcastInstance), not a client");
        }
        if (!hz.getLifecycleService().isRunning()) {
            throw new IllegalStateException("the Hazelcast instance " + hz.getName() + " is not running");
        }
        requireRunning(runtime);
        if (!owned) {
            addExecutorConfig(hz);
        }
        MoiraiCluster cluster = new MoiraiCluster(hz, runtime, options, caller, owned);
        cluster.serve();
        return cluster;
    }

    private static void requireRunning(MoiraiRuntime runtime) {
        if (runtime.isShutdown()) {
            throw new IllegalStateException("the runtime " + runtime + " is shut down: it cannot serve Moirai work");
        }
    }

    /** A member of the application's own configuration gets the executor's pool size dynamically. */
    private static void addExecutorConfig(HazelcastInstance hz) {
        try {
            Config config = hz.getConfig();
            if (!config.getExecutorConfigs().containsKey(EXECUTOR)) {
                config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(EXECUTOR_POOL_SIZE));
            }
        } catch (RuntimeException e) {
            // a conflicting configuration of the same name: keep the application's
            LOG.log(System.Logger.Level.DEBUG, "kept the configured executor " + EXECUTOR, e);
        }
    }

    /** The first two segments of the joining class's package: {@code com.acme} for {@code com.acme.billing.App}. */
    private static List<String> inferredPackages(Class<?> caller) {
        if (caller == null || caller.getPackageName().isEmpty()) {
            return List.of();
        }
        String[] segments = caller.getPackageName().split("\\.");
        return List.of(segments.length <= 2 ? caller.getPackageName() : segments[0] + "." + segments[1]);
    }

    private void serve() {
        if (!server.claim(local)) {
            throw new IllegalStateException("the Hazelcast member " + local + " (" + hz.getName()
                    + ") already serves Moirai work through another MoiraiCluster: close that one first");
        }
        membershipRegistration = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // it serves once it registers. This member announces itself again: one that
                // rejoins after a split-brain merge may have lost the registrations made while
                // it was apart, and learns of this one from the update
                registerAgain();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                UUID member = event.getMember().getUuid();
                if (!closed.get()) {
                    try {
                        registry.remove(member);   // every member cleans up: idempotent
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "could not unregister a departed member", e);
                    }
                }
                memberGone(member);
                server.senderLeft(member);
            }
        });
        registryRegistration = registry.addEntryListener(new RegistryListener());
        lifecycleRegistration = hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                rejoined();
            }
        });
        registry.put(local, server.parallelism());
    }

    /** Registers this member again, unless closed; best effort, as a later event retries it. */
    private void registerAgain() {
        if (closed.get()) {
            return;
        }
        try {
            registry.put(local, server.parallelism());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not register this member again", e);
        }
    }

    /**
     * This member was declared dead by mistake (a long pause, a network split) and Hazelcast
     * merged it back into the cluster, under a new member id. The others removed its
     * registration when it left, and it saw them all leave: so it serves and registers again
     * under the new id, and forgets the departures of the members that are back, so that it
     * serves and uses the others again. Without this it stayed registered under an id nobody
     * knew, the others never sent it work, and it ran none itself ("no serving member").
     */
    private void rejoined() {
        if (closed.get()) {
            return;
        }
        try {
            UUID before = local;
            UUID now = hz.getCluster().getLocalMember().getUuid();
            if (!now.equals(before)) {
                server.start(now);
                server.forget(before);
                local = now;
                registry.remove(before);
            }
            registry.put(now, server.parallelism());
            for (Member m : hz.getCluster().getMembers()) {
                UUID uuid = m.getUuid();
                if (registry.containsKey(uuid)) {
                    if (gone.contains(uuid)) {
                        memberServing(uuid);
                    }
                } else {
                    // serves again once its registration reaches this member (see memberAdded)
                    gone.remove(uuid);
                    reportedGone.remove(uuid);
                }
            }
            LOG.log(System.Logger.Level.INFO, "Moirai cluster member " + now + " rejoined after a merge (was "
                    + before + ") and serves again");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not register this member again after a merge", e);
        }
    }

    // ---- public API ------------------------------------------------------------------------

    /**
     * The distributed execution context. Every terminal of {@code Iter} and its primitive
     * variants gives the same result as {@link ExecutionContext#sequential()}, sync and
     * {@code async()}; see {@code docs/distributed.md} for where each part runs.
     *
     * @return the context
     */
    public ExecutionContext context() {
        return context;
    }

    /**
     * The executor whose tasks run on the serving members' runtimes.
     *
     * @return the executor, the same instance on every call
     */
    public MoiraiClusterExecutor executor() {
        return executor;
    }

    /**
     * The entries of {@code map} as a pipeline bound to {@link #context()}, processed where they
     * live: one chunk per Hazelcast partition, sent to the partition's owner when it serves. The
     * encounter order is partition 0's entries, then partition 1's, and so on. Each entry is an
     * immutable copy.
     *
     * @param map a map of this cluster
     * @param <K> the key type
     * @param <V> the value type
     * @return the pipeline
     * @throws NullPointerException if {@code map} is null
     */
    public <K, V> Iter<Map.Entry<K, V>> entries(IMap<K, V> map) {
        Objects.requireNonNull(map, "map");
        return Iter.<Map.Entry<K, V>>of(new MapEntries<>(hz, map)).on(context);
    }

    /** The channels this member has opened, by name (one instance, one configuration per name). */
    private final Map<String, ClusterChannel<?>> channels = new ConcurrentHashMap<>();

    /**
     * The bounded channel {@code name} of the whole cluster: every member that asks for the same
     * name gets the same channel, and sends and receives on it from any member with the
     * in-process channel's semantics (see {@link io.moirai.channel.Channel}): a send waits while
     * {@code capacity} elements are buffered, a receive while none is, each element is received
     * once, and {@link RemoteChannel#close()} is seen by every member; receivers drain what was
     * sent before the close, then get {@link io.moirai.channel.ChannelClosedException}.
     *
     * <pre>{@code
     * RemoteChannel<Order> orders = cluster.channel("orders", 1_000);
     * orders.send(order);                       // on one member
     * orders.forEach(this::process);            // on others, until closed and drained
     * }</pre>
     *
     * <p>Elements travel serialized and are read through this member's allow-list (see
     * {@link ClusterOptions}): a send of an element holding another class fails with
     * {@link IllegalArgumentException}, and a receive that meets such an element drops it
     * undeserialized and fails with {@link IllegalStateException}. The buffer is a Hazelcast
     * queue with one synchronous backup, so no element whose send completed is lost when one
     * member dies; an element that a receiver on the dying member had already taken is lost with
     * it, and a member declared dead while still running (a long pause, a network split) works
     * on a copy of the channel of its own until Hazelcast merges it back, which can lose what was
     * sent on it meanwhile. A waiting send or receive notices a close, and its thread's
     * interrupt, within 50 ms. {@link io.moirai.channel.Select} does not accept the channel.
     * The channel belongs to the cluster, not to this object: {@link #close()} leaves it as it
     * is. See
     * {@code docs/distributed.md}, "Channels across members".
     *
     * @param name     the channel's cluster-wide name
     * @param capacity how many elements it buffers, at least 1; the same on every member
     * @param <E>      the type of elements
     * @return this member's view of the channel, the same instance for the same name
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or contains {@code '@'} (Hazelcast's
     *                                  partition-key separator), {@code capacity} is less than 1,
     *                                  or the channel exists with another capacity
     */
    public <E> RemoteChannel<E> channel(String name, int capacity) {
        return ClusterChannel.open(hz, filter, listeners, channels, name, capacity);
    }

    /**
     * The members, which of them serve, and this member's running evaluations.
     *
     * @return a snapshot
     * @throws com.hazelcast.core.HazelcastInstanceNotActiveException if this member's Hazelcast
     *         instance has shut down while this cluster was left open (close the cluster before
     *         its Hazelcast instance, as the Spring integration does)
     */
    public ClusterSnapshot snapshot() {
        List<ClusterSnapshot.MemberState> members = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            Integer parallelism = registry.get(m.getUuid());
            members.add(new ClusterSnapshot.MemberState(m.getUuid(), m.getAddress().getHost() + ":"
                    + m.getAddress().getPort(), m.localMember(), parallelism != null && !gone.contains(m.getUuid()),
                    parallelism == null ? 0 : parallelism));
        }
        List<ClusterSnapshot.JobState> states = new ArrayList<>();
        for (Job<?> job : jobs) {
            states.add(job.state());
        }
        states.sort((a, b) -> Long.compare(a.id(), b.id()));
        return new ClusterSnapshot(members, states);
    }

    /**
     * Adds a listener of members and chunks (for metrics, logs).
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public void addListener(ClusterListener listener) {
        listeners.listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added before.
     *
     * @param listener the listener
     * @return whether it was there
     */
    public boolean removeListener(ClusterListener listener) {
        return listeners.listeners.remove(listener);
    }

    /**
     * The Hazelcast member this cluster runs on.
     *
     * @return the instance
     */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /**
     * The runtime this member serves on.
     *
     * @return the runtime
     */
    public MoiraiRuntime runtime() {
        return runtime;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops serving: this member leaves the serving registry, the chunks and tasks it runs are
     * interrupted (their senders run them again elsewhere), its executor takes no more tasks, and
     * the evaluations it started fail with {@link RejectedExecutionException}. Its remote tasks
     * already running on other members go on, but none is sent again: one whose member leaves
     * after the close (this member included) fails with {@link RejectedExecutionException}. Neither the
     * runtime nor Hazelcast is shut down, except the member {@link #embedded} started. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown();
        try {
            registry.remove(local);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not unregister this member", e);
        }
        // the evaluations fail before this member's chunks are interrupted: their answers must not
        // send the chunks elsewhere (Job.pump and RemoteCall.send refuse to send once closed)
        for (Job<?> job : jobs) {
            job.fail(new RejectedExecutionException("the MoiraiCluster was closed while " + job.evaluation.stages()
                    + " ran"));
        }
        server.stop(local);
        try {
            hz.getCluster().removeMembershipListener(membershipRegistration);
            registry.removeEntryListener(registryRegistration);
            hz.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the cluster listeners", e);
        }
        if (owned) {
            hz.shutdown();
        }
    }

    @Override
    public String toString() {
        return "MoiraiCluster[" + hz.getName() + ", member " + local + (closed.get() ? ", closed]" : "]");
    }

    // ---- for the jobs, calls and server ----------------------------------------------------

    /** A serving member and how many chunks of one job it may have in flight. */
    record Target(Member member, int window) {
    }

    <R> Job<R> startJob(Evaluation<R> evaluation) {
        if (closed.get()) {
            throw new RejectedExecutionException("the MoiraiCluster is closed: " + this);
        }
        int window = 0;
        for (Target t : servingTargets()) {
            window += t.window();
        }
        Job<R> job = new Job<>(jobIds.incrementAndGet(), this, evaluation, Math.max(1, window * 2));
        job.checkSerializable();
        jobs.add(job);
        job.pump();
        return job;
    }

    void jobEnded(Job<?> job) {
        jobs.remove(job);
    }

    IExecutorService transport() {
        return transport;
    }

    List<Target> servingTargets() {
        List<Target> targets = new ArrayList<>();
        try {
            for (Member m : hz.getCluster().getMembers()) {
                UUID uuid = m.getUuid();
                if (gone.contains(uuid)) {
                    continue;
                }
                Integer parallelism = registry.get(uuid);
                if (parallelism != null) {
                    targets.add(new Target(m, Math.max(1, parallelism) * options.chunksPerWorker()));
                }
            }
        } catch (RuntimeException e) {
            return List.of();   // this member is shutting down
        }
        return targets;
    }

    boolean isServing(UUID member) {
        for (Target t : servingTargets()) {
            if (t.member().getUuid().equals(member)) {
                return true;
            }
        }
        return false;
    }

    int nextTurn() {
        return turn.getAndIncrement();
    }

    UUID keyOwner(Object key) {
        Member owner = hz.getPartitionService().getPartition(key).getOwner();
        return owner == null ? null : owner.getUuid();
    }

    /** The owner of each partition now, by partition id. */
    UUID[] partitionOwners() {
        Set<Partition> partitions = hz.getPartitionService().getPartitions();
        UUID[] owners = new UUID[partitions.size()];
        for (Partition p : partitions) {
            Member owner = p.getOwner();
            if (p.getPartitionId() < owners.length && owner != null) {
                owners[p.getPartitionId()] = owner.getUuid();
            }
        }
        return owners;
    }

    boolean localRunning() {
        return hz.getLifecycleService().isRunning();
    }

    /** What a failed invocation of a member says about that member. */
    enum InvocationFailure {
        /** The member left, or its Hazelcast is shut down: leave it out and take its work back. */
        GONE,
        /** Hazelcast says the invocation may succeed if repeated: the work may go again, the member stays. */
        TRANSIENT,
        /** Anything else: the work fails with the cause, the member stays. */
        FAILED
    }

    /**
     * Classifies {@code failure} of an invocation of {@code member} (while this member runs):
     * only Hazelcast's word that the member is not there (it left, it is not a member, its
     * instance is not active) or its absence from the membership means it is gone. Any other
     * failure (an Error, an operation timeout, a serialization failure) says nothing of the member
     * and must never take a live one out of the targets for good.
     */
    InvocationFailure classify(UUID member, Throwable failure) {
        if (!isMember(member)) {
            return InvocationFailure.GONE;
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException
                    || t instanceof HazelcastInstanceNotActiveException) {
                return InvocationFailure.GONE;
            }
        }
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof RetryableException || t instanceof TargetDisconnectedException) {
                return InvocationFailure.TRANSIENT;
            }
        }
        return InvocationFailure.FAILED;
    }

    private boolean isMember(UUID member) {
        try {
            for (Member m : hz.getCluster().getMembers()) {
                if (m.getUuid().equals(member)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;   // this member is shutting down
        }
    }

    Duration busyTimeout() {
        return options.busyTimeout();
    }

    /** Leaves {@code member} out of the targets until it registers again; no job is touched here. */
    void markGone(UUID member) {
        gone.add(member);
    }

    /** This member's id, as the members it sends work to know it. */
    UUID localMember() {
        return local;
    }

    private void memberGone(UUID member) {
        gone.add(member);
        if (reportedGone.add(member)) {
            listeners.memberGone(member);
        }
        for (Job<?> job : jobs) {
            job.memberGone(member);
        }
        for (RemoteCall<?> call : executor.calls) {
            call.memberGone(member);
        }
    }

    private void memberServing(UUID member) {
        gone.remove(member);
        reportedGone.remove(member);
        listeners.memberServing(member);
        for (Job<?> job : jobs) {
            job.pump();   // more room
        }
    }

    /** A value read through the allow-list; a refused class fails with {@link RejectedExecutionException}. */
    Object readValue(byte[] reply, String label) {
        try {
            return Payloads.read(reply, filter);
        } catch (InvalidClassException e) {
            throw new RejectedExecutionException("this member refused the result of " + label + ": " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("the result of " + label + " could not be read: " + e, e);
        }
    }

    /** A member's failure reply as the exception to report. */
    Throwable readFailure(byte[] reply) {
        try {
            Object failure = readValue(reply, "a failed task");
            return failure instanceof Throwable t ? t : new IllegalStateException("a member answered " + failure);
        } catch (RuntimeException e) {
            return e;
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Registration and unregistration of serving members, wherever they happen. */
    private final class RegistryListener implements EntryListener<UUID, Integer> {
        @Override
        public void entryAdded(EntryEvent<UUID, Integer> event) {
            memberServing(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<UUID, Integer> event) {
            memberServing(event.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<UUID, Integer> event) {
            registrationRemoved(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<UUID, Integer> event) {
            registrationRemoved(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<UUID, Integer> event) {
            registrationRemoved(event.getKey());
        }

        /**
         * A registration went. This member's own, while it serves, was removed by a member that
         * took it for dead: one that wakes from a long pause sees every other member leave and
         * removes their registrations, which reach the cluster before it is split off. So it
         * registers again, and the others see it serving again.
         */
        private void registrationRemoved(UUID member) {
            if (member.equals(local)) {
                registerAgain();
                return;
            }
            memberGone(member);
        }

        @Override
        public void mapCleared(MapEvent event) {
            // nobody clears it; a member that did would re-register on its next join
        }

        @Override
        public void mapEvicted(MapEvent event) {
            // as mapCleared
        }
    }
}
