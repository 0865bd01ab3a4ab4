package io.moirai.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds CPU workers that sit inside one task while their thread is blocked (I/O, a lock, a sleep,
 * a wait the runtime cannot see) and compensates with a spare worker, so the CPU lane keeps its
 * throughput while a misplaced blocking call waits.
 */
final class BlockingDetector extends InternalTimer {

    /*
     * Design notes.
     *
     * It runs on the timer thread every quarter of the threshold and costs the workers nothing
     * but two opaque stores per task (the current task and a sequence number, see
     * Worker.runTask). A worker is a suspect when the same task sequence has been seen for at
     * least the threshold. A worker parked in one of the runtime's own waits (Worker.waiting) is
     * skipped: Waiting compensates it already.
     *
     * Blocked or busy? A thread that is BLOCKED, WAITING or TIMED_WAITING is blocked. A thread
     * in a socket or file read is RUNNABLE, as is a long pure computation; the two are told
     * apart by the thread's CPU time: when a worker's task is first seen, its thread's CPU time
     * is sampled, and at the threshold a RUNNABLE thread that used less than a quarter of the
     * elapsed wall time on a CPU is waiting on something outside the JVM (a computing thread
     * uses nearly all of it; one starved of a CPU by other processes still gets a share far
     * above that on any machine that is not overloaded several times over). Where per-thread CPU
     * time is not available, a RUNNABLE thread counts as blocked only when the top of its stack
     * is a native method of the JDK's I/O (java.io, java.net, sun.nio). The cost: one CPU-time
     * read per worker per new task seen per tick (a clock_gettime on Linux), and one stack walk
     * per report.
     *
     * The report carries the top of the stack, read once when the worker is found. The spare
     * comes from CpuLane.beginCompensatedWait and is given back when the blocked task ends.
     */

    private static final int STACK_FRAMES = 8;
    /** A RUNNABLE thread that used less CPU than this share of the elapsed time is taken to wait. */
    private static final int CPU_SHARE_DIVISOR = 4;
    private static final ThreadMXBean THREADS = threadBean();

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

    private static ThreadMXBean threadBean() {
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean.isThreadCpuTimeSupported()) {
                if (!bean.isThreadCpuTimeEnabled()) {
                    bean.setThreadCpuTimeEnabled(true);
                }
                return bean;
            }
        } catch (Throwable unavailable) {
            // no java.management in this image, or not permitted: fall back to the stack check
        }
        return null;
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
            worker.detectCpuNanos = task == null ? -1L : cpuTime(worker);
            endCompensation(worker);
            return;
        }
        if (worker.blockedReported || worker.waiting || now - worker.detectSinceNanos < thresholdNanos) {
            return;
        }
        Thread.State state = worker.thread.getState();
        if (!isBlocked(worker, state, now)) {
            return;
        }
        worker.blockedReported = true;
        boolean compensate = !runtime.isShutdown();
        if (compensate) {
            runtime.cpuLane().beginCompensatedWait();
            compensated.add(worker);
        }
        List<StackTraceElement> stack = Arrays.asList(worker.thread.getStackTrace());
        runtime.blockingDetected(new RuntimeEvent.BlockingDetected(Instant.now(), worker.name(), task.displayName(),
                Duration.ofNanos(now - worker.detectSinceNanos), state,
                stack.subList(0, Math.min(STACK_FRAMES, stack.size())), compensate));
    }

    private static boolean isBlocked(Worker worker, Thread.State state, long now) {
        if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
            return true;
        }
        if (state != Thread.State.RUNNABLE) {
            return false;
        }
        long before = worker.detectCpuNanos;
        long cpu = cpuTime(worker);
        if (before >= 0L && cpu >= 0L) {
            return (cpu - before) * CPU_SHARE_DIVISOR < now - worker.detectSinceNanos;
        }
        StackTraceElement[] stack = worker.thread.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod() && isIoClass(stack[0].getClassName());
    }

    private static boolean isIoClass(String className) {
        return className.startsWith("java.io.") || className.startsWith("java.net.")
                || className.startsWith("sun.nio.") || className.startsWith("java.nio.");
    }

    private static long cpuTime(Worker worker) {
        return THREADS == null ? -1L : THREADS.getThreadCpuTime(worker.thread.threadId());
    }

    private void endCompensation(Worker worker) {
        worker.blockedReported = false;
        if (compensated.remove(worker)) {
            runtime.cpuLane().endCompensatedWait();
        }
    }
}
