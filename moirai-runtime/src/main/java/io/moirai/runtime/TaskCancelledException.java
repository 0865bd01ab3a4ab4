package io.moirai.runtime;

import java.io.Serial;
import java.util.concurrent.CancellationException;

/**
 * The failure stored in the handle of a task cancelled through {@link TaskHandle#cancel}. Its
 * stack trace would show only the canceller's call, which the JDK's {@code get()} and
 * {@code join()} already report by throwing a fresh {@code CancellationException} with this one
 * as its cause; so it skips filling one in, which makes cancelling a timer or a queued task an
 * order of magnitude cheaper.
 */
final class TaskCancelledException extends CancellationException {
    @Serial
    private static final long serialVersionUID = 1L;

    TaskCancelledException() {
        super("cancelled");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
