package io.moirai.demo;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.concurrent.TimeUnit;

/**
 * Reads one Moirai lane's meters as a monitoring system would scrape them: Micrometer's executor
 * names ({@code executor.completed}, {@code executor.active}, {@code executor.queued}, the
 * {@code executor} and {@code executor.idle} timers) and Moirai's own ({@code moirai.tasks.rejected}),
 * tagged {@code name=moirai-cpu} or {@code name=moirai-blocking}. A meter that is absent (metrics
 * turned off) reads as zero.
 *
 * <p>The timers' percentiles exist because the demo's {@code application.yml} asks Micrometer for
 * them ({@code management.metrics.distribution.percentiles.executor}); they cover a sliding window
 * of {@code management.metrics.distribution.expiry}.
 */
final class LaneMeters {

    private final MeterRegistry registry;
    private final String lane;

    LaneMeters(MeterRegistry registry, String lane) {
        this.registry = registry;
        this.lane = lane;
    }

    double completed() {
        FunctionCounter counter = this.registry.find("executor.completed").tag("name", this.lane).functionCounter();
        return counter != null ? counter.count() : 0;
    }

    double rejected() {
        FunctionCounter counter = this.registry.find("moirai.tasks.rejected").tag("name", this.lane)
                .functionCounter();
        return counter != null ? counter.count() : 0;
    }

    double gauge(String name) {
        Gauge gauge = this.registry.find(name).tag("name", this.lane).gauge();
        return gauge != null ? gauge.value() : 0;
    }

    /** How long tasks ran: the {@code executor} timer. */
    Latency runTime() {
        return latency(this.registry.find("executor").tag("name", this.lane).timer());
    }

    /** How long tasks waited to start: the {@code executor.idle} timer. */
    Latency queueWait() {
        return latency(this.registry.find("executor.idle").tag("name", this.lane).timer());
    }

    private static Latency latency(Timer timer) {
        if (timer == null) {
            return Latency.NONE;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        double p50 = 0;
        double p90 = 0;
        double p99 = 0;
        for (ValueAtPercentile value : snapshot.percentileValues()) {
            double millis = round(value.value(TimeUnit.MILLISECONDS));
            if (value.percentile() == 0.5) {
                p50 = millis;
            } else if (value.percentile() == 0.9) {
                p90 = millis;
            } else if (value.percentile() == 0.99) {
                p99 = millis;
            }
        }
        return new Latency(snapshot.count(), p50, p90, p99, round(snapshot.max(TimeUnit.MILLISECONDS)));
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
