package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code cluster.executor()}: every task becomes a {@link RemoteCall}. The inherited
 * {@link java.util.concurrent.ExecutorService} methods accept any task that is serializable at
 * run time and refuse any other before sending anything.
 */
final class ClusterExecutor implements MoiraiClusterExecutor {

    private final MoiraiCluster cluster;
    final Set<RemoteCall<?>> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    ClusterExecutor(MoiraiCluster cluster) {
        this.cluster = cluster;
    }

    private <T> CompletableFuture<T> start(Object task, RemoteOptions options, Member member, Object key,
                                          boolean hasKey) {
        if (shutdown) {
            throw new RejectedExecutionException("the cluster executor is shut down");
        }
        byte[] payload;
        try {
            payload = Payloads.write(task);
        } catch (NotSerializableException e) {
            RejectedExecutionException rejected = new RejectedExecutionException("the task " + task
                    + " cannot be sent to another member: it holds a " + e.getMessage() + ", which is not serializable");
            rejected.initCause(e);
            throw rejected;
        } catch (IOException e) {
            throw new RejectedExecutionException("the task " + task + " cannot be serialized", e);
        }
        RemoteCall<T> call = new RemoteCall<>(cluster, payload, options, member, key, hasKey,
                "task " + task.getClass().getName());
        calls.add(call);
        call.whenComplete((value, failure) -> calls.remove(call));
        call.send();
        return call;
    }

    private static Object serializable(Object task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            RejectedExecutionException rejected = new RejectedExecutionException("the task " + task
                    + " is not serializable: give a RemoteCallable or RemoteRunnable");
            rejected.initCause(new NotSerializableException(task.getClass().getName()));
            throw rejected;
        }
        return task;
    }

    @Override
    public <T> CompletableFuture<T> submit(RemoteCallable<T> task) {
        return submit(task, RemoteOptions.defaults());
    }

    @Override
    public <T> CompletableFuture<T> submit(RemoteCallable<T> task, RemoteOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        return start(task, options, null, null, false);
    }

    @Override
    public CompletableFuture<Void> submit(RemoteRunnable task) {
        return submit(task, RemoteOptions.defaults());
    }

    @Override
    public CompletableFuture<Void> submit(RemoteRunnable task, RemoteOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        return start(task, options, null, null, false);
    }

    @Override
    public <T> CompletableFuture<T> submitToMember(RemoteCallable<T> task, Member member) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(member, "member");
        return start(task, RemoteOptions.defaults(), member, null, false);
    }

    @Override
    public <T> CompletableFuture<T> submitToKeyOwner(RemoteCallable<T> task, Object key) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(key, "key");
        return start(task, RemoteOptions.defaults(), null, key, true);
    }

    // ---- ExecutorService ----------------------------------------------------------------

    @Override
    public void execute(Runnable command) {
        start(serializable(command), RemoteOptions.defaults(), null, null, false);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return start(serializable(task), RemoteOptions.defaults(), null, null, false);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return start(serializable(task), RemoteOptions.defaults(), null, null, false);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        CompletableFuture<Object> run = start(serializable(task), RemoteOptions.defaults(), null, null, false);
        CompletableFuture<T> future = run.thenApply(ignored -> result);
        return new Linked<>(future, run);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException ignored) {
                // reported by the future itself
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                throw e;
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = submitAll(tasks);
        for (Future<T> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException ignored) {
                // reported by the future itself
            } catch (TimeoutException e) {
                futures.forEach(x -> x.cancel(true));
                break;
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                throw e;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException impossible) {
            throw new ExecutionException(impossible);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<T>> futures = submitAll(tasks);
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        CompletableFuture<T> first = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (Future<T> f : futures) {
            ((CompletableFuture<T>) f).whenComplete((value, failure) -> {
                if (failure == null) {
                    first.complete(value);
                } else if (failed.incrementAndGet() == futures.size()) {
                    first.completeExceptionally(MoiraiCluster.unwrap(failure));
                }
            });
        }
        try {
            return first.get(timeout, unit);
        } finally {
            futures.forEach(x -> x.cancel(true));
        }
    }

    private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        for (Callable<T> task : tasks) {
            serializable(task);   // refuse the whole batch before sending any
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(start(task, RemoteOptions.defaults(), null, null, false));
        }
        return futures;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        for (RemoteCall<?> call : calls) {
            call.cancel(true);
        }
        return List.of();   // sent tasks are not held here: they are on the members
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && calls.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            CompletableFuture<?>[] waiting = calls.toArray(new CompletableFuture<?>[0]);
            try {
                CompletableFuture.allOf(waiting).get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)),
                        TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException ignored) {
                // loop: check again
            }
        }
        return true;
    }

    /** submit(Runnable, result): cancelling the mapped future cancels the remote call. */
    private static final class Linked<T> extends CompletableFuture<T> {
        private final CompletableFuture<?> call;

        Linked(CompletableFuture<T> source, CompletableFuture<?> call) {
            this.call = call;
            source.whenComplete((v, e) -> {
                if (e != null) {
                    completeExceptionally(MoiraiCluster.unwrap(e));
                } else {
                    complete(v);
                }
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            call.cancel(mayInterruptIfRunning);
            return super.cancel(mayInterruptIfRunning);
        }
    }

    @Override
    public String toString() {
        return "MoiraiClusterExecutor(" + cluster + ")";
    }
}
