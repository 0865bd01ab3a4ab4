package io.moirai.autoconfigure;

import io.moirai.runtime.Lane;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.spring.ShutdownMode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code moirai.*} settings of the Moirai runtime that backs the application's
 * {@code applicationTaskExecutor} and {@code taskScheduler}.
 *
 * <pre>{@code
 * moirai:
 *   parallelism: 8
 *   blocking.max-concurrency: 512
 *   queue:
 *     capacity: 10000
 *     rejection-policy: caller-runs
 *   task-execution.default-lane: blocking
 *   shutdown:
 *     mode: drain
 *     await-termination-period: 30s
 *   topology:
 *     cpus: 0-3,6        # the kernel's CPU list format, as taskset -c prints it
 *     pin-workers: true
 * }</pre>
 *
 * <p>The properties validate themselves when they are bound (they are their own
 * {@link Validator}), so a bad value stops start-up before any thread starts, and
 * {@link MoiraiPropertiesFailureAnalyzer} turns the failure into a message that names the
 * property, the value given and what is allowed.
 */
@ConfigurationProperties(MoiraiProperties.PREFIX)
public class MoiraiProperties implements Validator {

    /** The prefix of every Moirai property. */
    public static final String PREFIX = "moirai";

    /** The default role that the Actuator endpoint's write operations require. */
    public static final String DEFAULT_WRITE_ROLE = "ADMIN";

    /**
     * Whether to auto-configure the Moirai runtime and run the application's @Async methods, MVC
     * async requests and scheduled tasks on it.
     */
    private boolean enabled = true;

    /**
     * Number of CPU workers in the work-stealing lane. When unset, one per CPU this process may
     * use (container CPU quota and affinity included).
     */
    private @Nullable Integer parallelism;

    /**
     * Prefix of the name of every thread the runtime creates: CPU workers (prefix + "cpu-N"),
     * the timer thread and the blocking lane's virtual threads (prefix + "blocking-N").
     */
    private String threadNamePrefix = "moirai-";

    /** The blocking lane: virtual threads bounded by permits. */
    private final Blocking blocking = new Blocking();

    /** The bound on waiting tasks and the policy applied when it is reached. */
    private final Queue queue = new Queue();

    /** How the applicationTaskExecutor uses the runtime. */
    private final TaskExecution taskExecution = new TaskExecution();

    /** How the runtime stops when the application context closes. */
    private final Shutdown shutdown = new Shutdown();

    /** The Actuator endpoint 'moirai'. */
    private final Endpoint endpoint = new Endpoint();

    /** Which CPUs the CPU workers use, and whether they are pinned to them. */
    private final Topology topology = new Topology();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Integer getParallelism() {
        return this.parallelism;
    }

    public void setParallelism(@Nullable Integer parallelism) {
        this.parallelism = parallelism;
    }

    public String getThreadNamePrefix() {
        return this.threadNamePrefix;
    }

    public void setThreadNamePrefix(String threadNamePrefix) {
        this.threadNamePrefix = threadNamePrefix;
    }

    public Blocking getBlocking() {
        return this.blocking;
    }

    public Queue getQueue() {
        return this.queue;
    }

    public TaskExecution getTaskExecution() {
        return this.taskExecution;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    public Endpoint getEndpoint() {
        return this.endpoint;
    }

    public Topology getTopology() {
        return this.topology;
    }

    @Override
    public boolean supports(Class<?> type) {
        return MoiraiProperties.class.isAssignableFrom(type);
    }

    /**
     * Rejects every value the runtime would refuse. Each error's default message is the
     * description of what is allowed, as {@link AllowedValues} words it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        MoiraiProperties properties = (MoiraiProperties) target;
        Integer parallelism = properties.getParallelism();
        if (parallelism != null && (parallelism < 1 || parallelism > AllowedValues.MAX_PARALLELISM)) {
            reject(errors, "parallelism");
        }
        if (properties.getThreadNamePrefix() == null || properties.getThreadNamePrefix().isBlank()) {
            reject(errors, "threadNamePrefix");
        }
        if (properties.getBlocking().getMaxConcurrency() < 1) {
            reject(errors, "blocking.maxConcurrency");
        }
        Integer capacity = properties.getQueue().getCapacity();
        if (capacity != null && capacity < 1) {
            reject(errors, "queue.capacity");
        }
        if (!isTimeable(properties.getQueue().getBlockTimeout())) {
            reject(errors, "queue.blockTimeout");
        }
        if (!isTimeable(properties.getShutdown().getAwaitTerminationPeriod())) {
            reject(errors, "shutdown.awaitTerminationPeriod");
        }
        if (properties.getEndpoint().getWriteRole() == null || properties.getEndpoint().getWriteRole().isBlank()) {
            reject(errors, "endpoint.writeRole");
        }
        String cpus = properties.getTopology().getCpus();
        if (cpus != null && !AllowedValues.isUsableCpuList(cpus)) {
            reject(errors, "topology.cpus");
        }
    }

    /**
     * Whether the runtime can wait this long: not negative, and few enough nanoseconds to fit a
     * {@code long} (more would overflow where the runtime converts it, or be refused by its
     * builder, with a message that names no property).
     */
    private static boolean isTimeable(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && duration.compareTo(AllowedValues.MAX_DURATION) <= 0;
    }

    private static void reject(Errors errors, String field) {
        String property = AllowedValues.propertyName(field);
        errors.rejectValue(field, "moirai.invalid", AllowedValues.describe(property));
    }

    /** The blocking lane: virtual threads, bounded by permits. */
    public static class Blocking {

        /**
         * How many blocking-lane tasks may run at once, each on its own virtual thread. The rest
         * wait in FIFO order; a burst cannot swamp what sits behind it.
         */
        private int maxConcurrency = 256;

        public int getMaxConcurrency() {
            return this.maxConcurrency;
        }

        public void setMaxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }
    }

