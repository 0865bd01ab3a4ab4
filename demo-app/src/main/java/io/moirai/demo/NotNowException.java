package io.moirai.demo;

/**
 * A request the demo's state does not allow now (a comparison is already running, too few
 * blocking permits for one): the message says why. Answered 409 ({@link ApiProblems}); other
 * {@code IllegalStateException}s, thrown by the work itself, are the server's fault (500).
 */
final class NotNowException extends IllegalStateException {

    NotNowException(String message) {
        super(message);
    }
}
