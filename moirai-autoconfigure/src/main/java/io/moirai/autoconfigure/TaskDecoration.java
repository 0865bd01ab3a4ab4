package io.moirai.autoconfigure;

import io.moirai.spring.TaskContextPropagator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * What the executors and the scheduler wrap each task in: the application's task decorators and
 * its context propagator.
 */
final class TaskDecoration {

    private TaskDecoration() {
    }

    /**
     * Boot's rule: one decorator is used as is, several are composed in order. Boot's own
     * {@link ContextPropagatingTaskDecorator} ({@code spring.task.execution.propagate-context=true})
     * is left out while Moirai's registry-based propagator runs: it carries the same
     * {@code ContextRegistry} accessors (and clears the missing ones, which Boot's does not), so
     * applying both would capture every task's context twice.
     */
    static @Nullable TaskDecorator decorator(ObjectProvider<TaskDecorator> taskDecorator,
            ObjectProvider<TaskContextPropagator> propagator) {
        boolean registryPropagation = propagator(propagator) instanceof AccessorTaskContextPropagator;
        List<TaskDecorator> decorators = taskDecorator.orderedStream()
                .filter(decorator -> !(registryPropagation && decorator.getClass() == ContextPropagatingTaskDecorator.class))
                .toList();
        if (decorators.size() == 1) {
            return decorators.getFirst();
        }
        return decorators.isEmpty() ? null : new CompositeTaskDecorator(decorators);
    }

    static TaskContextPropagator propagator(ObjectProvider<TaskContextPropagator> propagator) {
        return propagator.getIfAvailable(() -> TaskContextPropagator.NONE);
    }
}
