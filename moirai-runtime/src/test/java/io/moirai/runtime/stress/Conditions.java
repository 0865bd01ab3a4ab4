package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for conditions without sleeping. Every wait has a bound, but the bound only turns a hang
 * into a failure with a diagnosis (a snapshot, a thread dump): a healthy run never reaches it, so
 * the tests do not depend on timing. The bounds grow in the long profile, which runs under a CPU
 * hog.
 */
final class Conditions {

    private Conditions() {
    }

    /** The bound on any single wait: far beyond what a healthy run needs, even on a loaded machine. */
    static Duration hangBound() {
        return StressSizes.isLong() ? Duration.ofMinutes(3) : Duration.ofMinutes(1);
    }

    /**
     * Polls {@code condition}, spinning then yielding the CPU between polls, until it holds.
     *
     * @param what        what is awaited, for the failure message
     * @param condition   the condition
     * @param diagnostics what to print if the bound is reached
     */
    static void await(String what, BooleanSupplier condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + hangBound().toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0L) {
                fail("Gave up waiting for " + what + " after " + hangBound() + "\n" + diagnostics.get()
                        + "\n" + threadDump());
            }
            if (polls < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    static void await(String what, CountDownLatch latch, Supplier<String> diagnostics) throws InterruptedException {
        if (!latch.await(hangBound().toMillis(), TimeUnit.MILLISECONDS)) {
            fail("Gave up waiting for " + what + " (" + latch.getCount() + " outstanding) after " + hangBound()
                    + "\n" + diagnostics.get() + "\n" + threadDump());
        }
    }

    static void join(Thread thread, Supplier<String> diagnostics) throws InterruptedException {
        if (!thread.join(hangBound())) {
            fail("Thread " + thread.getName() + " did not finish within " + hangBound() + "\n" + diagnostics.get()
                    + "\n" + threadDump());
        }
    }

    /** Every platform thread's stack, for a failure message. */
    static String threadDump() {
        StringBuilder dump = new StringBuilder("Thread dump:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState()).append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, 24); i++) {
                dump.append("    at ").append(stack[i]).append('\n');
            }
        }
        return dump.toString();
    }
}