    /** The bound on waiting tasks and what happens when it is reached. */
    public static class Queue {

        /**
         * Maximum number of tasks waiting to start, per lane. When unset, the queues are
         * unbounded (like ForkJoinPool's) and nothing is rejected for capacity.
         */
        private @Nullable Integer capacity;

        /**
         * What happens to a submission when its lane's queue is full. Applies only when a
         * capacity is set.
         */
        private RejectionPolicy rejectionPolicy = RejectionPolicy.ABORT;

        /**
         * How long the 'block' rejection policy waits for space before rejecting. At most 106751d,
         * the longest wait the runtime can time in nanoseconds.
         */
        private Duration blockTimeout = Duration.ofSeconds(5);

        public @Nullable Integer getCapacity() {
            return this.capacity;
        }

        public void setCapacity(@Nullable Integer capacity) {
            this.capacity = capacity;
        }

        public RejectionPolicy getRejectionPolicy() {
            return this.rejectionPolicy;
        }

        public void setRejectionPolicy(RejectionPolicy rejectionPolicy) {
            this.rejectionPolicy = rejectionPolicy;
        }

        public Duration getBlockTimeout() {
            return this.blockTimeout;
        }

        public void setBlockTimeout(Duration blockTimeout) {
            this.blockTimeout = blockTimeout;
        }
    }

    /** How the application's task executor uses the runtime. */
    public static class TaskExecution {

        /**
         * Lane on which the applicationTaskExecutor (and so @Async methods and MVC async
         * requests) runs tasks: 'blocking' (virtual threads, for work that waits on I/O) or 'cpu'
         * (the work-stealing workers, for work that computes).
         */
        private Lane defaultLane = Lane.BLOCKING;

        /**
         * Whether @Async methods run on Moirai's applicationTaskExecutor even when the
         * application has an executor of its own (an AsyncConfigurer, a bean named
         * 'taskExecutor', or a single TaskExecutor bean that is not a TaskScheduler), which
         * they otherwise keep using.
         */
        private boolean takeOverAsync;

        public Lane getDefaultLane() {
            return this.defaultLane;
        }

        public void setDefaultLane(Lane defaultLane) {
            this.defaultLane = defaultLane;
        }

        public boolean isTakeOverAsync() {
            return this.takeOverAsync;
        }

        public void setTakeOverAsync(boolean takeOverAsync) {
            this.takeOverAsync = takeOverAsync;
        }
    }

    /** How the runtime stops when the application context closes. */
    public static class Shutdown {

        /**
         * What happens to accepted tasks at shutdown: 'drain' lets them finish within the await
         * termination period, 'cancel' interrupts running tasks and abandons queued ones.
         */
        private ShutdownMode mode = ShutdownMode.DRAIN;

        /**
         * How long shutdown waits for accepted tasks to end. When draining and the period runs
         * out, tasks that never started are cancelled and reported as abandoned, and running ones
         * are interrupted and counted by how they end. At most 106751d, the longest wait the
         * runtime can time in nanoseconds.
         */
        private Duration awaitTerminationPeriod = Duration.ofSeconds(30);

        public ShutdownMode getMode() {
            return this.mode;
        }

        public void setMode(ShutdownMode mode) {
            this.mode = mode;
        }

        public Duration getAwaitTerminationPeriod() {
            return this.awaitTerminationPeriod;
        }

        public void setAwaitTerminationPeriod(Duration awaitTerminationPeriod) {
            this.awaitTerminationPeriod = awaitTerminationPeriod;
        }
    }

    /** Which CPUs the CPU workers use, and whether they are pinned to them. */
    public static class Topology {

        /**
         * CPUs the CPU workers may use, in the kernel's CPU list format ('0-3,6', as taskset -c
         * and lscpu print it). The default number of workers becomes the number of these CPUs
         * (within the container's CPU quota). Each must be a CPU this process may run on. When
         * unset, every CPU this process may run on.
         */
        private @Nullable String cpus;

        /**
         * Whether to pin each CPU worker thread to one CPU (Linux; the JVM needs
         * --enable-native-access=ALL-UNNAMED to do it without a warning). Where pinning is
         * unavailable the workers run unpinned and one warning is logged.
         */
        private boolean pinWorkers;

        public @Nullable String getCpus() {
            return this.cpus;
        }

        public void setCpus(@Nullable String cpus) {
            this.cpus = cpus;
        }

        public boolean isPinWorkers() {
            return this.pinWorkers;
        }

        public void setPinWorkers(boolean pinWorkers) {
            this.pinWorkers = pinWorkers;
        }
    }

    /** The Actuator endpoint 'moirai'. */
    public static class Endpoint {

        /**
         * Role that the caller of the endpoint's write operations (resize, pause, resume) must
         * have. A caller without a principal gets 401, one without the role 403.
         */
        private String writeRole = DEFAULT_WRITE_ROLE;

        public String getWriteRole() {
            return this.writeRole;
        }

        public void setWriteRole(String writeRole) {
            this.writeRole = writeRole;
        }
    }
}
