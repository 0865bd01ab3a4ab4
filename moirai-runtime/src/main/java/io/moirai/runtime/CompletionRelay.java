package io.moirai.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs, on a virtual thread of the runtime's, work that reaches user code but is discovered on a
 * thread that must never run user code: the timer thread, which ends tasks at their deadlines
 * (completing a handle runs its dependents) and reports blocked workers (listeners). A slow
 * callback then delays other callbacks, never another task's deadline or the detector.
 *
 * <p>At most one relay thread runs at a time; it drains the queue and ends. The handoff cannot
 * strand an item: the drainer clears its flag and then looks at the queue once more, while a
 * producer queues its item and then tries to set the flag, so one of the two sees the other.
 * The thread sets {@link MoiraiRuntime#CURRENT}, so a callback that calls {@code close()} only
 * shuts the runtime down (it cannot wait for its own thread), and it counts as one of the
 * runtime's live threads, so termination waits for it.
 */
final class CompletionRelay {

    private final MoiraiRuntime runtime;
    private final Thread.Builder threads;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    CompletionRelay(MoiraiRuntime runtime, String threadName) {
        this.runtime = runtime;
        Thread.Builder.OfVirtual builder = Thread.ofVirtual().name(threadName).inheritInheritableThreadLocals(false);
        if (runtime.configuredHandler() != null) {
            builder.uncaughtExceptionHandler(runtime.configuredHandler());
        }
        this.threads = builder;
    }

    void relay(Runnable work) {
        pending.add(work);
        if (draining.compareAndSet(false, true)) {
            start();
        }
    }

    private void start() {
        Thread thread;
        try {
            thread = threads.unstarted(this::drain);
        } catch (Throwable failure) {
            draining.set(false);
            runAll(); // no thread to be had: better late on this thread than never
            return;
        }
        runtime.threadStarted();
        thread.start();
    }

    private void drain() {
        MoiraiRuntime.CURRENT.set(runtime);
        try {
            do {
                runAll();
                draining.set(false);
            } while (!pending.isEmpty() && draining.compareAndSet(false, true));
        } finally {
            MoiraiRuntime.CURRENT.remove();
            runtime.threadExited();
        }
    }

    private void runAll() {
        for (Runnable work; (work = pending.poll()) != null; ) {
            try {
                work.run();
            } catch (Throwable failure) {
                runtime.reportUncaught(failure);
            }
        }
    }
}
