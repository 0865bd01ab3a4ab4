package io.moirai.autoconfigure.actuate;

import java.util.function.Supplier;

/**
 * Who is changing the runtime right now, on this thread. The runtime reports a change
 * ({@code Reconfigured}, {@code PauseChanged}) synchronously on the thread that made it, so the
 * endpoint names the caller here around its call and the audit bridge reads the name while
 * handling the event.
 */
final class ActingPrincipal {

    /** The principal of audit events that no caller caused: start-up, shutdown, overload. */
    static final String SYSTEM = "moirai";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ActingPrincipal() {
    }

    static <T> T actAs(String principal, Supplier<T> action) {
        String previous = CURRENT.get();
        CURRENT.set(principal);
        try {
            return action.get();
        } finally {
            if (previous != null) {
                CURRENT.set(previous);
            } else {
                CURRENT.remove();
            }
        }
    }

    static String current() {
        String principal = CURRENT.get();
        return principal != null ? principal : SYSTEM;
    }
}
