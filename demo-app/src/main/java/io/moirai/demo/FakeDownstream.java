package io.moirai.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a database or a remote service: each call takes a fixed time, and the service
 * counts how many calls it serves at once, which is what a real one's connection pool or rate
 * limit would feel. It never slows down under load, so it flatters executors that send it
 * everything at once; the load comparison says so.
 */
final class FakeDownstream {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /**
     * One call.
     *
     * @param latency how long the call takes
     */
    void call(Duration latency) {
        this.peak.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
        try {
            WorkService.sleep(latency);
        } finally {
            this.inFlight.decrementAndGet();
        }
    }

    /**
     * The most calls served at once so far.
     *
     * @return the peak concurrency
     */
    int peakConcurrency() {
        return this.peak.get();
    }
}
