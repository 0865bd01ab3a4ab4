package io.moirai.demo;

/**
 * A request parameter out of its range, empty, not a number or not one of the allowed names: the
 * message names the parameter and what it allows. Answered 400 ({@link ApiProblems}); other
 * {@code IllegalArgumentException}s, thrown by the work itself, are the server's fault (500).
 */
final class BadParameterException extends IllegalArgumentException {

    BadParameterException(String message) {
        super(message);
    }
}
