package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A barrier that tasks pass only once the test opens it: it holds a worker (or a blocking-lane
 * permit) busy for exactly as long as a test needs. Closing it opens it, so a test that declares
 * it after its runtime in one try-with-resources never leaves the runtime waiting on it, even
 * when an assertion fails; tasks wait at most {@link Waits#LONG} in any case.
 */
final class Gate implements AutoCloseable {

    private final CountDownLatch entered;
    private final CountDownLatch open = new CountDownLatch(1);

    /** A gate that one task enters. */
    Gate() {
        this(1);
    }

    /**
     * A gate that {@code parties} tasks enter.
     *
     * @param parties how many entries {@link #awaitEntered()} waits for
     */
    Gate(int parties) {
        this.entered = new CountDownLatch(parties);
    }

    /** The body of a gated task: records its arrival, then waits for {@link #open()}. */
    void pass() throws InterruptedException {
        entered.countDown();
        if (!open.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
    }

    /** A runnable that passes the gate; an interrupt ends the wait and is kept on the thread. */
    Runnable runnable() {
        return () -> {
            try {
                pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** A callable that passes the gate and returns {@code result}. */
    <T> Callable<T> callable(T result) {
        return () -> {
            pass();
            return result;
        };
    }

    /** Waits until every party has entered. */
    void awaitEntered() throws InterruptedException {
        assertThat(entered.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                .as("gated tasks entered").isTrue();
    }

    /** Lets every waiting and future task through. */
    void open() {
        open.countDown();
    }

    /** Opens the gate. */
    @Override
    public void close() {
        open();
    }
}
