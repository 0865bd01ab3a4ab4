package io.moirai.spring;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import io.moirai.runtime.TaskWrapper;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;

/**
 * Spring's {@link AsyncTaskExecutor} over one lane of a {@link MoiraiRuntime}: the
 * auto-configured {@code applicationTaskExecutor} (on {@code moirai.task-execution.default-lane})
 * behind {@code @Async} and Spring MVC's async requests, and the lane-specific
 * {@code moiraiCpuTaskExecutor} and {@code moiraiBlockingTaskExecutor}:
 *
 * <pre>{@code
 * @Async(MoiraiTaskExecutor.CPU_BEAN_NAME)      // compute on the work-stealing workers
 * public CompletableFuture<Report> render(Data data) { ... }
 *
 * @Async                                        // applicationTaskExecutor: the blocking lane by default
 * public CompletableFuture<Row> load(long id) { ... }
 * }</pre>
 *
 * <p>Each task carries the caller's context ({@link TaskContextPropagator}) and passes through
 * the application's {@link TaskDecorator}, as Boot applies it to its own executor. A refusal
 * (shutdown, or a full queue under the {@code abort} policy) is Spring's
 * {@link TaskRejectedException}. A failure of a task given to {@link #execute(Runnable)} goes to
 * the runtime's uncaught-exception handler, which logs it; a failure of a submitted task
 * completes its future.
 *
 * <p>This executor never shuts the runtime down (it has no {@code close} or {@code shutdown}):
 * the runtime's life cycle belongs to the runtime bean.
 */
public final class MoiraiTaskExecutor implements AsyncTaskExecutor {

    /** Name of the executor bean on the CPU lane, for {@code @Async(CPU_BEAN_NAME)}. */
    public static final String CPU_BEAN_NAME = "moiraiCpuTaskExecutor";

    /** Name of the executor bean on the blocking lane, for {@code @Async(BLOCKING_BEAN_NAME)}. */
    public static final String BLOCKING_BEAN_NAME = "moiraiBlockingTaskExecutor";

    private final MoiraiRuntime runtime;
    private final Lane lane;
    private final TaskOptions options;
    private final TaskContextPropagator propagator;
    private final @Nullable TaskDecorator decorator;

