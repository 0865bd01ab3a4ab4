package io.moirai.autoconfigure;

import io.moirai.spring.TaskContextPropagator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

/**
 * What the executors and the scheduler wrap each task in: the application's task decorators and
 * its context propagator.
 */
final class TaskDecoration {

    private TaskDecoration() {
    }

    /** Boot's rule: one decorator is used as is, several are composed in order. */
    static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorator) {
        List<TaskDecorator> decorators = taskDecorator.orderedStream().toList();
        if (decorators.size() == 1) {
            return decorators.getFirst();
        }
        return decorators.isEmpty() ? null : new CompositeTaskDecorator(decorators);
    }

    static TaskContextPropagator propagator(ObjectProvider<TaskContextPropagator> propagator) {
        return propagator.getIfAvailable(() -> TaskContextPropagator.NONE);
    }
}
