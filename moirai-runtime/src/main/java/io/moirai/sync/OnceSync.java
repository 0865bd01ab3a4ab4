package io.moirai.sync;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The state machine behind {@link Once} and {@link Lazy}: {@code NEW} (not yet run, or the last
 * run failed), {@code RUNNING} (one thread runs the action) and {@code DONE}.
 */
final class OnceSync extends AbstractQueuedSynchronizer {
    /*
     * Design note
     *
     * Protocol
     * A caller moves NEW -> RUNNING by cas and so becomes the runner; others wait in shared mode
     * until the state leaves RUNNING. The runner ends with a release to DONE on success or back
     * to NEW on failure; the release wakes every waiter, and a waiter that finds NEW competes for
     * the next run.
     *
     * Memory ordering
     * The release is a volatile store of the state, so what the action wrote happens-before the
     * return of every caller that reads DONE. The runner's identity (runner) is plain: only the
     * runner writes it, and it is only compared with the reading thread, which never sees a stale
     * value equal to itself (its own later clearing is visible to it by program order).
     */

    private static final long serialVersionUID = 1L;

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private transient Thread runner;

    boolean isDone() {
        return getState() == DONE;
    }

    /**
     * Waits until the action has succeeded, or until this caller becomes the runner.
     *
     * @return true if the caller must run the action and then call {@link #finish}, false if it
     *         is done
     * @throws IllegalStateException if the caller is the runner (the action called back into it)
     */
    boolean awaitTurn() {
        for (;;) {
            int s = getState();
            if (s == DONE) {
                return false;
            }
            if (s == NEW && compareAndSetState(NEW, RUNNING)) {
                runner = Thread.currentThread();
                return true;
            }
            if (s == RUNNING) {
                if (runner == Thread.currentThread()) {
                    throw new IllegalStateException("the action called back into its own Once or Lazy");
                }
                // Uninterruptible: as class initialisation; the flag is re-asserted on return.
                acquireShared(0);
            }
        }
    }

    /**
     * Ends the runner's turn and wakes the waiters.
     *
     * @param succeeded true to mark the action done, false to let a waiter retry
     */
    void finish(boolean succeeded) {
        runner = null;
        releaseShared(succeeded ? DONE : NEW);
    }

    @Override
    protected int tryAcquireShared(int unused) {
        return getState() != RUNNING ? 1 : -1;
    }

    @Override
    protected boolean tryReleaseShared(int newState) {
        // Volatile store: publishes the action's effects (see the design note).
        setState(newState);
        return true;
    }
}
