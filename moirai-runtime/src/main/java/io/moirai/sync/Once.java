package io.moirai.sync;

import java.util.Objects;

/**
 * Runs an action exactly once successfully, however many threads call {@link #run(Runnable)}.
 *
 * <pre>{@code
 * private static final Once SCHEMA = new Once();
 *
 * void handle(Request r) {
 *     SCHEMA.run(() -> database.migrate());   // the first caller migrates; the others wait
 *     ...
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The first caller runs the action. Callers that arrive while it runs wait (they park,
 *       uninterruptibly, like threads waiting for a class initialiser; an interrupt is
 *       re-asserted on return) and return when it has succeeded. Callers that arrive after a
 *       success return at once and do not run their action.</li>
 *   <li>If the action throws, the exception propagates to the caller that ran it, nothing is
 *       recorded, and the {@code Once} is as new: the waiting callers wake and one of them runs
 *       its own action; a later caller may run it too. So "exactly once" means exactly one
 *       successful run.</li>
 *   <li>An action that calls {@code run} on its own {@code Once} gets
 *       {@link IllegalStateException} instead of deadlocking.</li>
 *   <li>Everything the successful action did happens-before every return from {@code run} and
 *       every {@link #isDone()} that returns true.</li>
 * </ul>
 * Each caller passes its own action; callers are expected to pass equivalent ones.
 */
public final class Once {

    private final OnceSync sync = new OnceSync();

    /** Creates a {@code Once} whose action has not run. */
    public Once() {
    }

    /**
     * Runs {@code action} if no action has succeeded yet and no other caller is running one;
     * waits for a running one.
     *
     * @param action the action
     * @throws NullPointerException  if {@code action} is null
     * @throws IllegalStateException if called from within the running action of this {@code Once}
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (sync.isDone()) {
            return;
        }
        while (sync.awaitTurn()) {
            boolean succeeded = false;
            try {
                action.run();
                succeeded = true;
                return;
            } finally {
                sync.finish(succeeded);
            }
        }
    }

    /**
     * Whether an action has succeeded.
     *
     * @return true once an action has completed normally
     */
    public boolean isDone() {
        return sync.isDone();
    }

    /** The identity string followed by {@code [done]} or {@code [not done]}. */
    @Override
    public String toString() {
        return super.toString() + (sync.isDone() ? "[done]" : "[not done]");
    }
}
