package io.moirai.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Decides whether a task enters the runtime and where it waits: the check against the run
 * state, the lane that takes it, the per-lane {@link CapacityGate}s and, when a bounded lane is
 * full, the {@link RejectionPolicy}.
 *
 * <p>Invariants: a task holds at most one capacity slot, taken here before it is queued and
 * given back exactly once in {@link #leftQueue} (tied to the task's one CAS out of {@code NEW});
 * every refusal counts the task as rejected, completes its handle and emits
 * {@link RuntimeEvent.TaskRejected} before the {@link RejectedExecutionException} reaches the
 * submitter. An unbounded runtime has no gates and its submissions take no branch of the policy.
 */
final class Admission {

    private final MoiraiRuntime runtime;
    private final Termination termination;
    private final CpuLane cpu;
    private final BlockingLane blocking;
    /** Null when the runtime is unbounded. */
    private final CapacityGate cpuGate;
    /** Null when the runtime is unbounded. */
    private final CapacityGate blockingGate;
    private final RejectionPolicy rejectionPolicy;
    private final long blockTimeoutNanos;

    Admission(MoiraiRuntime runtime, Termination termination, CpuLane cpu, BlockingLane blocking,
            int queueCapacity, RejectionPolicy rejectionPolicy, long blockTimeoutNanos) {
        this.runtime = runtime;
        this.termination = termination;
        this.cpu = cpu;
        this.blocking = blocking;
        boolean bounded = queueCapacity != Integer.MAX_VALUE;
        this.cpuGate = bounded ? new CapacityGate(queueCapacity) : null;
        this.blockingGate = bounded ? new CapacityGate(queueCapacity) : null;
        this.rejectionPolicy = rejectionPolicy;
        this.blockTimeoutNanos = blockTimeoutNanos;
    }

    /**
     * Counts the submission, then checks the state. Counting first closes the race with
     * termination: the terminating thread sets the state, then compares ended with submitted;
     * a submitter that counted before the state change is seen by the comparison, and one that
     * counted after it sees the new state and rejects (which also counts as an end).
     */
    void admit(RuntimeTask<?> task, Worker worker) {
        task.counted = true;
        runtime.count(worker, Tally.SUBMITTED);
        int rs = termination.runState();
        if (rs != Termination.RUNNING && (rs != Termination.SHUTDOWN || !runtime.isRuntimeThread(worker))) {
            throw reject(task, worker, "shutdown",
                    "runtime is " + (rs == Termination.SHUTDOWN ? "shut down" : "stopped"));
        }
    }

    /**
     * Whether a task submitted from a thread that is not one of the runtime's workers may take
     * {@link #submitDirectly}: a CPU task when the lane is unbounded (no capacity gate, so no
     * policy can apply). The caller also makes sure there is no listener to tell in between.
     */
    boolean takesDirectly(RuntimeTask<?> task) {
        return cpuGate == null && task.lane() == Lane.CPU;
    }

    /**
     * {@link #admit} and {@link #enqueue} in one step for the common external submission: the
     * injection queue counts the submission, checks the run state and queues the task under one
     * CAS (see {@link InjectionQueue}), so the submitter touches no shared counter. The count
     * comes before the run-state check, as in {@code admit}, and a refusal is handled as there.
     */
    void submitDirectly(RuntimeTask<?> task) {
        task.counted = true;
        task.enqueued = true; // plain: published by the queue's release store of the link
        if (!cpu.submitExternal(task, openToExternal)) {
            task.enqueued = false;
            int rs = termination.runState();
            throw reject(task, null, "shutdown",
                    "runtime is " + (rs == Termination.SHUTDOWN ? "shut down" : "stopped"));
        }
    }

    /** {@code admit}'s run-state check for a submitter that is not a worker, asked under the queue's lock. */
    private final BooleanSupplier openToExternal = this::openToExternal;

    private boolean openToExternal() {
        int rs = termination.runState();
        return rs == Termination.RUNNING || (rs == Termination.SHUTDOWN && runtime.isRuntimeThread(null));
    }

    /**
     * Hands an admitted task to its lane: the CPU lane queues it (on the submitting worker's own
     * deque when it has normal priority), the blocking lane starts it at once if a permit is
     * free and queues it otherwise. Returns false when a full lane's policy ran it on the
     * submitting thread instead, so it was never queued.
     */
    boolean enqueue(RuntimeTask<?> task, Worker worker) {
        return task.lane() == Lane.CPU ? queueCpu(task, worker) : queueBlocking(task, worker);
    }

    private boolean queueCpu(RuntimeTask<?> task, Worker worker) {
        if (cpuGate != null) {
            if (!cpuGate.tryAcquire() && !admitOverCapacity(task, worker, cpuGate)) {
                return false;
            }
            task.slot = RuntimeTask.CPU_SLOT;
        }
        task.enqueued = true;
        if (worker != null && task.priority() == Priority.NORMAL) {
            worker.push(task);
        } else {
            cpu.inject(task);
        }
        return true;
    }

    private boolean queueBlocking(RuntimeTask<?> task, Worker worker) {
        if (blocking.tryStartNow(task)) {
            return true;
        }
        if (blockingGate != null) {
            if (!blockingGate.tryAcquire() && !admitOverCapacity(task, worker, blockingGate)) {
                return false;
            }
            task.slot = RuntimeTask.BLOCKING_SLOT;
        }
        blocking.enqueue(task);
        return true;
    }

    /** The timer fired a user task: hand it to its lane. Its capacity slot is given regardless of the bound. */
    boolean dispatchFired(ScheduledTask<?> task) {
        if (!task.isNew()) {
            return false;
        }
        if (runtime.hasListener()) {
            task.extras().queuedAtNanos = System.nanoTime();
        }
        if (task.lane() == Lane.CPU) {
            if (cpuGate != null) {
                cpuGate.forceAcquire();
                task.slot = RuntimeTask.CPU_SLOT;
            }
            cpu.inject(task);
        } else if (!blocking.tryStartNow(task)) {
            if (blockingGate != null) {
                blockingGate.forceAcquire();
                task.slot = RuntimeTask.BLOCKING_SLOT;
            }
            blocking.enqueue(task);
        }
        return true;
    }

    /**
     * The runtime shut down: submitters waiting under {@code BLOCK} (never the runtime's own
     * threads, which run the task instead) are refused at once rather than at their timeout.
     */
    void shutDown() {
        if (cpuGate != null) {
            cpuGate.close();
            blockingGate.close();
        }
    }

    /** See {@link RuntimeTask#leftQueue()}. */
    void leftQueue(RuntimeTask<?> task) {
        if (task.slot == RuntimeTask.CPU_SLOT) {
            cpuGate.release();
        } else if (task.slot == RuntimeTask.BLOCKING_SLOT) {
            blockingGate.release();
        }
        if (task.claimWaiting()) {
            blocking.waitingLeft();
        }
    }

    /**
     * Refuses a task admitted before {@code shutdownNow()} that reached its queue only after the
     * drain and was taken back out unstarted (a scheduled task): counted rejected, its handle
     * completed, and the exception for its submitter.
     */
    RejectedExecutionException refuseStopped(RuntimeTask<?> task, Worker worker) {
        return reject(task, worker, "shutdown", "runtime is stopped");
    }

    // ---- a full lane ---------------------------------------------------------------------

    /** The lane is full: apply the policy. True if a slot was obtained and the task may be queued. */
    private boolean admitOverCapacity(RuntimeTask<?> task, Worker worker, CapacityGate gate) {
        String lane = task.lane().name().toLowerCase(Locale.ROOT);
        switch (rejectionPolicy) {
            case ABORT -> throw reject(task, worker, "ABORT",
                    "the " + lane + " lane holds " + gate.capacity() + " waiting tasks (queueCapacity)");
            case CALLER_RUNS -> {
                runAsCaller(task, worker);
                return false;
            }
            case BLOCK -> {
                if (runtime.isRuntimeThread(worker)) {
                    runAsCaller(task, worker); // waiting here could deadlock the lane it waits on
                    return false;
                }
                return awaitSpace(task, worker, gate, lane);
            }
            case DISCARD_OLDEST -> {
                return evictForSpace(task, worker, gate, lane);
            }
            default -> throw new AssertionError(rejectionPolicy);
        }
    }

    /** {@code BLOCK} from a thread that is not the runtime's: wait up to the block timeout for a slot. */
    private boolean awaitSpace(RuntimeTask<?> task, Worker worker, CapacityGate gate, String lane) {
        boolean acquired;
        try {
            acquired = gate.acquire(blockTimeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw reject(task, worker, "BLOCK", "interrupted while waiting for space in the " + lane + " lane");
        }
        if (!termination.isRunning() && !runtime.isRuntimeThread(worker)) {
            if (acquired) {
                gate.release();
            }
            throw reject(task, worker, "shutdown", "runtime shut down while waiting for space");
        }
        if (!acquired) {
            throw reject(task, worker, "BLOCK", "no space in the " + lane + " lane within "
                    + Duration.ofNanos(blockTimeoutNanos) + " (blockTimeout)");
        }
        return true;
    }

    /**
     * {@code DISCARD_OLDEST}: evict the lane's oldest waiting task (see {@link CpuLane#evictOldest()}
     * and {@link BlockingLane#evictOldest()}) until a slot is free; reject when nothing is left
     * to evict.
     */
    private boolean evictForSpace(RuntimeTask<?> task, Worker worker, CapacityGate gate, String lane) {
        for (; ; ) {
            RuntimeTask<?> victim = task.lane() == Lane.CPU ? cpu.evictOldest() : blocking.evictOldest();
            if (victim != null) {
                if (isStageAction(victim)) {
                    // The action of a CompletableFuture's async stage (one of the runtime's own
                    // stages, or any given the runtime as its executor): discarded, its stage would
                    // never complete, and nothing can complete it from here (the JDK's completion
                    // tasks do not expose their stage). It was accepted, so it runs: here, as
                    // CALLER_RUNS would run it; its start gives back its slot.
                    runAsCaller(victim, worker);
                } else if (victim.tryEndUnstarted()) { // gives back its slot
                    runtime.endUnstarted(victim, TaskOutcome.REJECTED,
                            new RejectedExecutionException("evicted by DISCARD_OLDEST to make room"));
                    runtime.emit(new RuntimeEvent.TaskRejected(Instant.now(), victim.displayName(), victim.lane(),
                            "DISCARD_OLDEST"));
                }
            }
            if (gate.tryAcquire()) {
                return true;
            }
            if (victim == null) {
                throw reject(task, worker, "DISCARD_OLDEST", "the " + lane + " lane is full and nothing can be evicted");
            }
        }
    }

    /**
     * Whether {@code task} runs a {@code CompletableFuture}'s asynchronous stage, given to
     * {@code execute} as it is or inside {@link TaskWrapper}s (as an executor that propagates
     * context, the Spring integration's, hands it over).
     */
    private static boolean isStageAction(RuntimeTask<?> task) {
        if (!(task instanceof ExecuteTask e)) {
            return false;
        }
        Object command = e.command();
        for (int depth = 0; command instanceof TaskWrapper wrapper && depth < MAX_WRAPPERS; depth++) {
            command = wrapper.wrappedTask();
        }
        return command instanceof CompletableFuture.AsynchronousCompletionTask;
    }

    /** Wrappers looked through by {@link #isStageAction}; a bound, so a wrapper that wraps itself ends the look. */
    private static final int MAX_WRAPPERS = 8;

    /**
     * Runs a task on the submitting thread ({@code CALLER_RUNS}, or {@code BLOCK} inside the
     * runtime), nested in the task that thread runs, if any; the thread counts as one of the
     * runtime's threads meanwhile: its spawns are accepted after {@code shutdown} like any task's,
     * and a {@code close()} inside it only shuts down instead of waiting for itself.
     */
    private void runAsCaller(RuntimeTask<?> task, Worker worker) {
        if (worker != null) {
            worker.runInline(task);
        } else {
            InlineRun.run(runtime, task);
        }
    }

    private RejectedExecutionException reject(RuntimeTask<?> task, Worker worker, String reason, String message) {
        RejectedExecutionException failure = new RejectedExecutionException(
                "Task '" + task.displayName() + "' rejected: " + message);
        if (task.tryEndUnstarted()) {
            runtime.count(task, worker, TaskOutcome.REJECTED, 0L, 0L);
            task.failUnstarted(failure);
            runtime.afterEnd(worker);
        }
        runtime.emit(new RuntimeEvent.TaskRejected(Instant.now(), task.displayName(), task.lane(), reason));
        return failure;
    }
}
