package io.moirai.demo;

import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples the runtime's completed-task count once a second, on Moirai's own
 * {@code taskScheduler}, and keeps the last minute of rates for the page at {@code /}.
 */
@Component
public class RateSampler {

    private static final int SAMPLES = 60;

    private final MoiraiRuntime runtime;
    private final Deque<Long> perSecond = new ArrayDeque<>(SAMPLES);
    private long lastCompleted = -1;

    RateSampler(MoiraiRuntime runtime) {
        this.runtime = runtime;
    }

    /** Takes one sample. */
    @Scheduled(fixedRate = 1000)
    public synchronized void sample() {
        long completed = this.runtime.snapshot().completed();
        if (this.lastCompleted >= 0) {
            if (this.perSecond.size() == SAMPLES) {
                this.perSecond.removeFirst();
            }
            this.perSecond.addLast(completed - this.lastCompleted);
        }
        this.lastCompleted = completed;
    }

    /**
     * The samples so far, oldest first.
     *
     * @return the rates
     */
    public synchronized Rates rates() {
        return new Rates(List.copyOf(this.perSecond));
    }

    /**
     * Completed tasks per second, one entry per second, oldest first.
     *
     * @param completedPerSecond the rates
     */
    public record Rates(List<Long> completedPerSecond) {
    }
}
