package io.moirai.demo;

/**
 * Latency percentiles in milliseconds.
 *
 * @param count how many latencies were recorded
 * @param p50   the median
 * @param p90   the 90th percentile
 * @param p99   the 99th percentile
 * @param max   the longest
 */
public record Latency(long count, double p50, double p90, double p99, double max) {

    /** Nothing recorded yet. */
    static final Latency NONE = new Latency(0, 0, 0, 0, 0);
}
