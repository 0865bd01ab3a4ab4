package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hybrid concurrency runtime: CPU-bound work on a work-stealing pool of platform threads,
 * blocking work on virtual threads with bounded concurrency, timers, priorities, deadlines,
 * cancellation, backpressure and graceful shutdown, behind the {@link ScheduledExecutorService}
 * contract.
 *
 * <pre>{@code
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder()
 *         .parallelism(4)
 *         .blockingConcurrency(256)
 *         .build()) {
 *     TaskHandle<Report> report = runtime.spawn(() -> build());          // CPU lane
 *     TaskHandle<Row> row = runtime.spawnBlocking(() -> jdbc.load());    // virtual-thread lane
 *     runtime.schedule(() -> flush(), 5, TimeUnit.SECONDS);              // timer
 *     RuntimeSnapshot snapshot = runtime.snapshot();
 * }
 * }</pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>Every {@code java.util.concurrent} contract holds: {@code NullPointerException} for null
 *       tasks and units, {@code RejectedExecutionException} after shutdown, {@code invokeAll} and
 *       {@code invokeAny} with and without timeouts, periodic tasks that stop after an exception,
 *       {@code shutdownNow} returning every task that never started (queued tasks of both lanes
 *       and pending timers, not cancelled, so the caller may run them), {@code close} waiting for
 *       termination.</li>
 *   <li>Like {@code ForkJoinPool}, queues are unbounded unless
 *       {@link Builder#queueCapacity(int)} is set; then the {@link RejectionPolicy} applies.</li>
 *   <li>After {@link #shutdown()}, as with {@code ScheduledThreadPoolExecutor}'s defaults,
 *       pending periodic tasks are cancelled and delayed one-shot tasks still run when due.
 *       Tasks that already-accepted work spawns from the runtime's own threads are still
 *       accepted, so a running divide-and-conquer computation can finish; submissions from other
 *       threads are rejected. {@code shutdown} also lifts a {@linkplain #pause() pause}, since a
 *       paused runtime could never finish its accepted work.</li>
 *   <li>Every task ends exactly once: completed, failed, cancelled, rejected, or (after
 *       {@code shutdownNow}) never started. {@link #snapshot()} counts each.</li>
 *   <li>An exception thrown by a task completes its handle exceptionally; for {@link #execute}
 *       it goes to the uncaught-exception handler. It never kills a worker. A worker's interrupt
 *       status never leaks from one task to the next.</li>
 *   <li>Every thread carries the name prefix ({@code moirai-cpu-N}, {@code moirai-blocking-N},
 *       {@code moirai-timer}, {@code moirai-cpu-compensator-N}, {@code moirai-relay-N}); none is alive after
 *       {@link #close()} or a successful {@link #awaitTermination}.</li>
 * </ul>
 */
public final class MoiraiRuntime extends AbstractExecutorService implements ScheduledExecutorService {

    /*
     * Implementation overview. This class is the facade: it checks arguments, makes tasks, wires
     * the parts together and runs one task to its end (runTask), counting the outcome before it
     * completes the handle. The parts, all package-private:
     *
     *   Admission    whether a task enters (run state, capacity gates, rejection policy) and
     *                which queue takes it;
     *   CpuLane      the work-stealing workers, BlockingLane the virtual threads, TimerQueue
     *                the delayed and periodic tasks, each running what was admitted;
     *   Termination  the run state from RUNNING to TERMINATED, the live threads, awaitTermination.
     *
     * After every end counted off a worker, afterEnd asks Termination whether that was the last
     * task; a worker asks when it parks.
     */

    /** The most CPU workers a runtime may have: {@link Builder#parallelism(int)}'s upper bound. */
    public static final int MAX_PARALLELISM = 0x7FFF;

    /**
     * The longest duration the runtime accepts for its timeouts and thresholds: what a
     * {@code long} of nanoseconds holds (about 292 years).
     */
    public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * Bound on the blocking lane's threads, the completion relay's and a caller running a task
     * ({@code CALLER_RUNS}), so they count as the runtime's own after shutdown. A scoped value,
     * not a thread local: a blocking task's virtual thread would otherwise allocate a
     * thread-local map for this one entry, and a binding cannot outlive the code it scopes.
     */
    static final ScopedValue<MoiraiRuntime> CURRENT = ScopedValue.newInstance();

    private final String threadNamePrefix;
    private final Thread.UncaughtExceptionHandler handler;
    /** The listeners that observe tasks ({@link RuntimeListener#observesTasks()}); null when none does. */
    private final RuntimeListener listener;
    /** Every listener, for runtime events; null when there is none. */
    private final RuntimeListener eventListener;
    private final int queueCapacity;
    private final Topology topology;

    private final SharedTally tally = new SharedTally();
    private final CpuLane cpu;
    private final BlockingLane blocking;
    private final TimeSource timeSource;
    private final TimerQueue timers;
    private final CompletionRelay relay;
    private final Termination termination;
    private final Admission admission;
    private final AtomicLong timerSequence = new AtomicLong();
    private final ReentrantLock controlLock = new ReentrantLock();

    private MoiraiRuntime(Builder builder, Topology topology) {
        this.threadNamePrefix = builder.threadNamePrefix;
        this.handler = builder.handler;
        this.listener = Listeners.of(builder.listeners.stream().filter(RuntimeListener::observesTasks).toList(), this);
        this.eventListener = Listeners.of(builder.listeners, this);
        this.queueCapacity = builder.queueCapacity;
        this.topology = topology;
        int parallelism = builder.parallelism > 0 ? builder.parallelism : topology.availableProcessors();
        this.cpu = new CpuLane(this, topology, builder.pinWorkers);
        tally.countSubmissionsOf(cpu.injection);
        this.blocking = new BlockingLane(this, builder.blockingConcurrency, threadNamePrefix);
        this.timeSource = builder.timeSource;
        this.timers = new TimerQueue(this, threadNamePrefix + "timer", builder.timeSource);
        this.relay = new CompletionRelay(this, threadNamePrefix + "relay-");
        this.termination = new Termination(this, tally, cpu, blocking, timers);
        this.admission = new Admission(this, termination, cpu, blocking, builder.queueCapacity,
                builder.rejectionPolicy, builder.blockTimeout.toNanos());
        if (timers.isVirtual()) {
            timeSource.attach(timers); // before the timer thread starts: the source sees every firing
        }
        termination.threadStarted();
        timers.thread().start();
        cpu.resize(parallelism);
        // on virtual time the detector's real-time tick would fire at every step of the clock
        if (!builder.blockingDetectionThreshold.isZero() && !timers.isVirtual()) {
            timers.add(new BlockingDetector(this, builder.blockingDetectionThreshold, timerSequence.getAndIncrement()));
        }
        emit(new RuntimeEvent.Started(Instant.now(), parallelism, builder.blockingConcurrency));
    }

    /**
     * Starts building a runtime.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- submission ----------------------------------------------------------------------

    /**
     * Runs {@code command} on the CPU lane. A failure goes to the uncaught-exception handler.
     *
     * @throws NullPointerException       if {@code command} is null
     * @throws RejectedExecutionException if the runtime is shut down, or the lane is full and the
     *                                    rejection policy refuses it
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof RuntimeTask<?> task && task.runtime == this && !task.counted && task.isNew()) {
            submitTask(task); // made by newTaskFor (invokeAll): already a task of ours
        } else {
            submitTask(new ExecuteTask(this, TaskOptions.defaults(), command));
        }
    }

    /**
     * Runs {@code command} with the given options (lane, priority, name, deadline), without a
     * handle: the cheapest way to hand the runtime work nobody waits for, as
     * {@link #execute(Runnable)} is for the CPU lane. A failure goes to the uncaught-exception
     * handler; a command whose deadline passes before it starts is counted as cancelled and
     * never runs.
     *
     * @param command the work
     * @param options how it runs
     * @throws NullPointerException       if an argument is null
     * @throws RejectedExecutionException as for {@link #execute(Runnable)}
     */
    public void execute(Runnable command, TaskOptions options) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(options, "options");
        submitTask(new ExecuteTask(this, options, command));
    }

    /**
     * Runs {@code task} on the CPU lane.
     *
     * @param task the work
     * @param <T>  the result type
     * @return its handle
     * @throws NullPointerException       if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public <T> TaskHandle<T> spawn(Callable<T> task) {
        return spawn(task, TaskOptions.defaults());
    }

    /**
     * Runs {@code task} with the given options: lane, priority, name and deadline.
     *
     * @param task    the work
     * @param options how it runs
     * @param <T>     the result type
     * @return its handle
     * @throws NullPointerException       if an argument is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public <T> TaskHandle<T> spawn(Callable<T> task, TaskOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        CallableTask<T> handle = new CallableTask<>(this, options, task);
        submitTask(handle);
        return handle;
    }

    /**
     * Runs {@code task} on the blocking lane: a virtual thread, at most
     * {@code blockingConcurrency} at once, the rest waiting in FIFO order.
     *
     * @param task the work, which may block
     * @param <T>  the result type
     * @return its handle
     * @throws NullPointerException       if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public <T> TaskHandle<T> spawnBlocking(Callable<T> task) {
        return spawn(task, BLOCKING_DEFAULTS);
    }

    private static final TaskOptions BLOCKING_DEFAULTS = TaskOptions.defaults().withLane(Lane.BLOCKING);

    @Override
    public <T> TaskHandle<T> submit(Callable<T> task) {
        return spawn(task);
    }

    @Override
    public TaskHandle<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public <T> TaskHandle<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return spawn(new RunnableAdapter<>(task, result));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new CallableTask<>(this, TaskOptions.defaults(), Objects.requireNonNull(callable, "callable"));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return newTaskFor(new RunnableAdapter<>(Objects.requireNonNull(runnable, "runnable"), value));
    }

    /**
     * Runs the tasks and returns the result of one that completed normally, cancelling the rest.
     * Called from one of the runtime's CPU workers, the worker waits with a spare worker standing
     * in for it (see {@link TaskHandle}), so the candidates run even at parallelism 1.
     */
    @Override
    public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        try {
            return invokeAny(tasks, false, 0L);
        } catch (java.util.concurrent.TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return invokeAny(tasks, true, unit.toNanos(timeout));
    }

    private <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
            throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        Objects.requireNonNull(tasks, "tasks");
        int count = tasks.size();
        if (count == 0) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        RuntimeStage<T> first = new RuntimeStage<>(this);
        // The tasks not yet failed, plus one for the iteration until it ends: all failed only
        // once every task the iteration yielded has failed, however many size() announced.
        AtomicInteger unresolved = new AtomicInteger(1);
        List<TaskHandle<T>> handles = new ArrayList<>(count);
        try {
            for (Callable<T> task : tasks) {
                unresolved.incrementAndGet();
                TaskHandle<T> handle = spawn(Objects.requireNonNull(task, "task"));
                handles.add(handle);
                handle.whenComplete((value, failure) -> {
                    if (failure == null) {
                        first.complete(value);
                    } else if (unresolved.decrementAndGet() == 0) {
                        failAll(first, failure);
                    }
                });
            }
            if (handles.isEmpty()) {
                throw new IllegalArgumentException("tasks must not be empty");
            }
            if (unresolved.decrementAndGet() == 0) {
                // every task failed before the iteration ended: report the last one's failure
                handles.getLast().whenComplete((value, failure) -> failAll(first, failure));
            }
            return timed ? first.get(nanos, TimeUnit.NANOSECONDS) : first.get();
        } finally {
            for (TaskHandle<T> handle : handles) {
                handle.cancel(true);
            }
        }
    }

    /** Ends an {@code invokeAny} whose every task failed, so that {@code get()} reports it as an {@code ExecutionException}. */
    private static <T> void failAll(RuntimeStage<T> first, Throwable failure) {
        first.completeExceptionally(new java.util.concurrent.CompletionException(
                failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : failure));
    }

    // ---- timers --------------------------------------------------------------------------

    @Override
    public ScheduledTaskHandle<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return scheduleTask(new RunnableAdapter<>(command, null), delay, 0L, unit);
    }

    @Override
    public <V> ScheduledTaskHandle<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return scheduleTask(callable, delay, 0L, unit);
    }

    @Override
    public ScheduledTaskHandle<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unit, "unit");
        if (period <= 0L) {
            throw new IllegalArgumentException("period must be > 0, was " + period);
        }
        return scheduleTask(new RunnableAdapter<>(command, null), initialDelay,
                Math.max(1L, TimerQueue.saturatedDelay(period, unit)), unit);
    }

    @Override
    public ScheduledTaskHandle<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unit, "unit");
        if (delay <= 0L) {
            throw new IllegalArgumentException("delay must be > 0, was " + delay);
        }
        return scheduleTask(new RunnableAdapter<>(command, null), initialDelay,
                -Math.max(1L, TimerQueue.saturatedDelay(delay, unit)), unit);
    }

    private <V> ScheduledTask<V> scheduleTask(Callable<V> callable, long delay, long periodNanos, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        long trigger = timers.nanoTime() + TimerQueue.saturatedDelay(delay, unit);
        ScheduledTask<V> task = new ScheduledTask<>(this, TaskOptions.defaults(), callable, trigger, periodNanos,
                timerSequence.getAndIncrement());
        admission.admit(task, currentWorker());
        if (listener != null) {
            task.extras().queuedAtNanos = trigger;
            listener.taskQueued(task.name(), task.lane());
        }
        timers.add(task);
        int rs = termination.runState();
        if ((rs >= Termination.STOP || (rs >= Termination.SHUTDOWN && task.isPeriodic())) && timers.remove(task)) {
            if (rs >= Termination.STOP) {
                // admitted before shutdownNow(), whose drain of the timer came before this add: it
                // was not returned, and cancelling it would leave an accepted task neither run nor
                // returned. Refuse it instead, as a submission that read STOP is refused.
                throw admission.refuseStopped(task, currentWorker());
            }
            cancelUnstarted(task, "runtime shut down");
        }
        return task;
    }

    // ---- the submission path -------------------------------------------------------------

    private void submitTask(RuntimeTask<?> task) {
        Worker worker = currentWorker();
        Instant deadline = task.options.deadline();
        if (deadline != null) {
            RuntimeTask.Extras e = task.extras();
            e.deadlineNanos = deadlineNanos(deadline, timers.nanoTime(), timers.instant()); // before admit: nothing may fail once it is counted
            e.hasDeadline = true;
        }
        if (worker != null) {
            task.parent = worker.currentTask();
        }
        boolean queued;
        if (worker == null && listener == null && admission.takesDirectly(task)) {
            admission.submitDirectly(task); // the common external case: one CAS counts, checks and queues
            queued = true;
        } else {
            admission.admit(task, worker);
            if (listener != null) {
                task.extras().queuedAtNanos = System.nanoTime();
                listener.taskQueued(task.name(), task.lane());
            }
            queued = admission.enqueue(task, worker);
        }
        RuntimeTask.Extras e = task.extras;
        if (queued && e != null && e.hasDeadline) {
            DeadlineWatch watch = new DeadlineWatch(task, timerSequence.getAndIncrement());
            e.watch = watch;
            timers.add(watch);
            if (!task.isNew()) {
                timers.remove(watch); // it started or ended meanwhile and may have missed the watch
                e.watch = null;
            }
        }
    }

    /**
     * The timer-time instant of a wall-clock deadline, given the timer's time and instant now. A
     * deadline further than about 73 years either way saturates, as timer delays do, so the
     * arithmetic never overflows.
     */
    static long deadlineNanos(Instant deadline, long now, Instant wallNow) {
        Duration left = Duration.between(wallNow, deadline);
        long bound = Long.MAX_VALUE >> 2;
        if (left.compareTo(MAX_DEADLINE_DISTANCE) >= 0) {
            return now + bound;
        }
        if (left.compareTo(MAX_DEADLINE_DISTANCE.negated()) <= 0) {
            return now - bound;
        }
        return now + left.toNanos();
    }

    private static final Duration MAX_DEADLINE_DISTANCE = Duration.ofNanos(Long.MAX_VALUE >> 2);

    // ---- running -------------------------------------------------------------------------

    /**
     * Runs a task on the current thread: a worker, a virtual thread of the blocking lane, a
     * submitter under {@code CALLER_RUNS}, or a caller of {@link RuntimeTask#run()}.
     */
    <T> void runTask(RuntimeTask<T> task) {
        if (task instanceof ScheduledTask<?> fired) {
            fired.leftLane();
            if (fired.claimFiredRun()) {
                try {
                    runTaskNow(task);
                } finally {
                    timers.inFlightEnded(); // virtual time: after the handle completed, so advance() sees it done
                }
                return;
            }
        }
        runTaskNow(task);
    }

    private <T> void runTaskNow(RuntimeTask<T> task) {
        if (task.abandoned) {
            runAbandoned(task);
            return;
        }
        if (!task.tryStart()) {
            return; // ended before it started; whoever ended it counted it
        }
        runClaimed(task, currentWorker());
    }

    /**
     * Runs a task the current thread has claimed (moved out of {@code NEW}); {@code worker} is its
     * worker, if any. Once {@code shutdownNow()} has come, the task runs with its thread
     * interrupted: it was in a thread's hands when the queues were emptied, or reached a queue
     * after that (see {@link Termination#awaitTakeable()}).
     */
    <T> void runClaimed(RuntimeTask<T> task, Worker worker) {
        if (worker != null) {
            worker.nestedStarted();
        }
        String refusal = refusalToStart(task, worker);
        if (refusal != null) {
            if (worker != null) {
                worker.nestedFinishing();
            }
            int end = task.tryFinishRun(RuntimeTask.DONE);
            if (end == RuntimeTask.TAKEN) {
                tellCancelledWhileRunning(task, 0L, 0L); // cancelled meanwhile: it never started
            } else if (end == RuntimeTask.FINISHED) {
                CancellationException why = refusal == DEADLINE_PASSED
                        ? new DeadlineExceededException("task '" + task.displayName() + "' did not start by its deadline")
                        : new CancellationException(refusal);
                count(task, worker, TaskOutcome.CANCELLED, 0L, 0L);
                task.settle(null, why, false);
                afterEnd(worker);
            } else if (end == RuntimeTask.FINISHED_AFTER_HANDLE) {
                count(task, worker, outcomeOfHandle(task), 0L, 0L); // completed from outside meanwhile
                afterEnd(worker);
            }
            return;
        }
        RuntimeListener l = listener;
        long started = 0L;
        long waited = 0L;
        T value = null;
        Throwable failure = null;
        // Completed from outside between its claim and here (HANDLE_DONE): its body does not run.
        boolean skipped = task.isDone();
        if (!skipped) {
            if (l != null) {
                started = System.nanoTime();
                RuntimeTask.Extras e = task.extras; // set when queued, as there is a listener
                waited = started - (e != null ? e.queuedAtNanos : 0L);
                l.taskStarted(task.name(), task.lane(), waited);
            }
            try {
                value = task.compute();
            } catch (Throwable t) {
                failure = t;
            }
        }
        task.parent = null; // it ended: let its ancestors go
        boolean periodic = task instanceof ScheduledTask<?> scheduled && scheduled.isPeriodic();
        boolean again = periodic && !skipped && failure == null && termination.isRunning();
        if (worker != null) {
            worker.nestedFinishing();
        }
        int end = task.tryFinishRun(again ? RuntimeTask.NEW : RuntimeTask.DONE);
        long ran = l != null && !skipped ? System.nanoTime() - started : 0L;
        if (end == RuntimeTask.TAKEN) {
            // cancelled while running: the canceller counted it and completed the handle
            tellCancelledWhileRunning(task, waited, ran);
            return;
        }
        if (end == RuntimeTask.FINISHED_AFTER_HANDLE) {
            // its handle was completed from outside while it ran, and keeps that outcome: the run
            // is counted by how it ended (by the handle if the body never began); a periodic task
            // runs no more
            TaskOutcome outcome = skipped ? outcomeOfHandle(task) : failure == null ? TaskOutcome.COMPLETED : TaskOutcome.FAILED;
            count(task, worker, outcome, waited, ran);
            if (!skipped) {
                task.afterRun(outcome, failure);
            }
            afterEnd(worker);
            return;
        }
        if (again) {
            if (l != null) {
                l.taskFinished(task.name(), task.lane(), TaskOutcome.COMPLETED, waited, ran);
            }
            rearm((ScheduledTask<?>) task);
            return;
        }
        if (periodic && failure == null) {
            count(task, worker, TaskOutcome.CANCELLED, waited, ran); // the runtime shut down meanwhile
            task.settle(null, new CancellationException("runtime shut down"), false);
        } else {
            TaskOutcome outcome = failure == null ? TaskOutcome.COMPLETED : TaskOutcome.FAILED;
            count(task, worker, outcome, waited, ran);
            task.publish(value, failure);
            task.afterRun(outcome, failure);
        }
        afterEnd(worker);
    }

    private static final String DEADLINE_PASSED = "deadline passed";

    /**
     * How a task's handle ended, for a task completed from outside ({@code HANDLE_DONE}): its
     * completer completes the future right after its CAS, so this waits at most that long.
     */
    private static TaskOutcome outcomeOfHandle(RuntimeTask<?> task) {
        while (!task.isDone()) {
            Thread.onSpinWait();
        }
        return switch (task.state()) {
            case SUCCESS -> TaskOutcome.COMPLETED;
            case CANCELLED -> TaskOutcome.CANCELLED;
            default -> TaskOutcome.FAILED;
        };
    }

    private String refusalToStart(RuntimeTask<?> task, Worker worker) {
        int rs = termination.runState();
        if (rs >= Termination.STOP && isRuntimeThread(worker)) {
            // shutdownNow() interrupts every running task; cleared before the thread's next task
            // (Worker, BlockingLane). A caller of run() that is not the runtime's keeps its status.
            Thread.currentThread().interrupt();
        }
        RuntimeTask.Extras e = task.extras;
        if (e != null && e.hasDeadline && timers.nanoTime() - e.deadlineNanos > 0L) {
            return DEADLINE_PASSED;
        }
        // shutdown() cancels periodic tasks; after shutdownNow() one found here was in a thread's
        // hands, or reached its lane after the drain (fired between schedule()'s add and its look
        // at the run state), and was not returned: it runs once, interrupted, as any such task
        if (rs == Termination.SHUTDOWN && task instanceof ScheduledTask<?> scheduled && scheduled.isPeriodic()) {
            return "runtime shut down";
        }
        return null;
    }

    private <T> void runAbandoned(RuntimeTask<T> task) {
        if (task.isDone() || !task.claimAbandonedRun()) {
            return; // completed meanwhile (cancelled, say), or another caller runs it
        }
        // the claim is the only CAS on the state since shutdownNow ended it: a fenced settle
        T value = null;
        Throwable failure = null;
        try {
            value = task.compute();
        } catch (Throwable thrown) {
            failure = RuntimeTask.thrownByRun(thrown);
        }
        task.endAbandonedRun();
        if (failure == null && task instanceof ScheduledTask<?> scheduled && scheduled.isPeriodic()) {
            // its one run is the series' last, ended by the runtime's stop: as for a periodic task
            // whose run ends after a shutdown, cancelled, since the get() of a fixed-rate or
            // fixed-delay future never returns normally (ScheduledExecutorService)
            task.settle(null, new CancellationException("runtime shut down"), true);
            return;
        }
        task.settle(value, failure, true);
    }

    /** A periodic task finished a run normally: back into the timer, unless it must stop. */
    void rearm(ScheduledTask<?> task) {
        task.advance();
        if (termination.isRunning() && !task.isDone() && timers.add(task)) {
            if (termination.isRunning() && !task.isDone()) {
                return;
            }
            timers.remove(task); // shut down or cancelled while we added it
        }
        cancelUnstarted(task, "runtime shut down");
    }

    void cancelUnstarted(RuntimeTask<?> task, String why) {
        if (task.tryEndUnstarted()) {
            endUnstarted(task, TaskOutcome.CANCELLED, new CancellationException(why));
        }
    }

    /**
     * Ends an unstarted task whose ending the caller won ({@link RuntimeTask#tryEndUnstarted()})
     * on the {@link CompletionRelay}: for the timer thread, which must not run the handle's
     * dependents (user code) itself. On virtual time the clock waits until the handle is done.
     */
    void endUnstartedOnRelay(RuntimeTask<?> task, TaskOutcome outcome, Throwable cause) {
        if (!timers.isVirtual()) {
            relay(() -> endUnstarted(task, outcome, cause));
            return;
        }
        timers.relayBegan();
        relay(() -> {
            try {
                endUnstarted(task, outcome, cause);
            } finally {
                timers.relayEnded();
            }
        });
    }

    /** A virtual thread could not be created for a task that holds a permit. */
    void failUnstartable(RuntimeTask<?> task, Throwable failure) {
        if (task.tryEndUnstarted()) {
            endUnstarted(task, TaskOutcome.FAILED, failure);
        }
    }

    /**
     * Ends a task that never started; the caller won {@link RuntimeTask#tryEndUnstarted()}.
     * Counts first, then completes the handle: a caller that sees the handle done finds it
     * counted.
     */
    void endUnstarted(RuntimeTask<?> task, TaskOutcome outcome, Throwable cause) {
        endUnstarted(task, outcome, null, cause);
    }

    /** As {@link #endUnstarted(RuntimeTask, TaskOutcome, Throwable)}, for an ending that may carry a value (given from outside). */
    <T> void endUnstarted(RuntimeTask<T> task, TaskOutcome outcome, T value, Throwable cause) {
        Worker worker = currentWorker();
        count(task, worker, outcome, 0L, 0L);
        task.settle(value, cause, false);
        if (task instanceof ScheduledTask<?> fired) {
            fired.leftLane(); // its queue entry, if any, is dead
            if (fired.claimFiredRun()) {
                timers.inFlightEnded(); // virtual time: fired, then cancelled before it ran
            }
        }
        afterEnd(worker);
    }

    /**
     * A canceller claimed a running task: count it and complete its handle now. The listener
     * hears of it from the runner once the body returns ({@link #tellCancelledWhileRunning}):
     * told here, the finish could come before the runner's {@code taskStarted}, which follows
     * its claim, and would carry no run time for a task that ran.
     */
    void endCancelledWhileRunning(RuntimeTask<?> task) {
        Worker worker = currentWorker();
        if (task.counted) {
            count(worker, Tally.CANCELLED);
        }
        task.settle(null, new TaskCancelledException(), false);
        afterEnd(worker);
    }

    /** The runner's half of {@link #endCancelledWhileRunning}: the listener's finish, after its start. */
    private void tellCancelledWhileRunning(RuntimeTask<?> task, long waited, long ran) {
        RuntimeListener l = listener;
        if (l != null && task.counted) {
            l.taskFinished(task.name(), task.lane(), TaskOutcome.CANCELLED, waited, ran);
        }
    }

    /**
     * Hands back a task that {@code shutdownNow} claimed unstarted: counted as never started, then
     * no longer the runtime's to run or count. Returns what the caller of {@code shutdownNow} gets.
     */
    Runnable abandonUnstarted(RuntimeTask<?> task) {
        count(task, currentWorker(), TaskOutcome.NEVER_STARTED, 0L, 0L);
        task.counted = false;
        task.abandoned = true;
        // A waiter of this runtime that is not a lane thread (a task run by its submitter under
        // CALLER_RUNS) is not among the threads shutdownNow() interrupts: wake it to see the flag
        task.unparkWaiters();
        return task.asQueuedRunnable();
    }

    /** Counts an outcome and tells the listener; the caller completes the handle afterwards. */
    void count(RuntimeTask<?> task, Worker worker, TaskOutcome outcome, long waited, long ran) {
        if (!task.counted) {
            return;
        }
        RuntimeListener l = listener;
        if (l != null) {
            l.taskFinished(task.name(), task.lane(), outcome, waited, ran);
        }
        count(worker, Tally.kindOf(outcome));
    }

    /** After a task's end is counted and its handle completed: a worker checks for termination when it parks, others here. */
    void afterEnd(Worker worker) {
        if (worker == null) {
            termination.tryTerminate();
        }
    }

    void count(Worker worker, int kind) {
        if (worker != null) {
            worker.tally.increment(kind);
        } else {
            tally.increment(kind);
        }
    }

    private Worker currentWorker() {
        return Thread.currentThread() instanceof WorkerThread thread && thread.worker().runtime == this
                ? thread.worker() : null;
    }

    boolean isRuntimeThread(Worker worker) {
        return worker != null || (CURRENT.isBound() && CURRENT.get() == this);
    }

    boolean isRuntimeThread() {
        return isRuntimeThread(currentWorker());
    }

    // ---- control -------------------------------------------------------------------------

    /**
     * Changes the number of CPU workers and blocking-lane permits, safely under load. Growing
     * starts workers at once; shrinking retires workers after their current task, their queued
     * tasks moving to the others; fewer permits take effect as blocking tasks finish.
     *
     * @param parallelism         CPU workers, 1 to 32767
     * @param blockingConcurrency blocking-lane permits, at least 1
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException    if the runtime is shut down
     */
    public void reconfigure(int parallelism, int blockingConcurrency) {
        Builder.checkParallelism(parallelism);
        Builder.checkBlockingConcurrency(blockingConcurrency);
        controlLock.lock();
        try {
            if (isShutdown()) {
                throw new IllegalStateException("runtime is shut down; it cannot be reconfigured");
            }
            int previousParallelism = cpu.parallelism();
            int previousBlocking = blocking.limit();
            cpu.resize(parallelism);
            blocking.setLimit(blockingConcurrency);
            emit(new RuntimeEvent.Reconfigured(Instant.now(), previousParallelism, parallelism,
                    previousBlocking, blockingConcurrency));
        } finally {
            controlLock.unlock();
        }
    }

    /**
     * Stops starting tasks: running tasks finish, nothing new starts on either lane, timers still
     * fire into their lanes and submissions are still accepted within capacity. No effect once the
     * runtime is shut down.
     */
    public void pause() {
        controlLock.lock();
        try {
            if (isShutdown() || cpu.isPaused()) {
                return;
            }
            cpu.pause();
            blocking.pause();
        } finally {
            controlLock.unlock();
        }
        emit(new RuntimeEvent.PauseChanged(Instant.now(), true));
    }

    /** Starts tasks again after {@link #pause()}. */
    public void resume() {
        controlLock.lock();
        try {
            if (!cpu.isPaused()) {
                return;
            }
            cpu.resume();
            blocking.resume();
        } finally {
            controlLock.unlock();
        }
        emit(new RuntimeEvent.PauseChanged(Instant.now(), false));
    }

    /**
     * Whether the runtime is paused.
     *
     * @return {@code true} between {@link #pause()} and {@link #resume()}
     */
    public boolean isPaused() {
        return cpu.isPaused();
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /**
     * Starts an orderly shutdown: accepted tasks run, new submissions from other threads are
     * rejected, pending periodic tasks are cancelled, delayed one-shot tasks run when due (on a
     * {@linkplain TimeSource#isVirtual() virtual} time source, where no one would move time to
     * them, they are cancelled too). Does not wait; use {@link #awaitTermination} or
     * {@link #close()}. Idempotent.
     */
    @Override
    public void shutdown() {
        termination.shutdown();
    }

    /**
     * Stops at once: interrupts running tasks (both lanes) and returns, without running or
     * cancelling them, every task that never started: queued CPU tasks, waiting blocking tasks
     * and pending timers. For tasks given to {@code execute} the list holds the caller's own
     * {@code Runnable}; for the others it holds their handles, which the caller may run.
     *
     * @return the tasks that never started
     */
    @Override
    public List<Runnable> shutdownNow() {
        return termination.shutdownNow();
    }

    /** Lifts a pause for good: a runtime that shuts down must be able to finish its accepted work. */
    void liftPause() {
        controlLock.lock();
        try {
            cpu.resume();
            blocking.resume();
        } finally {
            controlLock.unlock();
        }
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} was called.
     *
     * @return {@code true} from the first call of either on
     */
    @Override
    public boolean isShutdown() {
        return termination.isShutdown();
    }

    /**
     * Whether the runtime has terminated: it was shut down, every accepted task has ended and
     * every thread of the runtime is past its last task. {@link #awaitTermination} also waits
     * until those threads have died.
     *
     * @return {@code true} once terminated
     */
    @Override
    public boolean isTerminated() {
        return termination.isTerminated();
    }

    /**
     * Waits until the runtime has terminated and every one of its threads has exited, or the
     * timeout passes.
     *
     * @param timeout how long to wait; zero or less does not wait
     * @param unit    the unit of {@code timeout}
     * @return {@code true} if terminated with no thread of the runtime left alive
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return termination.awaitTermination(unit.toNanos(timeout));
    }

    /**
     * Shuts down and waits until every accepted task has ended and every thread has exited. If
     * interrupted while waiting, stops at once ({@link #shutdownNow()}) and keeps waiting, then
     * restores the interrupt status, as {@link java.util.concurrent.ExecutorService#close()}
     * specifies. Called from a task of this runtime it cannot wait for itself: it only shuts down.
     */
    @Override
    public void close() {
        if (isRuntimeThread(currentWorker())) {
            shutdown();
            return;
        }
        shutdown();
        boolean interrupted = false;
        for (boolean terminated = false; !terminated; ) {
            try {
                terminated = awaitTermination(1L, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- observability -------------------------------------------------------------------

    /**
     * The time source the runtime's timer reads, as given to
     * {@link Builder#timeSource(TimeSource)}; {@link TimeSource#system()} by default. Components
     * that turn wall-clock instants into timer delays (Spring's {@code TaskScheduler}) read the
     * same time through it.
     *
     * @return the time source
     */
    public TimeSource timeSource() {
        return timeSource;
    }

    /**
     * A point-in-time view of the runtime: sizes, per-worker queues, counts of every outcome.
     * Cheap, lock-free, callable at any time.
     *
     * @return the snapshot
     */
    public RuntimeSnapshot snapshot() {
        List<RuntimeSnapshot.WorkerSnapshot> workers = new ArrayList<>();
        for (Worker worker : cpu.workers()) {
            workers.add(new RuntimeSnapshot.WorkerSnapshot(worker.name(), workerState(worker),
                    worker.deque.size(), worker.compensating, worker.cpu, worker.node, worker.pinned));
        }
        Counts counts = readCounts();
        return RuntimeSnapshot.builder()
                .state(termination.state())
                .parallelism(cpu.parallelism())
                .blockingConcurrency(blocking.limit())
                .queueCapacity(queueCapacity)
                .workers(workers)
                .active(counts.active())
                .queued(counts.queued())
                .submitted(counts.submitted())
                .completed(counts.completed())
                .failed(counts.failed())
                .cancelled(counts.cancelled())
                .rejected(counts.rejected())
                .neverStarted(counts.neverStarted())
                .steals(tally.sum(Tally.STEALS))
                .parks(tally.sum(Tally.PARKS))
                .blockingInUse(blocking.inUse())
                .blockingWaiting(blocking.waiting())
                .timersPending(counts.timersPending())
                .blockingDetected(tally.sum(Tally.BLOCKING_DETECTED))
                .topology(topology)
                .build();
    }

    private static RuntimeSnapshot.WorkerState workerState(Worker worker) {
        if (worker.retireRequested) {
            return RuntimeSnapshot.WorkerState.RETIRING;
        }
        if (worker.blockedReported) {
            return RuntimeSnapshot.WorkerState.BLOCKED;
        }
        if (worker.currentTask() != null) {
            return RuntimeSnapshot.WorkerState.RUNNING;
        }
        return worker.status() == Worker.STATUS_PARKED
                ? RuntimeSnapshot.WorkerState.PARKED : RuntimeSnapshot.WorkerState.SEARCHING;
    }

    long activeNow() {
        return cpu.activeCount() + blocking.inUse() + blocking.nested() + runningOnCallers.get();
    }

    /**
     * Tasks running on threads that are not the runtime's: submitters running their own task
     * under {@code CALLER_RUNS} (or {@code BLOCK} inside a blocking-lane task). Rare, so a plain
     * atomic counter.
     */
    private final AtomicInteger runningOnCallers = new AtomicInteger();

    void callerRunStarted() {
        runningOnCallers.incrementAndGet();
    }

    void callerRunEnded() {
        runningOnCallers.decrementAndGet();
    }

    /** {@link RuntimeSnapshot#queued()} alone. */
    long queuedNow() {
        return readCounts().queued();
    }

    /**
     * The task counters, read in the order tasks move (submitted, pending on the timer, running,
     * ended), so that "queued", what is left of the submissions, is never inflated by tasks that
     * move while the counters are read: one submitted meanwhile is not in "submitted"; one that
     * fires, starts or ends meanwhile is found in the later figure, or in two of them, which makes
     * "queued" smaller. Read the other way round, every submission made while the outcome counters
     * were summed counted as queued: thousands per snapshot under a bounded lane's rejections, with
     * four places to queue in.
     */
    private Counts readCounts() {
        long submitted = tally.sum(Tally.SUBMITTED);
        int timersPending = timers.pendingUserTasks();
        long active = activeNow();
        return new Counts(submitted, timersPending, active, tally.sum(Tally.COMPLETED), tally.sum(Tally.FAILED),
                tally.sum(Tally.CANCELLED), tally.sum(Tally.REJECTED), tally.sum(Tally.NEVER_STARTED));
    }

    /** One reading of the task counters; see {@link #readCounts()}. */
    private record Counts(long submitted, int timersPending, long active, long completed, long failed,
            long cancelled, long rejected, long neverStarted) {

        long queued() {
            long outstanding = submitted - completed - failed - cancelled - rejected - neverStarted;
            return Math.max(0L, outstanding - active - timersPending);
        }
    }

    void blockingDetected(RuntimeEvent.BlockingDetected event) {
        tally.increment(Tally.BLOCKING_DETECTED);
        if (eventListener != null) {
            relay.relay(() -> emit(event)); // listeners are user code: never on the timer thread
        }
    }

    /** Runs {@code work} off the current thread; see {@link CompletionRelay}. */
    void relay(Runnable work) {
        relay.relay(work);
    }

    boolean hasListener() {
        return listener != null;
    }

    void emit(RuntimeEvent event) {
        RuntimeListener l = eventListener;
        if (l != null) {
            l.runtimeEvent(event);
        }
    }

    /** Hands a failure nobody else can receive to the configured handler, or the thread's own. */
    void reportUncaught(Throwable failure) {
        Thread current = Thread.currentThread();
        Thread.UncaughtExceptionHandler target = handler != null ? handler : current.getUncaughtExceptionHandler();
        try {
            target.uncaughtException(current, failure);
        } catch (Throwable ignored) {
            // a failing handler must not take the worker down with it
        }
    }

    void configureThread(Thread thread) {
        if (handler != null) {
            thread.setUncaughtExceptionHandler(handler);
        }
    }

    Thread.UncaughtExceptionHandler configuredHandler() {
        return handler;
    }

    String threadNamePrefix() {
        return threadNamePrefix;
    }

    SharedTally tally() {
        return tally;
    }

    BlockingLane blockingLane() {
        return blocking;
    }

    CpuLane cpuLane() {
        return cpu;
    }

    TimerQueue timers() {
        return timers;
    }

    Termination termination() {
        return termination;
    }

    Admission admission() {
        return admission;
    }

    @Override
    public String toString() {
        RuntimeSnapshot s = snapshot();
        return "MoiraiRuntime[" + s.state() + ", parallelism=" + s.parallelism() + ", blockingConcurrency="
                + s.blockingConcurrency() + ", active=" + s.active() + ", queued=" + s.queued() + ", completed="
                + s.completed() + "]";
    }

    /** Adapts a {@code Runnable} with a fixed result; reports name the runnable's class, not this one's. */
    private record RunnableAdapter<T>(Runnable task, T result) implements Callable<T>, TaskWrapper {
        @Override
        public T call() {
            task.run();
            return result;
        }

        @Override
        public Object wrappedTask() {
            return task;
        }
    }

    /**
     * Builds a {@link MoiraiRuntime}. Every setter validates at once: a value out of range
     * throws {@link IllegalArgumentException} naming the setting and the value, a null throws
     * {@link NullPointerException} naming the parameter.
     */
    public static final class Builder {

        private int parallelism;
        private int blockingConcurrency = 256;
        private int queueCapacity = Integer.MAX_VALUE;
        private RejectionPolicy rejectionPolicy = RejectionPolicy.ABORT;
        private Duration blockTimeout = Duration.ofSeconds(5);
        private String threadNamePrefix = "moirai-";
        private Thread.UncaughtExceptionHandler handler;
        private final List<RuntimeListener> listeners = new ArrayList<>();
        private Duration blockingDetectionThreshold = Duration.ofMillis(500);
        private TimeSource timeSource = TimeSource.system();
        private Topology topology;
        private Set<Integer> cpus;
        private boolean pinWorkers;

        private Builder() {
        }

        /**
         * CPU workers. Default: the topology's {@link Topology#availableProcessors()}, the CPUs
         * this process may use (affinity mask, cgroup cpuset and quota included, and
         * {@link #cpus(Set)} when set).
         *
         * @param parallelism 1 to 32767
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = checkParallelism(parallelism);
            return this;
        }

        /**
         * Blocking-lane permits: how many blocking tasks run at once. Default 256.
         *
         * @param blockingConcurrency at least 1
         * @return this builder
         */
        public Builder blockingConcurrency(int blockingConcurrency) {
            this.blockingConcurrency = checkBlockingConcurrency(blockingConcurrency);
            return this;
        }

        /**
         * The bound on tasks waiting to start, per lane. Default: unbounded, like
         * {@code ForkJoinPool}. {@link Integer#MAX_VALUE} means unbounded too.
         *
         * @param queueCapacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * What happens when a bounded lane is full. Default {@link RejectionPolicy#ABORT}.
         *
         * @param rejectionPolicy the policy
         * @return this builder
         */
        public Builder rejectionPolicy(RejectionPolicy rejectionPolicy) {
            this.rejectionPolicy = Objects.requireNonNull(rejectionPolicy, "rejectionPolicy");
            return this;
        }

        /**
         * How long {@link RejectionPolicy#BLOCK} waits for space. Default 5 seconds.
         *
         * @param blockTimeout not negative
         * @return this builder
         */
        public Builder blockTimeout(Duration blockTimeout) {
            Objects.requireNonNull(blockTimeout, "blockTimeout");
            if (blockTimeout.isNegative() || !fitsInNanos(blockTimeout)) {
                throw new IllegalArgumentException("blockTimeout must be between 0 and " + MAX_DURATION
                        + " (Long.MAX_VALUE nanoseconds), was " + blockTimeout);
            }
            this.blockTimeout = blockTimeout;
            return this;
        }

        /**
         * The prefix of every thread's name. Default {@code "moirai-"}.
         *
         * @param threadNamePrefix not blank
         * @return this builder
         */
        public Builder threadNamePrefix(String threadNamePrefix) {
            Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
            if (threadNamePrefix.isBlank()) {
                throw new IllegalArgumentException("threadNamePrefix must not be blank, was '" + threadNamePrefix + "'");
            }
            this.threadNamePrefix = threadNamePrefix;
            return this;
        }

        /**
         * Receives failures of tasks given to {@code execute} (and of listeners). Default: each
         * thread's own handler, which prints the stack trace.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Adds a listener; may be called more than once.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(RuntimeListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How long a CPU worker may stay blocked inside one task before it is reported
         * ({@link RuntimeEvent.BlockingDetected}) and compensated with a temporary worker.
         * Default 500 ms; {@link Duration#ZERO} switches detection off.
         *
         * @param threshold zero, or at least 1 ms
         * @return this builder
         */
        public Builder blockingDetectionThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            // fitsInNanos first: toMillis() overflows for the longest durations
            if (threshold.isNegative() || !fitsInNanos(threshold) || (!threshold.isZero() && threshold.toMillis() < 1)) {
                throw new IllegalArgumentException("blockingDetectionThreshold must be zero (off) or between 1ms and "
                        + MAX_DURATION + " (Long.MAX_VALUE nanoseconds), was " + threshold);
            }
            this.blockingDetectionThreshold = threshold;
            return this;
        }

        /**
         * The time the runtime's timer reads: when delayed and periodic tasks fall due, and when
         * task deadlines pass. Default {@link TimeSource#system()}. Tests pass a virtual clock
         * ({@code io.moirai.test.VirtualClock} from {@code moirai-test}) and move time by hand;
         * the runtime then runs no blocking detector (see {@link TimeSource#isVirtual()}).
         *
         * <pre>{@code
         * VirtualClock clock = new VirtualClock();
         * MoiraiRuntime runtime = MoiraiRuntime.builder().timeSource(clock).build();
         * }</pre>
         *
         * @param timeSource the source
         * @return this builder
         */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
            return this;
        }

        /**
         * The machine the runtime sizes and places its workers for. Default:
         * {@link Topology#detect()}, read when {@link #build()} is called. Set it to run on a
         * chosen shape, for example {@link Topology#uniform(int, int)} to try NUMA-aware stealing
         * on a single-node machine.
         *
         * @param topology the topology
         * @return this builder
         */
        public Builder topology(Topology topology) {
            this.topology = Objects.requireNonNull(topology, "topology");
            return this;
        }

        /**
         * Restricts the CPU workers to these CPUs: the default parallelism becomes their number
         * (within the cgroup quota), workers are placed on them and, with
         * {@link #pinWorkers(boolean)}, pinned to them. Checked against the topology when
         * {@link #build()} is called. Default: every usable CPU.
         *
         * <pre>{@code
         * MoiraiRuntime.builder().cpus(Topology.parseCpuList("0-3")).pinWorkers(true).build();
         * }</pre>
         *
         * @param cpus a non-empty set of the topology's {@linkplain Topology#usableCpus() usable CPUs}
         * @return this builder
         * @throws NullPointerException     if {@code cpus} or an element is null
         * @throws IllegalArgumentException if {@code cpus} is empty or has a negative id
         */
        public Builder cpus(Set<Integer> cpus) {
            Objects.requireNonNull(cpus, "cpus");
            if (cpus.isEmpty()) {
                throw new IllegalArgumentException("cpus must name at least one CPU, was []");
            }
            for (Integer cpu : cpus) {
                if (Objects.requireNonNull(cpu, "cpus element") < 0) {
                    throw new IllegalArgumentException("cpus must not be negative, was " + cpus);
                }
            }
            this.cpus = Set.copyOf(cpus);
            return this;
        }

        /**
         * Whether each regular CPU worker pins its thread to its CPU (slot {@code i} to the
         * {@code i}-th usable CPU, ordered by NUMA node, round-robin past the last). Default false:
         * the kernel moves threads freely, which suits a shared machine. Pinning helps a
         * dedicated machine keep caches warm; it uses {@code sched_setaffinity} through the
         * Foreign Function &amp; Memory API, so run the JVM
         * with {@code --enable-native-access=ALL-UNNAMED} to avoid the JDK's warning. Where it is
         * unavailable the workers run unpinned and one warning is logged; the runtime never fails
         * for it.
         *
         * @param pinWorkers true to pin
         * @return this builder
         */
        public Builder pinWorkers(boolean pinWorkers) {
            this.pinWorkers = pinWorkers;
            return this;
        }

        /**
         * Builds and starts the runtime: its workers and timer thread run from here on.
         *
         * @return the runtime
         * @throws IllegalArgumentException if {@link #cpus(Set)} names CPUs the topology does not
         *                                  list as usable
         */
        public MoiraiRuntime build() {
            Topology shape = topology != null ? topology : Topology.detect();
            return new MoiraiRuntime(this, cpus != null ? shape.restrictedTo(cpus) : shape);
        }

        private static boolean fitsInNanos(Duration duration) {
            return duration.compareTo(MAX_DURATION) <= 0;
        }

        static int checkParallelism(int parallelism) {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException(
                        "parallelism must be between 1 and " + MAX_PARALLELISM + ", was " + parallelism);
            }
            return parallelism;
        }

        static int checkBlockingConcurrency(int blockingConcurrency) {
            if (blockingConcurrency < 1) {
                throw new IllegalArgumentException("blockingConcurrency must be >= 1, was " + blockingConcurrency);
            }
            return blockingConcurrency;
        }
    }
}
