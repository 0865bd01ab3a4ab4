package io.moirai.runtime;

/**
 * Runs, on a virtual thread of the runtime's, work that reaches user code but is discovered on a
 * thread that must never run user code: the timer thread, which ends tasks at their deadlines
 * (completing a handle runs its dependents) and reports blocked workers (listeners).
 *
 * <p>Each piece of work gets a thread of its own: one slow callback then delays nothing else,
 * neither another task's deadline nor another callback, and the timer thread only pays for
 * starting a virtual thread. Deadline misses and blocking reports are rare events, so the
 * threads are few. Each binds {@link MoiraiRuntime#CURRENT}, so a callback that calls
 * {@code close()} only shuts the runtime down (it cannot wait for its own thread), and counts as
 * one of the runtime's live threads, so termination waits for it.
 */
final class CompletionRelay {

    private final MoiraiRuntime runtime;
    private final Thread.Builder threads;

    CompletionRelay(MoiraiRuntime runtime, String threadNamePrefix) {
        this.runtime = runtime;
        Thread.Builder.OfVirtual builder = Thread.ofVirtual().name(threadNamePrefix, 0L)
                .inheritInheritableThreadLocals(false);
        if (runtime.configuredHandler() != null) {
            builder.uncaughtExceptionHandler(runtime.configuredHandler());
        }
        this.threads = builder;
    }

    void relay(Runnable work) {
        Thread thread;
        try {
            thread = threads.unstarted(() -> run(work, true));
        } catch (Throwable failure) {
            run(work, false); // no thread to be had: better late on this thread than never
            return;
        }
        runtime.termination().threadStarted();
        try {
            thread.start();
        } catch (Throwable failure) {
            runtime.termination().threadExited();
            run(work, false);
        }
    }

    private void run(Runnable work, boolean ownThread) {
        try {
            if (ownThread) {
                ScopedValue.where(MoiraiRuntime.CURRENT, runtime).run(work);
            } else {
                work.run();
            }
        } catch (Throwable failure) {
            runtime.reportUncaught(failure);
        } finally {
            if (ownThread) {
                runtime.termination().threadExited();
            }
        }
    }
}
