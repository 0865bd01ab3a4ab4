package io.moirai.demo;

/**
 * Refuses a request whose work would only wait: Moirai is paused, so no new task starts on it
 * until an administrator resumes it. The API answers 503 with {@code Retry-After} at once rather
 * than hold the request until the runtime resumes or the request times out.
 *
 * <p>The check before submitting is a fast path, not a guarantee: a pause that comes just after
 * it leaves the request's work waiting in the runtime's queue, where it starts when the runtime
 * resumes, or the request answers 503 when its timeout ({@code spring.mvc.async.request-timeout})
 * passes first.
 */
final class MoiraiPausedException extends RuntimeException {

    /** How an administrator resumes the runtime. */
    static final String RESUME = "POST /actuator/moirai/resume";

    /** What {@code Retry-After} suggests: a pause lasts until someone resumes the runtime. */
    static final long RETRY_AFTER_SECONDS = 10;

    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param work what would have waited, for the message
     */
    MoiraiPausedException(String work) {
        super("Moirai is paused: no new task starts on it until it is resumed, so " + work
                + " would only wait; an administrator resumes it with " + RESUME
                + " (role ADMIN) or the dashboard's Resume button");
    }
}
