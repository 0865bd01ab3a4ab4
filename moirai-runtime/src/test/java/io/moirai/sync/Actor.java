package io.moirai.sync;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread a test starts to act on a primitive, whose failure the test sees: {@link #join()}
 * rethrows what the body threw, and {@link #awaitParked()} waits (without sleeping) until the
 * thread is parked.
 */
final class Actor {

    /** A body that may throw anything. */
    interface Body {
        void run() throws Throwable;
    }

    static final Duration LONG = Duration.ofSeconds(30);

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Actor(Thread.Builder builder, Body body) {
        thread = builder.unstarted(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
    }

    static Actor start(Body body) {
        return new Actor(Thread.ofPlatform().daemon(true), body);
    }

    static Actor startVirtual(Body body) {
        return new Actor(Thread.ofVirtual(), body);
    }

    Thread thread() {
        return thread;
    }

    /** Waits until the thread parks (state WAITING or TIMED_WAITING). */
    Actor awaitParked() {
        await().atMost(LONG).until(() -> {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
        return this;
    }

    void interrupt() {
        thread.interrupt();
    }

    /** Waits for the body to end and rethrows its failure, if any. */
    void join() throws Throwable {
        if (!thread.join(LONG)) {
            throw new AssertionError("the actor did not finish within " + LONG);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw t;
        }
    }
}
