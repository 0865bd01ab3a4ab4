package io.moirai.demo;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the load comparison's tasks do. Each workload says, in {@link #explanation()}, what it
 * shows and which executor's design it favours, so the page states the losses as plainly as the
 * wins.
 */
public enum Workload {

    /** Many tiny computations: the cost of handing a task over, and nothing else. */
    CPU("cpu", "Tiny CPU tasks",
            "Each task counts the primes below " + Workload.TINY_CPU_LIMIT + " (microseconds of work), so the figures "
                    + "measure each executor's cost of accepting, handing over and completing a task; latency is "
                    + "mostly the wait behind the tasks submitted before. No design has a structural advantage "
                    + "here, and Moirai is not ahead: on two cores the three are close, and their order changes "
                    + "from run to run."),

    /** A burst of waiting tasks, as calls to a slow service would be. */
    IO("io", "Blocking burst",
            "Each task sleeps for the given time, as a call to a slow service would. Boot's eight threads take "
                    + "the burst eight at a time. Plain virtual threads win: every task waits at once. Moirai "
                    + "lets at most moirai.blocking.max-concurrency tasks (256 in the demo) wait at once, so it "
                    + "finishes several times later than plain virtual threads; that bound is deliberate (see "
                    + "the downstream workload), and raising it closes the gap."),

    /** A blocking burst with CPU tasks submitted among it: how long the computations wait. */
    MIXED("mixed", "Blocking burst next to CPU work",
            "The blocking burst again, with one CPU task (about a millisecond of computation) submitted after "
                    + "every " + Workload.MIXED_BLOCKING_PER_CPU_TASK + " blocking ones; 'CPU tasks' shows their "
                    + "latency alone. On Boot's pool the computations queue behind the sleeping tasks, so they "
                    + "wait as long as the burst lasts. Moirai runs them on the CPU lane, apart from the burst, "
                    + "in tens of milliseconds. Plain virtual threads protect them as well, because a sleeping "
                    + "virtual thread frees its carrier: which of the two is ahead varies from run to run, and "
                    + "plain virtual threads finish the whole burst first."),

    /** A burst of calls to one downstream service, which counts how many it serves at once. */
    DOWNSTREAM("downstream", "Bounded calls to a downstream",
            "Each task calls a fake downstream service that takes the given time and counts the calls it "
                    + "serves at once. Plain virtual threads send the whole burst at once: the fastest here, "
                    + "because the fake never slows down, but a real database or service would see every call "
                    + "at the same moment. Moirai never has more calls in flight than its blocking permits (one "
                    + "of which the comparison's own request holds); Boot's pool bounds them to its eight "
                    + "threads, at a much lower throughput.");

    /** The primes below this bound: a few microseconds of computation, the tiny CPU task. */
    static final int TINY_CPU_LIMIT = 2_000;

    /** The primes below this bound: about a millisecond of computation, the CPU task of {@link #MIXED}. */
    static final int CPU_TASK_LIMIT = 20_000;

    /** In {@link #MIXED}, one CPU task follows this many blocking tasks. */
    static final int MIXED_BLOCKING_PER_CPU_TASK = 10;

    private final String key;
    private final String label;
    private final String explanation;

    Workload(String key, String label, String explanation) {
        this.key = key;
        this.label = label;
        this.explanation = explanation;
    }

    /**
     * The workload a request names, ignoring case.
     *
     * @param key {@code cpu}, {@code io}, {@code mixed} or {@code downstream}
     * @return the workload
     * @throws BadParameterException naming the allowed keys if there is none by that name
     */
    public static Workload of(String key) {
        return Arrays.stream(values()).filter(workload -> workload.key.equalsIgnoreCase(key.trim())).findFirst()
                .orElseThrow(() -> new BadParameterException("workload must be one of " + keys()));
    }

    private static String keys() {
        return Arrays.stream(values()).map(Workload::key).collect(Collectors.joining(", "));
    }

    /**
     * The name a request uses.
     *
     * @return for example {@code mixed}
     */
    public String key() {
        return this.key;
    }

    /**
     * The name people read.
     *
     * @return for example {@code Blocking burst next to CPU work}
     */
    public String label() {
        return this.label;
    }

    /**
     * What the workload shows, where Moirai wins and where it does not.
     *
     * @return a paragraph
     */
    public String explanation() {
        return this.explanation;
    }

    /**
     * Whether the workload's tasks wait for {@code millis}, which then bounds the run's length.
     *
     * @return true for every workload but {@link #CPU}
     */
    boolean waits() {
        return this != CPU;
    }

    /**
     * How many tasks one executor gets for a {@code tasks} parameter.
     *
     * @param tasks the request's {@code tasks}
     * @return the tasks plus, for {@link #MIXED}, the CPU tasks among them
     */
    int totalTasks(int tasks) {
        return this == MIXED ? tasks + tasks / MIXED_BLOCKING_PER_CPU_TASK : tasks;
    }
}
