package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts and presets shared by the conformance tests. Every wait is bounded by {@link #LONG},
 * which only a broken runtime ever reaches; nothing here waits for time to pass.
 */
final class Waits {

    /** The bound on any wait for a condition that must come true. */
    static final Duration LONG = Duration.ofSeconds(20);

    /** A short wait for something that must not happen (only a broken runtime would need more). */
    static final Duration SHORT = Duration.ofMillis(150);

    private Waits() {
    }

    /**
     * A builder whose blocking detection is off, so a task parked on a {@link Gate} keeps its
     * worker to itself instead of being compensated with an extra worker that would run the
     * queued tasks the test is looking at.
     */
    static MoiraiRuntime.Builder quietRuntime() {
        return MoiraiRuntime.builder().blockingDetectionThreshold(Duration.ZERO);
    }

    /** Waits for the latch, failing the test if it does not reach zero within {@link #LONG}. */
    static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).as("latch reached zero").isTrue();
    }

    /** Waits for termination, failing the test if it does not come within {@link #LONG}. */
    static void awaitTermination(MoiraiRuntime runtime) throws InterruptedException {
        assertThat(runtime.awaitTermination(LONG.toMillis(), TimeUnit.MILLISECONDS)).as("terminated").isTrue();
    }
}
