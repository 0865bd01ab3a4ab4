package io.moirai.demo;

import org.jspecify.annotations.Nullable;

/**
 * One load comparison's parameters, checked so that each executor's run ends within seconds on a
 * small machine: Boot's default pool works through waiting tasks eight at a time, so
 * {@code tasks × millis} bounds its run to about {@code MAX_TASK_MILLIS / 8} ms.
 *
 * @param workload what each task does
 * @param tasks    how many tasks (for {@link Workload#MIXED}, how many blocking tasks)
 * @param millis   how long each waiting task waits; ignored by {@link Workload#CPU}
 */
public record LoadRequest(Workload workload, int tasks, long millis) {

    /** The most tasks one executor gets. */
    static final int MAX_TASKS = 20_000;

    /** The longest wait of one task, in milliseconds. */
    static final long MAX_MILLIS = 1_000;

    /** The most {@code tasks × millis}: about 12 s of Boot's eight-thread pool. */
    static final long MAX_TASK_MILLIS = 100_000;

    /** The workload of a request that names none. */
    static final Workload DEFAULT_WORKLOAD = Workload.IO;

    /** The tasks of a request that names none. */
    static final int DEFAULT_TASKS = 2_000;

    /** The wait of a request that names none, in milliseconds. */
    static final long DEFAULT_MILLIS = 20;

    /**
     * The request that query parameters describe: an absent {@code workload}, {@code tasks} or
     * {@code millis} takes its default, but an empty one is refused like any other value that is
     * not allowed, since it is a field someone cleared, not one they left alone (which is why the
     * controller takes them without {@code @RequestParam}'s default, which also replaces an empty
     * value).
     *
     * @param workload the {@code workload} parameter, or {@code null} if absent
     * @param tasks    the {@code tasks} parameter, or {@code null} if absent
     * @param millis   the {@code millis} parameter, or {@code null} if absent
     * @return the request
     * @throws BadParameterException naming the parameter and its allowed range
     */
    static LoadRequest of(@Nullable String workload, @Nullable String tasks, @Nullable String millis) {
        return new LoadRequest(workload != null ? Workload.of(workload) : DEFAULT_WORKLOAD,
                WholeNumber.parseInt("tasks", tasks, DEFAULT_TASKS, 1, MAX_TASKS),
                WholeNumber.parse("millis", millis, DEFAULT_MILLIS, 0, MAX_MILLIS));
    }

    /**
     * Checks the parameters.
     *
     * @throws BadParameterException naming the parameter and its allowed range
     */
    public LoadRequest {
        if (tasks < 1 || tasks > MAX_TASKS) {
            throw new BadParameterException("tasks must be between 1 and " + MAX_TASKS + ", was " + tasks);
        }
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new BadParameterException("millis must be between 0 and " + MAX_MILLIS + ", was " + millis);
        }
        if (workload.waits() && tasks * millis > MAX_TASK_MILLIS) {
            throw new BadParameterException("tasks * millis must be at most " + MAX_TASK_MILLIS
                    + " so that Boot's eight threads finish within seconds, was " + tasks * millis);
        }
    }
}
