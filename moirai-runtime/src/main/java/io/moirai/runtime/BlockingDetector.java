package io.moirai.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds CPU workers that sit inside one task while their thread is blocked (I/O, a lock, a sleep)
 * and compensates with a temporary extra worker, so the CPU lane keeps its throughput while a
 * misplaced blocking call waits.
 *
 * <p>It runs on the timer thread every quarter of the threshold and costs the workers nothing
 * but two opaque stores per task (the current task and a sequence number, see
 * {@link Worker#runTask}). A worker is reported when the same task sequence is seen for at least
 * the threshold and its thread is {@code BLOCKED}, {@code WAITING} or {@code TIMED_WAITING}. A
 * worker waiting in a helping join is not blocked in this sense and is skipped. The report
 * carries the top of the stack, read once when the worker is found; a compensation worker starts
 * (at most {@code parallelism} of them at once) and is retired when the blocked worker's task
 * ends.
 */
final class BlockingDetector extends InternalTimer {

    private static final int STACK_FRAMES = 8;

    private final MoiraiRuntime runtime;
    private final long thresholdNanos;
    private final long periodNanos;
    /** Workers currently stood in for; timer thread only. */
    private final List<Worker> compensated = new ArrayList<>();

    BlockingDetector(MoiraiRuntime runtime, Duration threshold, long sequence) {
        super(System.nanoTime(), sequence);
        this.runtime = runtime;
        this.thresholdNanos = threshold.toNanos();
        this.periodNanos = Math.max(thresholdNanos / 4, 1_000_000L);
        this.triggerNanos = System.nanoTime() + periodNanos;
    }

    @Override
    public void fire() {
        long now = System.nanoTime();
        // a compensated worker that left the pool (retired by a resize) no longer shows up below
        for (int i = compensated.size() - 1; i >= 0; i--) {
            Worker worker = compensated.get(i);
            if (!worker.thread.isAlive() || worker.taskSequence() != worker.detectSequence) {
                endCompensation(worker);
            }
        }
        for (Worker worker : runtime.cpuLane().workers()) {
            inspect(worker, now);
        }
        triggerNanos = now + periodNanos;
        runtime.timers().add(this);
    }

    private void inspect(Worker worker, long now) {
        long sequence = worker.taskSequence();
        RuntimeTask<?> task = worker.currentTask();
        if (task == null || sequence != worker.detectSequence) {
            worker.detectSequence = sequence;
            worker.detectSinceNanos = now;
            endCompensation(worker);
            return;
        }
        if (worker.blockedReported || worker.joinWaiting || now - worker.detectSinceNanos < thresholdNanos) {
            return;
        }
        Thread.State state = worker.thread.getState();
        if (state != Thread.State.BLOCKED && state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return;
        }
        worker.blockedReported = true;
        boolean compensate = !runtime.isShutdown() && compensated.size() < runtime.cpuLane().parallelism();
        if (compensate) {
            worker.compensator = runtime.cpuLane().startCompensator();
            compensated.add(worker);
        }
        List<StackTraceElement> stack = Arrays.asList(worker.thread.getStackTrace());
        runtime.blockingDetected(new RuntimeEvent.BlockingDetected(Instant.now(), worker.name(), task.displayName(),
                Duration.ofNanos(now - worker.detectSinceNanos), state,
                stack.subList(0, Math.min(STACK_FRAMES, stack.size())), compensate));
    }

    private void endCompensation(Worker worker) {
        worker.blockedReported = false;
        if (worker.compensator != null) {
            runtime.cpuLane().retire(worker.compensator);
            worker.compensator = null;
            compensated.remove(worker);
        }
    }
}
