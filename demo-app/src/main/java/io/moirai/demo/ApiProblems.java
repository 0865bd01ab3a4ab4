package io.moirai.demo;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/**
 * The demo API's errors, as RFC 9457 problem details ({@code application/problem+json}):
 * {@code status}, {@code title} (the status's reason phrase), {@code detail} (what went wrong
 * and, where there is something to do, what) and {@code instance} (the request's path).
 *
 * <p>Spring MVC's own errors (an unknown path, a method a path does not take, a body that is not
 * JSON) come in the same form from the handler that {@code spring.mvc.problemdetails.enabled}
 * switches on, and so do the security chain's 401 and 403 ({@link SecurityConfiguration}). This
 * advice comes first, so that the request timeout's 503 is its own, with a detail, rather than
 * that handler's.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

    private final MoiraiRuntime runtime;
    private final @Nullable Duration requestTimeout;

    ApiProblems(MoiraiRuntime runtime, WebMvcProperties mvc) {
        this.runtime = runtime;
        this.requestTimeout = mvc.getAsync().getRequestTimeout();
    }

    /**
     * A parameter out of its range, empty or not a number: the message names it and its range.
     * Only the demo's own checks throw this type, so an {@code IllegalArgumentException} from the
     * work itself is not taken for the client's mistake.
     */
    @ExceptionHandler(BadParameterException.class)
    ResponseEntity<ProblemDetail> badRequest(BadParameterException ex) {
        return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    /** A request the demo's state does not allow now (a comparison is running, too few permits). */
    @ExceptionHandler(NotNowException.class)
    ResponseEntity<ProblemDetail> conflict(NotNowException ex) {
        return problem(HttpStatus.CONFLICT, ex.getMessage());
    }

    /**
     * Work refused by the executor ({@code TaskRejectedException} from an {@code @Async} call or
     * MVC's hand-off of a {@code Callable}): the application is shutting down, or a bounded
     * queue is full, so the request may succeed later or elsewhere.
     */
    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<ProblemDetail> unavailable(RejectedExecutionException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "work refused: " + ex.getMessage()));
    }

    /** Moirai is paused: see {@link MoiraiPausedException}. */
    @ExceptionHandler(MoiraiPausedException.class)
    ResponseEntity<ProblemDetail> paused(MoiraiPausedException ex) {
        return paused(ex.getMessage());
    }

    /**
     * The work did not finish within {@code spring.mvc.async.request-timeout}: the backstop for a
     * request whose work waits on a paused runtime (it passed the paused check just before the
     * pause) or simply takes too long. Neither cancels the work.
     */
    @ExceptionHandler(AsyncRequestTimeoutException.class)
    ResponseEntity<ProblemDetail> timedOut(AsyncRequestTimeoutException ex) {
        String timedOut = "the work did not finish within " + (this.requestTimeout != null
                ? "the request timeout of " + describe(this.requestTimeout) + " (spring.mvc.async.request-timeout)"
                : "the server's request timeout");
        if (this.runtime.isPaused()) {
            return paused(timedOut + ": Moirai is paused, so work that has not started waits until it is resumed ("
                    + MoiraiPausedException.RESUME + ", role ADMIN); it runs then, but this request no longer waits"
                    + " for it");
        }
        return problem(HttpStatus.SERVICE_UNAVAILABLE, timedOut + "; it goes on, but this request no longer waits for it");
    }

    private static ResponseEntity<ProblemDetail> paused(@Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setProperty("state", "PAUSED");
        problem.setProperty("resume", MoiraiPausedException.RESUME);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(MoiraiPausedException.RETRY_AFTER_SECONDS))
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    private static String describe(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
