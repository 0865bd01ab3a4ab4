package io.moirai.runtime.conformance;

import io.moirai.runtime.Lane;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOutcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every callback, for tests to assert on. */
final class RecordingListener implements RuntimeListener {

    /** One task callback; {@code outcome} is null for queued and started. */
    record TaskCall(String kind, String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
    }

    final List<TaskCall> tasks = new CopyOnWriteArrayList<>();
    final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void taskQueued(String name, Lane lane) {
        tasks.add(new TaskCall("queued", name, lane, null, 0L, 0L));
    }

    @Override
    public void taskStarted(String name, Lane lane, long queueWaitNanos) {
        tasks.add(new TaskCall("started", name, lane, null, queueWaitNanos, 0L));
    }

    @Override
    public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        tasks.add(new TaskCall("finished", name, lane, outcome, queueWaitNanos, runNanos));
    }

    @Override
    public void runtimeEvent(RuntimeEvent event) {
        events.add(event);
    }

    /** The callbacks of the task with this name, in the order they came. */
    List<TaskCall> callsFor(String name) {
        return tasks.stream().filter(call -> call.name().equals(name)).toList();
    }

    /** The finished callbacks, one per task that ended. */
    List<TaskCall> finished() {
        return tasks.stream().filter(call -> call.kind().equals("finished")).toList();
    }

    /** The runtime events of one type. */
    <E extends RuntimeEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
