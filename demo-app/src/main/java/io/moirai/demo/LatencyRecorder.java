package io.moirai.demo;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Latencies recorded by many threads and read while they record. Writers go through
 * HdrHistogram's {@link Recorder}, which never blocks them; the reader moves what was recorded
 * since its last read into one accumulated histogram, under this object's lock.
 */
final class LatencyRecorder {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private @Nullable Histogram interval;

    /**
     * Records one latency; safe from any thread.
     *
     * @param nanos the latency
     */
    void record(long nanos) {
        this.recorder.recordValue(Math.max(1, nanos / 1_000));
    }

    /**
     * The percentiles of everything recorded so far.
     *
     * @return the percentiles, in milliseconds
     */
    synchronized Latency latency() {
        // hands back the previous interval histogram for reuse, so reading allocates nothing new
        this.interval = this.recorder.getIntervalHistogram(this.interval);
        this.total.add(this.interval);
        if (this.total.getTotalCount() == 0) {
            return Latency.NONE;
        }
        return new Latency(this.total.getTotalCount(), millis(this.total.getValueAtPercentile(50)),
                millis(this.total.getValueAtPercentile(90)), millis(this.total.getValueAtPercentile(99)),
                millis(this.total.getMaxValue()));
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
