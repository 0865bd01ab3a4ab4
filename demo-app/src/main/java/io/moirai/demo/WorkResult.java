package io.moirai.demo;

/**
 * What one unit of demo work did and where it ran.
 *
 * @param work    what was done, for example {@code primes below 200000}
 * @param result  its result (a count of primes, the milliseconds slept)
 * @param thread  the thread it ran on
 * @param virtual whether that thread is virtual (the blocking lane) or a platform worker
 * @param millis  how long it took
 */
public record WorkResult(String work, long result, String thread, boolean virtual, long millis) {
}
