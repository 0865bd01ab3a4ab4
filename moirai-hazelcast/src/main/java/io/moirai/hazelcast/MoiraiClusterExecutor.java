package io.moirai.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * An {@link ExecutorService} whose tasks run on the serving members' Moirai runtimes, on the CPU
 * lane unless {@link RemoteOptions} say otherwise.
 *
 * <pre>{@code
 * MoiraiClusterExecutor executor = cluster.executor();
 * Future<Long> n = executor.submit(() -> 42L);                          // some serving member
 * Future<Report> r = executor.submitToKeyOwner(() -> report(id), id);   // where the key's data lives
 * executor.submit(() -> fetch(url), RemoteOptions.lane(Lane.BLOCKING).retryable(true));
 * }</pre>
 *
 * <p>Tasks travel as Java-serialized bytes. The methods of this interface take
 * {@link RemoteCallable}/{@link RemoteRunnable}, so lambdas are serializable without a cast; the
 * inherited methods ({@code execute}, {@code submit(Callable)}, {@code invokeAll}, ...) accept a
 * task that happens to be serializable and refuse any other with
 * {@link java.util.concurrent.RejectedExecutionException} caused by
 * {@link java.io.NotSerializableException}. A task whose class the receiving member does not allow
 * fails with {@code RejectedExecutionException} too (see {@link ClusterOptions}).
 *
 * <p>Failures: the task's exception comes back as the future's cause. When the member running a
 * task leaves before answering, a {@linkplain RemoteOptions#retryable(boolean) retryable} task is
 * sent to another serving member; any other fails with {@link ClusterWorkLostException}.
 * Cancelling a future interrupts the task on its member.
 *
 * <p>{@link #shutdown()} stops this executor from taking tasks (closing the {@link MoiraiCluster}
 * does too); tasks already sent go on. After the {@code MoiraiCluster} is closed, a retryable task
 * whose member leaves (the closed member included) is not sent again: it fails with
 * {@link java.util.concurrent.RejectedExecutionException}. It never shuts down a runtime or
 * Hazelcast.
 */
public interface MoiraiClusterExecutor extends ExecutorService {

    /**
     * Runs {@code task} on some serving member, on its CPU lane.
     *
     * @param task the task
     * @param <T>  the result type
     * @return its future
     * @throws NullPointerException                            if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    <T> CompletableFuture<T> submit(RemoteCallable<T> task);

    /**
     * Runs {@code task} on some serving member as {@code options} say.
     *
     * @param task    the task
     * @param options lane and retry
     * @param <T>     the result type
     * @return its future
     * @throws NullPointerException                            if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    <T> CompletableFuture<T> submit(RemoteCallable<T> task, RemoteOptions options);

    /**
     * Runs {@code task} on some serving member, on its CPU lane.
     *
     * @param task the task
     * @return its future, completing with null
     * @throws NullPointerException                            if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    CompletableFuture<Void> submit(RemoteRunnable task);

    /**
     * Runs {@code task} on some serving member as {@code options} say.
     *
     * @param task    the task
     * @param options lane and retry
     * @return its future, completing with null
     * @throws NullPointerException                            if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    CompletableFuture<Void> submit(RemoteRunnable task, RemoteOptions options);

    /**
     * Runs {@code task} on {@code member}'s CPU lane. It is never moved elsewhere: when the member
     * does not serve the future fails with {@link java.util.concurrent.RejectedExecutionException},
     * and when it leaves before answering with {@link ClusterWorkLostException}.
     *
     * @param task   the task
     * @param member a member of this cluster
     * @param <T>    the result type
     * @return its future
     * @throws NullPointerException                            if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    <T> CompletableFuture<T> submitToMember(RemoteCallable<T> task, Member member);

    /**
     * Runs {@code task} on the CPU lane of the member that owns {@code key}'s partition, where the
     * key's entries of Hazelcast's maps live. If that member does not serve, another serving
     * member runs it.
     *
     * @param task the task
     * @param key  a key, as Hazelcast partitions it
     * @param <T>  the result type
     * @return its future
     * @throws NullPointerException                            if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if this executor is shut down or the
     *                                                         task cannot be serialized
     */
    <T> CompletableFuture<T> submitToKeyOwner(RemoteCallable<T> task, Object key);
}
