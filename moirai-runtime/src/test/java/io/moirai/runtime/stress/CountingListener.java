package io.moirai.runtime.stress;

import io.moirai.runtime.Lane;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOutcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A third bookkeeper beside the test and the snapshot: counts every outcome the listener SPI
 * reports, every rejection event, and keeps the final {@link RuntimeEvent.Stopped} event.
 */
final class CountingListener implements RuntimeListener {

    private final Map<TaskOutcome, LongAdder> finished = new EnumMap<>(TaskOutcome.class);
    private final LongAdder queued = new LongAdder();
    private final LongAdder rejectedEvents = new LongAdder();
    private final AtomicReference<RuntimeEvent.Stopped> stopped = new AtomicReference<>();
    private final LongAdder stoppedEvents = new LongAdder();

    CountingListener() {
        for (TaskOutcome outcome : TaskOutcome.values()) {
            finished.put(outcome, new LongAdder());
        }
    }

    @Override
    public void taskQueued(String name, Lane lane) {
        queued.increment();
    }

    @Override
    public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        finished.get(outcome).increment();
    }

    @Override
    public void runtimeEvent(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.TaskRejected ignored -> rejectedEvents.increment();
            case RuntimeEvent.Stopped s -> {
                stopped.set(s);
                stoppedEvents.increment();
            }
            default -> {
            }
        }
    }

    long finished(TaskOutcome outcome) {
        return finished.get(outcome).sum();
    }

    long rejectedEvents() {
        return rejectedEvents.sum();
    }

    RuntimeEvent.Stopped stopped() {
        return stopped.get();
    }

    long stoppedEvents() {
        return stoppedEvents.sum();
    }

    @Override
    public String toString() {
        return "listener" + finished + ", rejectedEvents=" + rejectedEvents + ", stopped=" + stopped.get();
    }
}
