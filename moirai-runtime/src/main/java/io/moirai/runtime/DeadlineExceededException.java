package io.moirai.runtime;

import java.io.Serial;
import java.util.concurrent.CancellationException;

/**
 * The failure of a task whose {@linkplain TaskOptions#deadline() deadline} passed before it
 * started. The task never runs: a task that cannot start in time is cancelled, never run late.
 * Being a {@link CancellationException}, it makes {@link TaskHandle#isCancelled()} true.
 */
public final class DeadlineExceededException extends CancellationException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what missed its deadline, and by how much
     */
    public DeadlineExceededException(String message) {
        super(message);
    }
}
