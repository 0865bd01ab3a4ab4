package io.moirai.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a member takes part in the cluster: which classes it accepts in payloads, and how many
 * chunks it lets a caller keep in flight per worker, and how long its remote tasks wait for room on
 * busy members. Immutable; the defaults suit most uses.
 *
 * <p><b>Allowed classes.</b> Every payload (a chunk of an evaluation, a remote task, a result) is
 * deserialized through a {@link java.io.ObjectInputFilter} that accepts only classes in
 * {@code java.*}, {@code io.moirai.*}, the application's packages and the packages listed here,
 * and arrays of them; any other class is refused and logged, never instantiated. The application's
 * packages are, unless set with {@link #applicationPackages(String...)}, the first two segments of
 * the package of the class that called {@link MoiraiCluster#join} or
 * {@link MoiraiCluster#embedded} ({@code com.acme} for {@code com.acme.billing.App}).
 *
 * <pre>{@code
 * MoiraiCluster.join(hz, runtime, ClusterOptions.defaults()
 *         .applicationPackages("com.acme")
 *         .allowPackages("org.joda.time"));
 * }</pre>
 */
public final class ClusterOptions {

    private static final ClusterOptions DEFAULTS = new ClusterOptions(null, List.of(), 2, Duration.ofSeconds(5));

    /** A Java package name, as the allow-list matches class names against it. */
    private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern PACKAGE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

    private final List<String> applicationPackages;
    private final List<String> extraPackages;
    private final int chunksPerWorker;
    private final Duration busyTimeout;

    private ClusterOptions(List<String> applicationPackages, List<String> extraPackages, int chunksPerWorker,
                           Duration busyTimeout) {
        this.applicationPackages = applicationPackages;
        this.extraPackages = extraPackages;
        this.chunksPerWorker = chunksPerWorker;
        this.busyTimeout = busyTimeout;
    }

    /**
     * The application's packages inferred from the caller, no extra package, two chunks in flight
     * per worker, remote tasks waiting up to 5 seconds for room.
     *
     * @return the default options
     */
    public static ClusterOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with the application's packages set explicitly (instead of inferred from
     * the class that joins).
     *
     * @param packages package names such as {@code com.acme}; their sub-packages are included
     *                 (a trailing {@code .*} or {@code .} is allowed and ignored)
     * @return the changed options
     * @throws NullPointerException     if {@code packages} or one of them is null
     * @throws IllegalArgumentException if one is not a package name (blank, or holding a
     *                                  wildcard elsewhere than a trailing {@code .*}, a space
     *                                  or another character no package name holds)
     */
    public ClusterOptions applicationPackages(String... packages) {
        return new ClusterOptions(checked(packages), extraPackages, chunksPerWorker, busyTimeout);
    }

    /**
     * These options with more packages allowed in payloads, besides {@code java}, {@code io.moirai}
     * and the application's.
     *
     * @param packages package names such as {@code org.joda.time}; their sub-packages are included
     *                 (a trailing {@code .*} or {@code .} is allowed and ignored)
     * @return the changed options
     * @throws NullPointerException     if {@code packages} or one of them is null
     * @throws IllegalArgumentException if one is not a package name (blank, or holding a
     *                                  wildcard elsewhere than a trailing {@code .*}, a space
     *                                  or another character no package name holds)
     */
    public ClusterOptions allowPackages(String... packages) {
        List<String> all = new ArrayList<>(extraPackages);
        all.addAll(checked(packages));
        return new ClusterOptions(applicationPackages, List.copyOf(all), chunksPerWorker, busyTimeout);
    }

    /**
     * These options with {@code chunks} chunks of one evaluation in flight per worker of each
     * member (more hides the round trip, fewer keeps more chunks free to go to a member that
     * joins or to replace one that leaves).
     *
     * @param chunks at least 1
     * @return the changed options
     * @throws IllegalArgumentException if {@code chunks} is less than 1
     */
    public ClusterOptions chunksPerWorker(int chunks) {
        if (chunks < 1) {
            throw new IllegalArgumentException("chunksPerWorker must be at least 1, was " + chunks);
        }
        return new ClusterOptions(applicationPackages, extraPackages, chunks, busyTimeout);
    }

    /**
     * These options with remote tasks sent from this member waiting up to {@code timeout} for
     * room. A member whose runtime has a bounded queue ({@code MoiraiRuntime.Builder.queueCapacity})
     * answers "busy" when the queue refuses a task; the task never started there, and this member
     * sends it again after a short backoff (to the next serving member in turn, or to the same
     * member or key owner for {@code submitToMember} and {@code submitToKeyOwner}). A task that
     * has found no room after {@code timeout} fails with
     * {@link java.util.concurrent.RejectedExecutionException}, as a full local lane refuses a task
     * after its {@code blockTimeout}. Chunks of an evaluation are not bound by it: they wait
     * for room as long as the evaluation runs (bound it with {@code orTimeout} or {@code cancel}).
     *
     * @param timeout not negative; zero fails a task at the first "busy" answer
     * @return the changed options
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ClusterOptions busyTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("busyTimeout must not be negative, was " + timeout);
        }
        return new ClusterOptions(applicationPackages, extraPackages, chunksPerWorker, timeout);
    }

    /**
     * The application's packages, or null when they are inferred from the joining class.
     *
     * @return the packages or null
     */
    public List<String> applicationPackages() {
        return applicationPackages;
    }

    /**
     * The extra packages allowed in payloads.
     *
     * @return the packages, possibly empty
     */
    public List<String> allowedPackages() {
        return extraPackages;
    }

    /**
     * The chunks of one evaluation in flight per worker of a member.
     *
     * @return at least 1
     */
    public int chunksPerWorker() {
        return chunksPerWorker;
    }

    /**
     * How long a remote task waits for room on busy members before it fails.
     *
     * @return the timeout, 5 seconds by default
     */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    private static List<String> checked(String... packages) {
        Objects.requireNonNull(packages, "packages");
        List<String> list = new ArrayList<>();
        for (String p : packages) {
            Objects.requireNonNull(p, "package");
            // as the Spring property does: "com.acme.*" and "com.acme." mean com.acme. Anything else
            // that is no package name matched no class, and the allow-list then refused at run time
            // the very classes the application had meant to allow
            String name = p.strip().replaceFirst("\\.\\*?$", "");
            if (!PACKAGE.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a package name: list packages such as "
                        + "com.acme.model (or com.acme.model.*), whose classes and sub-packages are allowed");
            }
            list.add(name);
        }
        return List.copyOf(list);
    }

    @Override
    public String toString() {
        return "ClusterOptions[applicationPackages=" + (applicationPackages == null ? "inferred" : applicationPackages)
                + ", allowPackages=" + extraPackages + ", chunksPerWorker=" + chunksPerWorker
                + ", busyTimeout=" + busyTimeout + "]";
    }
}
