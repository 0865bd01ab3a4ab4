package io.moirai.runtime;

import java.util.concurrent.Callable;

/** A task with a result: what {@code spawn}, {@code spawnBlocking} and {@code submit} return. */
final class CallableTask<T> extends RuntimeTask<T> {

    private final Callable<? extends T> callable;

    CallableTask(MoiraiRuntime runtime, TaskOptions options, Callable<? extends T> callable) {
        super(runtime, options);
        this.callable = callable;
    }

    @Override
    T compute() throws Exception {
        return callable.call();
    }

    @Override
    String displayName() {
        return workName(callable);
    }
}
