package io.moirai.iter;

/**
 * Receives the progress of a pipeline's evaluation in chunks: the pieces a context cuts the input
 * into (the parallel contexts' chunks, a distributed context's parts). Bind one with
 * {@code withProgress(listener)} on any iter; the context calls it from its own threads, possibly
 * concurrently, after each chunk ends, so it must be thread-safe and quick.
 *
 * <pre>{@code
 * long n = Iter.range(0, 50_000_000).filter(i -> i % 7 == 0)
 *         .withProgress((done, total) -> bar.set(done, total))
 *         .on(ExecutionContext.parallel(runtime)).count();
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

    /** The listener that ignores progress. */
    ProgressListener NONE = (chunksDone, chunksTotal) -> { };

    /**
     * Called when a chunk has ended (completed, failed or skipped).
     *
     * @param chunksDone  the chunks ended so far
     * @param chunksTotal the chunks of the evaluation, or -1 while the context cannot know (an
     *                    input of unknown size)
     */
    void onProgress(long chunksDone, long chunksTotal);
}
