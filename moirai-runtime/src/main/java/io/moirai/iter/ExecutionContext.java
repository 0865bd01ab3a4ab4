package io.moirai.iter;

import io.moirai.runtime.MoiraiRuntime;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where and how a pipeline runs. A pipeline is a description; a context evaluates it. Bind one
 * with {@code on(context)}; a pipeline with none bound runs {@link #sequential()}.
 *
 * <pre>{@code
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder().build()) {
 *     Iter<Row> rows = Iter.of(ids).map(this::parse).mapBlocking(repo::enrich);
 *     List<Row> a = rows.on(ExecutionContext.sequential()).toList();
 *     List<Row> b = rows.on(ExecutionContext.hybrid(runtime)).toList();   // same rows, same order
 * }
 * }</pre>
 *
 * <p>The three contexts here:
 * <ul>
 *   <li>{@link #sequential()}: the caller's thread, in order; {@code mapBlocking} inline.</li>
 *   <li>{@link #parallel(MoiraiRuntime)}: chunks on the runtime's CPU lane with the caller
 *       helping; tiny inputs inline on the caller; {@code mapBlocking} per chunk on the blocking
 *       lane.</li>
 *   <li>{@link #hybrid(MoiraiRuntime)}: as parallel, but each {@code mapBlocking} element is its
 *       own blocking-lane task, so blocking calls overlap up to the lane's permits while CPU
 *       stages of other chunks go on.</li>
 * </ul>
 *
 * <p>Other modules add contexts by implementing this interface: {@link Evaluation} gives them the
 * plan, splits it into parts that can be sent to another JVM ({@link Evaluation#task}), and
 * combines the partial results; a context reports the parts that end to
 * {@link Evaluation#progress()}. Implementations must keep the contract of the built-in ones:
 * the same result as {@link #sequential()}, failures rethrown as thrown, cancellation of the
 * asynchronous stage stopping the work.
 */
public interface ExecutionContext {

    /**
     * The caller's thread. Its asynchronous terminals run on one new virtual thread.
     *
     * @return the sequential context
     */
    static ExecutionContext sequential() {
        return SequentialContext.INSTANCE;
    }

    /**
     * Data parallelism on {@code runtime}'s CPU lane; {@code mapBlocking} stages on its blocking
     * lane, one task per chunk.
     *
     * @param runtime the runtime whose lanes run the work
     * @return a parallel context
     * @throws NullPointerException if {@code runtime} is null
     */
    static ExecutionContext parallel(MoiraiRuntime runtime) {
        return new ParallelContext(Objects.requireNonNull(runtime, "runtime"), false);
    }

    /**
     * CPU stages on {@code runtime}'s CPU lane, each {@code mapBlocking} element a task on its
     * blocking lane, pipelined: chunks flow into the blocking stage as they leave the CPU stages.
     *
     * @param runtime the runtime whose lanes run the work
     * @return a hybrid context
     * @throws NullPointerException if {@code runtime} is null
     */
    static ExecutionContext hybrid(MoiraiRuntime runtime) {
        return new ParallelContext(Objects.requireNonNull(runtime, "runtime"), true);
    }

    /**
     * Evaluates and waits for the result. A failure of the pipeline is rethrown as it was thrown
     * (the first one, when several elements fail).
     *
     * @param evaluation the pipeline and its terminal
     * @param <R>        the result type
     * @return the result
     */
    <R> R evaluate(Evaluation<R> evaluation);

    /**
     * Starts the evaluation without blocking the caller. Cancelling the returned stage's
     * {@link CompletionStage#toCompletableFuture() future} stops the work.
     *
     * @param evaluation the pipeline and its terminal
     * @param <R>        the result type
     * @return the stage that completes with the result or the failure
     */
    <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation);
}