    /**
     * An executor on one lane.
     *
     * @param runtime    the runtime that runs the tasks
     * @param lane       the lane every task goes to
     * @param propagator carries the caller's context; {@link TaskContextPropagator#NONE} for none
     * @param decorator  the application's task decorator, or {@code null}
     */
    public MoiraiTaskExecutor(MoiraiRuntime runtime, Lane lane, TaskContextPropagator propagator,
            @Nullable TaskDecorator decorator) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.options = TaskOptions.defaults().withLane(lane);
        this.propagator = Objects.requireNonNull(propagator, "propagator");
        this.decorator = decorator;
    }

    /**
     * The lane this executor runs tasks on.
     *
     * @return the lane
     */
    public Lane getLane() {
        return this.lane;
    }

    /**
     * The runtime this executor submits to.
     *
     * @return the runtime
     */
    public MoiraiRuntime getRuntime() {
        return this.runtime;
    }

    @Override
    public void execute(Runnable task) {
        Runnable prepared = new Prepared(task, prepare(task));
        try {
            if (this.lane == Lane.CPU) {
                this.runtime.execute(prepared);
            } else {
                this.runtime.execute(prepared, this.options);
            }
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public Future<?> submit(Runnable task) {
        return spawn(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return spawn(task);
    }

    /**
     * Runs {@code task} as a task of the runtime whose handle is the future: {@code @Async}
     * methods that return a {@code CompletableFuture} come here. Spring's default runs the task
     * through {@link #execute} inside {@code CompletableFuture.supplyAsync}, whose future is not
     * the runtime's: a failure then counted as a completed task, {@code cancel} left the task
     * running, a task abandoned at shutdown or evicted by {@code discard-oldest} left its future
     * pending for ever, and a CPU task waiting for it could not run it. Here the future is the
     * handle: it fails, is cancelled (interrupting the task if it runs, as
     * {@code cancel(true)} does on any handle; {@code cancel(false)} only stops it from
     * starting) and is counted as the runtime counts the task.
     */
    @Override
    public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
        return spawn(task).toCompletableFuture();
    }

    /** As {@link #submitCompletable(Callable)}, for a task without a result. */
    @Override
    public CompletableFuture<Void> submitCompletable(Runnable task) {
        return spawn(task).toCompletableFuture();
    }

    /** A runtime task for {@code submit} and {@code submitCompletable}: its handle is the future. */
    private TaskHandle<Void> spawn(Runnable task) {
        try {
            return this.runtime.spawn(new Spawned<>(task, prepare(task), null), this.options);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    private <T> TaskHandle<T> spawn(Callable<T> task) {
        CallOnce<T> call = new CallOnce<>(task);
        try {
            return this.runtime.spawn(new Spawned<>(task, prepare(call), call), this.options);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    /**
     * The task an application gave to {@link #execute}, if {@code runnable} is one of those the
     * runtime's {@code shutdownNow()} returned for it (the runtime holds it wrapped for context
     * propagation); otherwise {@code runnable} itself. So a {@code FutureTask} given to
     * {@code execute} and never started can be cancelled by whoever stops the runtime.
     *
     * @param runnable a task {@code shutdownNow()} returned
     * @return the task as the application gave it
     */
    public static Runnable submittedTask(Runnable runnable) {
        return (runnable instanceof Prepared prepared) ? prepared.task : runnable;
    }

    /** Decorator inside, propagation outside: the decorator's code runs in the caller's context. */
    private Runnable prepare(Runnable task) {
        Objects.requireNonNull(task, "task");
        Runnable decorated = (this.decorator != null) ? this.decorator.decorate(task) : task;
        return this.propagator.wrap(decorated);
    }

    private TaskRejectedException rejected(Object task, RejectedExecutionException ex) {
        return new TaskRejectedException(
                "Moirai's " + this.lane.name().toLowerCase(Locale.ROOT) + " lane did not accept task " + task + ": " + ex.getMessage(),
                ex);
    }

    @Override
    public String toString() {
        return "MoiraiTaskExecutor[lane=" + this.lane + ", runtime=" + this.runtime + "]";
    }

    /*
     * The runtime holds the prepared task (decorated, with the caller's context), whose class is
     * the propagator's or decorator's and the same for every task. Prepared and Spawned remember
     * the task as the application gave it and show it to the runtime as a TaskWrapper, so that a
     * rejection (its message and the audit's lastTask), a blocking report or a deadline message
     * names the application's class. They are the one object each submission allocated anyway
     * (Spawned replaces a capturing lambda), and the runtime asks for the wrapped task only when
     * it reports one.
     */

    /** A task given to {@link #execute}, as prepared to run, remembering the task as given. */
    private record Prepared(Runnable task, Runnable prepared) implements Runnable, TaskWrapper {

        @Override
        public void run() {
            this.prepared.run();
        }

        @Override
        public Object wrappedTask() {
            return this.task;
        }

        @Override
        public String toString() {
            return this.task.toString();
        }
    }

    /**
     * A task given to {@code submit} or {@code submitCompletable}, as prepared to run: the
     * result is the {@link CallOnce}'s for a {@code Callable}, null for a {@code Runnable}.
     */
    private record Spawned<T>(Object task, Runnable prepared, @Nullable CallOnce<T> once)
            implements Callable<T>, TaskWrapper {

        @Override
        public @Nullable T call() throws Exception {
            this.prepared.run();
            return (this.once != null) ? this.once.result() : null;
        }

        @Override
        public Object wrappedTask() {
            return this.task;
        }
    }

    /**
     * A {@code Callable} seen as a {@code Runnable}, so that a {@link TaskDecorator} (which
     * decorates runnables) and the context propagation wrap it as they wrap any other task.
     */
    private static final class CallOnce<T> implements Runnable {

        private final Callable<T> task;
        private @Nullable T result;
        private @Nullable Exception failure;

        CallOnce(Callable<T> task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        @Override
        public void run() {
            try {
                this.result = this.task.call();
            } catch (Exception ex) {
                this.failure = ex;
            }
        }

        @Nullable T result() throws Exception {
            if (this.failure != null) {
                throw this.failure;
            }
            return this.result;
        }

        @Override
        public String toString() {
            return this.task.toString();
        }
    }
}
