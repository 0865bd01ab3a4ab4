package io.moirai.runtime;

/**
 * A task that runs another one on its submitter's behalf, as a decorator or a wrapper that
 * carries the caller's context does. The runtime names an unnamed task (see
 * {@link TaskOptions#name()}) by the class of the work it runs: for a wrapper, by the class of
 * the task it wraps, seen through any number of wrappers, rather than by the wrapper's own class,
 * which would be the same for every task. That name is in {@link RuntimeEvent.TaskRejected},
 * {@link RuntimeEvent.BlockingDetected} and the messages of the exceptions that refuse a task or
 * end it unstarted.
 *
 * <pre>{@code
 * record Traced(Runnable task, Span span) implements Runnable, TaskWrapper {
 *     public void run() {
 *         try (var scope = span.makeCurrent()) {
 *             task.run();
 *         }
 *     }
 *
 *     public Object wrappedTask() {
 *         return task;
 *     }
 * }
 * runtime.execute(new Traced(job, span));   // rejected: "Task 'com.example.Job' rejected: ..."
 * }</pre>
 *
 * <p>The runtime asks only when it reports a task, never to run one, so implementing this costs
 * a submission nothing.
 */
public interface TaskWrapper {

    /**
     * The task this one runs, as its submitter gave it; it may itself be a wrapper.
     *
     * @return the wrapped task
     */
    Object wrappedTask();
}
