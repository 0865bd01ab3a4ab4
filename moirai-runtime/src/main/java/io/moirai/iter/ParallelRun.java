package io.moirai.iter;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.Arrays;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One parallel evaluation of a barrier-free segment: a source, CPU runs of fused stages separated
 * by blocking stages, and a terminal.
 *
 * <h2>Design</h2>
 * <p><b>Inline first.</b> The starting thread (the caller of a blocking terminal, or the root task
 * of an asynchronous one) pushes a growing prefix of the input (8, 64, 512, ... elements) through
 * the fused chain and times it. If the input ends, or the terminal decides, before
 * {@link #INLINE_BUDGET_NS} has passed, that is the whole evaluation and the pool is never
 * touched: small inputs cost a sequential evaluation plus two clock reads (none when the input
 * fits the first 8 elements, where nothing is timed; starting that small keeps costly elements,
 * milliseconds each, from running 64 at a time on the caller before the first look at the clock). Otherwise the measured
 * cost per element sizes the chunks of the rest: at least {@link #MIN_CHUNK_NS} of work each (so
 * task overhead stays small), and about four per worker when the input is large (so the work
 * balances). Pipelines with a blocking stage skip the inline prefix: blocking work never runs on
 * the caller; their chunks are small so that they flow into the blocking lane early.
 *
 * <p><b>Claiming.</b> Chunk k covers a fixed index range of an indexed source; for an unindexed
 * source, claiming reads the next batch under a lock (so the input is buffered in batches).
 * Helper tasks on the CPU lane and the starting thread claim chunks until none is left. The
 * prefix is chunk 0, so encounter order is the chunk order.
 *
 * <p><b>Channels.</b> A receive takes an element from every other receiver, so a channel source
 * must not be read past what the run delivers. The run receives at most {@link #readCap}
 * elements in all (a {@code limit n} or {@code findFirst} after one-output stages: exactly what
 * it returns); a batch waits for its first element only and then takes what the channel holds
 * at once; a short-circuit the cap does not foresee (anyMatch, findFirst after a filter) makes
 * every claim one element; and a stop, or a cutoff below the chunk being read, withdraws the
 * reader's waiting receive ({@link ChannelSpliterator}), so the run ends without taking an
 * element it no longer needs. Reading in batches of 64 lost the elements past a limit, and a
 * batch that waited for them kept a satisfied limit from returning.
 *
 * <p><b>Blocking stages.</b> A chunk runs its first CPU run into a buffer and hands the buffer to
 * the blocking lane: as one task ({@code parallel}) or one task per element ({@code hybrid}, so
 * blocking calls of different elements overlap up to the lane's permits). When the blocking work
 * of the chunk is done its continuation (the next CPU run) is queued in {@link #ready} and a
 * drainer task is spawned on the CPU lane; claimers and the waiting caller also drain the queue.
 * Meanwhile the CPU threads have moved on to the next chunks: the stages are pipelined.
 *
 * <p><b>Completion.</b> {@link #pending} counts the chunks claimed and not finished, plus one
 * token for the source that is returned when a claim finds it exhausted (or the evaluation
 * stopped). Each chunk finishes exactly once (normally, failed, or skipped), so the thread that
 * brings the count to zero sees every accumulator stored; it combines chunks 0 to
 * {@link #cutoff} in order and completes {@link #done}. A claimer increments {@link #pending}
 * before it looks at the claim, so the count cannot reach zero while a claim is in progress.
 *
 * <p><b>Short-circuit.</b> A decisive chunk of an ordered terminal (findFirst, a barrier's gather)
 * lowers {@link #cutoff} to its index: later chunks are not started and running ones stop at
 * their next poll. A decisive chunk of an unordered one (anyMatch) stops the whole evaluation.
 */
final class ParallelRun<R> {

    /** How long the starting thread works inline before it asks the pool for help. */
    static final long INLINE_BUDGET_NS = 25_000;
    /** The least work a parallel chunk carries, as measured by the inline prefix. */
    static final long MIN_CHUNK_NS = 20_000;
    /** Chunk size of pipelines with a blocking stage. */
    static final int BLOCKING_CHUNK = 32;

    private static final TaskOptions BLOCKING = TaskOptions.named("moirai-iter-blocking").withLane(Lane.BLOCKING);
    private static final TaskOptions CPU = TaskOptions.named("moirai-iter");

    final CompletableFuture<R> done = new CompletableFuture<>();

    private final MoiraiRuntime runtime;
    private final boolean hybrid;
    private final Control control;
    private final Source source;
    /** For a channel source: the most elements the run can use, and the most it receives ({@link #readCap}). */
    private final long readCap;
    /**
     * For a channel source: a short-circuit that the count of elements does not foresee
     * (anyMatch, or findFirst after a filter) may stop the run, so each claim receives one element
     * and no thread holds more than one that the decision may make useless.
     */
    private final boolean readOneAtATime;
    private final Op[][] runs;
    private final Function<Object, Object>[] blocking;
    private final Terminal<R> terminal;

    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicLong chunksEnded = new AtomicLong();
    /** Set before the run starts; spawning its tasks publishes it to them. */
    private ProgressListener progress = ProgressListener.NONE;
    private final AtomicBoolean sourceReleased = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicInteger nextChunk = new AtomicInteger(1);
    private final ConcurrentLinkedQueue<Chunk> ready = new ConcurrentLinkedQueue<>();
    /** Paces the blocking calls; null for a pipeline without blocking stages. */
    private final BlockingWindow window;
    /** Drainer tasks of {@link #ready} spawned and not finished; at most {@link #drainerLimit}. */
    private final AtomicInteger drainers = new AtomicInteger();
    private final int drainerLimit;

    /** Guarded by this: accumulators by chunk index. */
    private Terminal.Acc[] accs = new Terminal.Acc[8];
    /** Guarded by this: chunks 0 to gatheredUpTo - 1 have ended, holding gathered elements (see cutAtLimit). */
    private int gatheredUpTo;
    private long gathered;
    /** Lowered under this lock; read racily by stop polls, where a stale value only costs work. */
    private volatile int cutoff = Integer.MAX_VALUE;
    private volatile Terminal.Acc decisive;
    private volatile Thread waiter;

    // indexed sources
    private long base;
    private long chunkSize;
    private int chunkCount;
    // unindexed sources, guarded by readLock
    private final Object readLock = new Object();
    private Spliterator<?> spliterator;
    /** The spliterator when the source is a channel, else null; set before any chunk runs. */
    private ChannelSpliterator<?> channelReader;
    private int batchSize;
    private int nextBatch = 1;
    /** 1 when the inline prefix is chunk 0, 0 for a pipeline with blocking stages, which has none; set before any chunk runs. */
    private int prefixChunks = 1;
    private boolean drained;

    /** The inline prefix already computed by the caller, or null. */
    private final Prefix prefix;

    ParallelRun(MoiraiRuntime runtime, boolean hybrid, Control control, Source source, Op[] ops, Terminal<R> terminal) {
        this(runtime, hybrid, control, source, ops, terminal, null);
    }

    @SuppressWarnings("unchecked")
    ParallelRun(MoiraiRuntime runtime, boolean hybrid, Control control, Source source, Op[] ops, Terminal<R> terminal,
                Prefix prefix) {
        this.runtime = runtime;
        this.prefix = prefix;
        this.hybrid = hybrid;
        this.control = control;
        this.source = source;
        this.terminal = terminal;
        this.readCap = readCap(ops, terminal);
        this.readOneAtATime = readCap == Long.MAX_VALUE && Sequential.shortCircuits(ops, terminal);
        int blockingCount = 0;
        for (Op op : ops) {
            if (op.blocking()) {
                blockingCount++;
            }
        }
        this.runs = new Op[blockingCount + 1][];
        this.blocking = new Function[blockingCount];
        if (blockingCount > 0) {
            io.moirai.runtime.RuntimeSnapshot snapshot = runtime.snapshot();
            this.window = new BlockingWindow(snapshot.blockingConcurrency());
            this.drainerLimit = Math.max(1, snapshot.parallelism());
        } else {
            this.window = null;
            this.drainerLimit = 1;
        }
        int run = 0;
        int start = 0;
        for (int i = 0; i < ops.length; i++) {
            if (ops[i].blocking()) {
                runs[run] = Arrays.copyOfRange(ops, start, i);
                blocking[run++] = ops[i].blockingFunction();
                start = i + 1;
            }
        }
        runs[run] = Arrays.copyOfRange(ops, start, ops.length);
    }

    // ---- entry points ----------------------------------------------------------------------

    /** Evaluates with the calling thread working and waiting; returns the result or throws the failure. */
    R runSync() {
        waiter = Thread.currentThread();
        if (start()) {
            work();
            awaitHelping();
        }
        if (done.isCompletedExceptionally()) {
            // The stage's own exception, as the sequential context throws it: through the future
            // a checked one came out wrapped in CompletionException, a CompletionException
            // unwrapped, and a CancellationException replaced by the future's own.
            Throwable failure = control.failure();
            if (failure != null) {
                throw Evaluation.<RuntimeException>rethrow(failure);
            }
        }
        return Evaluation.unwrap(done);
    }

    /** Starts the evaluation on a root task and returns at once; {@link #done} completes later. */
    void runAsync() {
        try {
            TaskHandle<Object> root = runtime.spawn(() -> {
                try {
                    if (start()) {
                        work();
                    }
                } catch (Throwable t) {
                    control.fail(t);
                    complete();
                }
                return null;
            }, CPU);
            // The root task can end without running: evicted by DISCARD_OLDEST, or cancelled.
            // Its body never fails (it catches), so a failure here is that, and ends the evaluation.
            root.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    Throwable cause = cause(failure);
                    if (cause instanceof CancellationException) {
                        control.stop(); // the root task was cancelled: so is the evaluation
                    } else {
                        control.fail(cause);
                    }
                    complete();
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * The inline prefix and the plan of the rest. Returns false when the evaluation is already
     * complete (and {@link #done} completed).
     */
    private boolean start() {
        boolean blockingStages = runs.length > 1;
        if (blockingStages) {
            // No inline prefix, so no chunk 0: chunks start at 1. The limit's cut counts from
            // there (it waited for a chunk 0 that never came, and read an endless source for
            // ever), and progress leaves chunk 0 out of its total.
            synchronized (this) {
                gatheredUpTo = 1;
            }
            prefixChunks = 0;
        }
        double nanosPerElement;
        long prefixEnd;
        if (source.indexed()) {
            long size = source.size();
            prefixEnd = 0;
            nanosPerElement = 0;
            if (!blockingStages) {
                Prefix p = prefix != null ? prefix : prefix(source, runs[0], terminal, control);
                store(0, p.acc);
                if (p.complete) {
                    finishInline(p.acc);
                    return false;
                }
                prefixEnd = p.end;
                nanosPerElement = p.nanosPerElement;
            }
            int parallelism = parallelism();
            long rest = size - prefixEnd;
            long bySpread = rest / (4L * parallelism);
            long byCost = blockingStages ? 1 : (long) Math.ceil(MIN_CHUNK_NS / Math.max(nanosPerElement, 0.01));
            long chosen = blockingStages ? Math.min(BLOCKING_CHUNK, Math.max(1, bySpread)) : Math.max(bySpread, byCost);
            base = prefixEnd;
            chunkSize = Math.max(1, Math.min(rest, chosen));
            long count = rest / chunkSize + (rest % chunkSize == 0 ? 0 : 1); // rest + chunkSize may overflow
            chunkCount = (int) Math.min(count, Integer.MAX_VALUE - 1);
            if (count > chunkCount) {
                chunkSize = (rest + chunkCount - 1) / chunkCount;
            }
            if (!blockingStages) {
                reportChunkEnded(); // the prefix, chunk 0
            }
            spawnHelpers(Math.min(parallelism - 1, chunkCount - 1));
        } else {
            if (source instanceof Source.OfChannel channel) {
                // The claim about to be made is chunk nextBatch: read under the read lock, or by
                // the prefix before any claim. A stop or a cutoff below it makes the wait useless.
                channelReader = channel.reader(readCap, () -> control.stopped || nextBatch > cutoff);
                spliterator = channelReader;
                control.onStop(channelReader::wake);
            } else {
                spliterator = source.open();
            }
            batchSize = blockingStages ? BLOCKING_CHUNK : 64;
            if (!blockingStages) {
                Terminal.Acc acc = terminal.newAcc();
                Sink head = Sequential.chain(runs[0], acc, control);
                boolean shortCircuit = Sequential.shortCircuits(runs[0], terminal);
                long t0 = System.nanoTime();
                long elapsed = 0;
                long count = 0;
                int step = 8;
                boolean exhausted = false;
                // Element by element, looking at the terminal after each: a source whose reads
                // block (an open channel) must not be read past what a short-circuiting terminal
                // needs. Reading a batch of 16 first waited there for elements that never came.
                PrefixFeed feed = new PrefixFeed(head);
                while (true) {
                    int n = 0;
                    while (n < step && !(shortCircuit && head.done())) {
                        if (!spliterator.tryAdvance(feed)) {
                            exhausted = true;
                            break;
                        }
                        n++;
                    }
                    count += n;
                    elapsed = System.nanoTime() - t0;
                    if (exhausted) {
                        break;
                    }
                    if (acc.done() || elapsed > INLINE_BUDGET_NS) {
                        break;
                    }
                    step *= 4;
                }
                head.end();
                store(0, acc);
                if (exhausted || acc.done()) {
                    finishInline(acc);
                    return false;
                }
                nanosPerElement = (double) elapsed / Math.max(1, count);
                batchSize = (int) Math.max(64, Math.min(1 << 16, Math.ceil(MIN_CHUNK_NS / Math.max(nanosPerElement, 0.01))));
            }
            if (channelReader != null && readOneAtATime) {
                batchSize = 1;
            }
            spawnHelpers(parallelism() - 1);
        }
        return true;
    }

    /**
     * The most source elements a run of {@code ops} into {@code terminal} can use: the terminal's
     * {@link Terminal#inputCap()} when every stage gives one output per input, else no bound. A
     * channel source receives no more, so that it never takes an element the run drops: a
     * {@code limit n} (whose gather is this run's terminal) or a {@code findFirst} after
     * {@code map} stages receives n elements or one, however many threads read.
     */
    static long readCap(Op[] ops, Terminal<?> terminal) {
        for (Op op : ops) {
            if (!op.oneToOne()) {
                return Long.MAX_VALUE;
            }
        }
        return terminal.inputCap();
    }

    /**
     * Read only once the evaluation goes parallel: a snapshot costs more than a tiny pipeline.
     * A pipeline with blocking stages took one in its constructor already, for the same figure.
     */
    private int parallelism() {
        return window != null ? drainerLimit : Math.max(1, runtime.snapshot().parallelism());
    }

    /** What the inline prefix did: its accumulator, where it ended, and the cost it measured. */
    static final class Prefix {
        Terminal.Acc acc;
        long end;
        double nanosPerElement;
        /** The prefix covered the input, or the terminal decided: the accumulator is the answer. */
        boolean complete;
    }

    /**
     * Pushes a growing prefix of an indexed source (8, 64, 512, ... elements) through one
     * fused chain on the calling thread until the input ends, the terminal decides, or
     * {@link #INLINE_BUDGET_NS} has passed. The ops must hold no barrier and no blocking stage.
     */
    static Prefix prefix(Source source, Op[] ops, Terminal<?> terminal, StopSignal stop) {
        long size = source.size();
        boolean kernel = ops.length == 0;
        Terminal.Acc acc = kernel ? null : terminal.newAcc();
        Sink head = kernel ? null : Sequential.chain(ops, acc, stop);
        boolean shortCircuit = Sequential.shortCircuits(ops, terminal);
        long end = 0;
        long step = 8;
        // An input that fits the first step is done before any time is read: no clock read (tens
        // of nanoseconds on a virtual machine) for the tiny inputs this path exists for.
        long t0 = size > step ? System.nanoTime() : 0L;
        long elapsed = 0;
        while (end < size) {
            long to = size - end <= step ? size : end + step; // end + step may overflow
            if (kernel) {
                Terminal.Acc piece = Sequential.accumulate(source, end, to, ops, terminal, stop);
                if (acc == null) {
                    acc = piece;
                } else {
                    acc.combine(piece);
                }
            } else {
                source.push(end, to, head, shortCircuit, stop);
            }
            end = to;
            if (end == size || acc.done()) {
                break;
            }
            elapsed = System.nanoTime() - t0;
            if (elapsed > INLINE_BUDGET_NS) {
                break;
            }
            if (step <= Long.MAX_VALUE >> 3) {
                step *= 8; // a cheap kernel over a huge range keeps growing it: it must not wrap
            }
        }
        Prefix p = new Prefix();
        p.acc = acc == null ? terminal.newAcc() : acc;
        p.end = end;
        p.complete = end == size || p.acc.done();
        p.nanosPerElement = (double) Math.max(elapsed, 1) / Math.max(end, 1);
        return p;
    }

    private void finishInline(Terminal.Acc acc) {
        chunkCount = 0;
        reportChunkEnded();
        if (completed.compareAndSet(false, true)) {
            Throwable failure = control.failure(); // a progress listener that threw fails the evaluation here too
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            try {
                done.complete(terminal.finish(acc));
            } catch (Throwable t) {
                failFinish(t);
            }
        }
    }

    /** Reports the chunks of this run to {@code listener}; call before running it. */
    ParallelRun<R> withProgress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    private void spawnHelpers(int helpers) {
        for (int i = 0; i < helpers; i++) {
            try {
                runtime.spawn(() -> {
                    work();
                    return null;
                }, CPU);
            } catch (RejectedExecutionException e) {
                // fewer helpers: the starting thread claims every chunk left over, and a
                // shut-down runtime refuses the blocking calls, which fails the evaluation
                return;
            }
        }
    }

    // ---- claiming and running chunks -------------------------------------------------------

    private void work() {
        for (;;) {
            if (Thread.currentThread() == waiter && Thread.interrupted()) {
                cancelForInterrupt(); // between chunks, not only while parked: see awaitHelping
            }
            Chunk continuation = ready.poll();
            if (continuation != null) {
                continuation.advance();
                continue;
            }
            Chunk chunk = claim();
            if (chunk == null) {
                return;
            }
            chunk.advance();
        }
    }

    private Chunk claim() {
        pending.incrementAndGet();
        Chunk chunk = control.stopped ? null : source.indexed() ? claimIndexed() : claimBatch();
        if (chunk == null) {
            if (sourceReleased.compareAndSet(false, true)) {
                finishOne();
            }
            finishOne();
        }
        return chunk;
    }

    private Chunk claimIndexed() {
        int k = nextChunk.getAndIncrement();
        if (k > chunkCount || k > cutoff) {
            return null;
        }
        long from = base + (k - 1) * chunkSize;
        return new Chunk(k, source, from, from + Math.min(chunkSize, source.size() - from));
    }

    private Chunk claimBatch() {
        synchronized (readLock) {
            if (drained || nextBatch > cutoff) {
                return null;
            }
            Object[] batch;
            int n;
            try {
                if (channelReader != null) {
                    // Only what the channel holds after the first element: a batch never waits
                    // while holding elements, and an empty read is the end (closed, capped or stopped).
                    Source.Buffer received = channelReader.read(batchSize);
                    drained = received == null;
                    return drained ? null : new Chunk(nextBatch++, received, 0, received.length);
                }
                batch = new Object[batchSize];
                n = Source.read(spliterator, batch);
            } catch (Throwable t) {
                // The source's own iterator failed: that fails the evaluation. Thrown on, it left
                // this claim's pending count behind, so the evaluation never completed (a helper)
                // or its caller threw while the helpers went on reading.
                control.fail(t);
                drained = true;
                return null;
            }
            if (n < batchSize) {
                drained = true;
            }
            if (n == 0) {
                return null;
            }
            return new Chunk(nextBatch++, new Source.Buffer(Kind.OBJ, batch, n), 0, n);
        }
    }

    private void store(int index, Terminal.Acc acc) {
        boolean cut;
        synchronized (this) {
            if (index >= accs.length) {
                accs = Arrays.copyOf(accs, Math.max(index + 1, accs.length * 2));
            }
            accs[index] = acc;
            cut = acc instanceof Terminals.Gather gather && gather.cap != Long.MAX_VALUE && cutAtLimit(gather.cap);
        }
        if (cut) {
            wakeReader();
        }
    }

    /**
     * A barrier's gather for {@code limit n}: once chunks 0 to k have all ended holding n
     * elements together, no chunk after k is needed, though none alone held n (what lowers the
     * cutoff for other ordered terminals). Without this an infinite source ({@code limit} on an
     * endless {@code Iterable}) was read until memory ran out. Under the lock; amortized O(1).
     * Returns whether it lowered the cutoff.
     */
    private boolean cutAtLimit(long cap) {
        boolean cut = false;
        while (gathered < cap && gatheredUpTo < accs.length && accs[gatheredUpTo] instanceof Terminals.Gather done) {
            gathered += done.size;
            if (gathered >= cap && gatheredUpTo < cutoff) {
                cutoff = gatheredUpTo;
                cut = true;
            }
            gatheredUpTo++;
        }
        return cut;
    }

    private void lowerCutoff(int index) {
        synchronized (this) {
            if (index >= cutoff) {
                return;
            }
            cutoff = index;
        }
        wakeReader();
    }

    /**
     * The cutoff was lowered: a channel reader waiting for the next chunk's element withdraws,
     * since every chunk it could make is past the cutoff (chunks are made in order, so the one it
     * reads for comes after every chunk that exists). The volatile write of {@link #cutoff} comes
     * before the reader's {@code waiting} is read: the Dekker pair of {@link ChannelSpliterator}.
     * Called outside this run's lock, so a withdrawal's channel lock never nests in it.
     */
    private void wakeReader() {
        ChannelSpliterator<?> reader = channelReader;
        if (reader != null) {
            reader.wake();
        }
    }

    /**
     * Tells the listener of one more chunk ended; its failure fails the evaluation. The total
     * counts the inline prefix as chunk 0; an unindexed source's is unknown.
     */
    private void reportChunkEnded() {
        if (progress != ProgressListener.NONE) {
            try {
                progress.onProgress(chunksEnded.incrementAndGet(), source.indexed() ? chunkCount + (long) prefixChunks : -1);
            } catch (Throwable t) {
                control.fail(t);
            }
        }
    }

    private void finishOne() {
        if (pending.decrementAndGet() == 0) {
            complete();
        }
    }

    private void complete() {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        try {
            Throwable failure = control.failure();
            Terminal.Acc decided = decisive;
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (decided != null) {
                done.complete(terminal.finish(decided));
            } else if (control.stopped) {
                done.completeExceptionally(new CancellationException("the evaluation was cancelled"));
            } else {
                done.complete(terminal.finish(combined()));
            }
        } catch (Throwable t) {
            failFinish(t);
        } finally {
            wakeWaiter();
        }
    }

    /**
     * Fails the evaluation with what the terminal's combining or finishing function (a collector's
     * combiner or finisher, a reduce operation) threw. It is recorded as the evaluation's own
     * failure, as a stage's is, so that the blocking terminal rethrows it as it was thrown and the
     * async stage fails with it: through the future alone a CompletionException came out as its
     * cause, and a CancellationException as the future's own, the async stage looking cancelled.
     */
    private void failFinish(Throwable t) {
        control.fail(t);
        done.completeExceptionally(t);
    }

    private synchronized Terminal.Acc combined() {
        Terminal.Acc total = null;
        int last = Math.min(cutoff, accs.length - 1);
        for (int k = 0; k <= last; k++) {
            Terminal.Acc acc = accs[k];
            if (acc == null) {
                continue;
            }
            if (total == null) {
                total = acc;
            } else {
                total.combine(acc);
            }
        }
        return total == null ? terminal.newAcc() : total;
    }

    /**
     * The caller's wait: it runs queued continuations, and parks when there are none. A caller on
     * a virtual thread waits for one of the evaluation's blocking tasks instead: if it is a
     * blocking-lane task, it holds a permit that those tasks may be queued for (when every other
     * permit is taken, for good if their holders wait too), and an untimed wait of a blocking task
     * for a queued one runs it on the waiter's permit ({@link TaskHandle}). Parking there
     * deadlocked the lane.
     */
    private void awaitHelping() {
        boolean mayHoldAPermit = Thread.currentThread().isVirtual();
        while (!done.isDone()) {
            Chunk continuation = ready.poll();
            if (continuation != null) {
                continuation.advance();
                continue;
            }
            TaskHandle<?> blockingTask = mayHoldAPermit ? control.unfinishedBlockingTask() : null;
            if (blockingTask != null) {
                awaitBlocking(blockingTask);
                continue;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                cancelForInterrupt();
            }
        }
    }

    /** Waits for one blocking task, which then reports its own outcome to its chunk. */
    private void awaitBlocking(TaskHandle<?> blockingTask) {
        try {
            blockingTask.get();
        } catch (InterruptedException e) {
            cancelForInterrupt();
        } catch (ExecutionException | CancellationException e) {
            // its chunk sees the same outcome through its own callback
        }
    }

    /**
     * Wakes the caller after a continuation is queued or a blocking task registered: a caller on a
     * virtual thread parked before the evaluation had any blocking task, and may hold the permit
     * that task is queued for, so it must look again ({@link #awaitHelping}). The unpark follows
     * the publication it announces, so a waiter that missed it in its look returns from park.
     */
    private void wakeWaiter() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * The caller was interrupted: the evaluation stops, and the caller learns it with its flag
     * set once every chunk has stopped, as after a failure. Thrown at once, it left blocking
     * functions running (interrupted, not yet returned) and chunks still in their stages after
     * the terminal had thrown, so a caller that then closed what they use raced them.
     */
    private void cancelForInterrupt() {
        control.stop();
        // stopped, a claim takes no chunk but gives back the source's count, which nobody else
        // may hold: a caller that had claimed alone (its helpers refused) left it behind
        claim();
        while (!done.isDone()) {
            Chunk continuation = ready.poll();
            if (continuation != null) {
                continuation.advance(); // stopped: it ends its chunk
                continue;
            }
            LockSupport.park(this);
            Thread.interrupted(); // already cancelling: another interrupt changes nothing, and is kept below
        }
        Thread.currentThread().interrupt();
        throw Evaluation.interrupted("interrupted while waiting for the pipeline");
    }

    /**
     * Queues a chunk whose blocking work is done, for the next CPU run. Drainer tasks run the
     * queued chunks; at most one per worker is in flight (with the waiting caller and the
     * claimers also draining), so a pipeline's continuations take few places in a bounded CPU
     * queue, where one task per chunk overflowed it. A drainer that finds the queue empty leaves
     * and then looks once more: a chunk queued as it left, by a thread that saw no room for
     * another drainer, is not stranded.
     */
    private void enqueue(Chunk chunk) {
        ready.add(chunk);
        wakeWaiter();
        if (!tryAddDrainer()) {
            return; // a drainer in flight looks at the queue after it counts itself out
        }
        try {
            runtime.spawn(() -> {
                drainReady();
                return null;
            }, CPU);
        } catch (RejectedExecutionException e) {
            if (drainers.decrementAndGet() == 0 && waiter == null) {
                // nobody else is sure to take it: the lane refused (shut down, or full of other work)
                control.fail(e);
                if (ready.remove(chunk)) {
                    chunk.end();
                }
            }
        }
    }

    private boolean tryAddDrainer() {
        for (int n; (n = drainers.get()) < drainerLimit; ) {
            if (drainers.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void drainReady() {
        do {
            for (Chunk next; (next = ready.poll()) != null; ) {
                next.advance();
            }
            drainers.decrementAndGet();
        } while (!ready.isEmpty() && tryAddDrainer());
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * One blocking task of a chunk, whose end is reported once both its handle has completed and
     * its body has returned (or is known never to run). A stopped evaluation cancels its blocking
     * tasks, and a cancelled running task's handle completes at once while its body runs on until
     * it sees the interrupt: reporting the end on the handle alone let a terminal return, or an
     * async stage complete, with functions of the pipeline still running.
     */
    private static final class BlockingCall {
        private final java.util.function.Consumer<Throwable> ended;
        /** The body's share and the handle's: the end is reported when both are in. */
        private final AtomicInteger parts = new AtomicInteger(2);
        /** Claimed by the body when it starts, or by the handle's completion when the body never will. */
        private final AtomicBoolean entered = new AtomicBoolean();
        /** The handle's failure, written before its part is counted and read after the last part. */
        private volatile Throwable failure;

        BlockingCall(java.util.function.Consumer<Throwable> ended) {
            this.ended = ended;
        }

        /** The body starts: false if the handle completed first, and the body must not run. */
        boolean enter() {
            return entered.compareAndSet(false, true);
        }

        void exit() {
            arrive();
        }

        void handleDone(Throwable failure) {
            this.failure = failure;
            if (entered.compareAndSet(false, true)) {
                arrive(); // never entered, and now never will: the body's part too
            }
            arrive();
        }

        private void arrive() {
            if (parts.decrementAndGet() == 0) {
                ended.accept(failure);
            }
        }
    }

    /** Feeds the inline prefix's elements, as read, to the first stage. */
    private record PrefixFeed(Sink head) implements java.util.function.Consumer<Object> {
        @Override
        public void accept(Object value) {
            head.accept(value);
        }
    }

    /** One chunk's way through the runs: CPU run, blocking stage, CPU run, ... terminal. */
    private final class Chunk implements StopSignal {
        final int index;
        Source input;
        long from;
        long to;
        int run;

        Chunk(int index, Source input, long from, long to) {
            this.index = index;
            this.input = input;
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean shouldStop() {
            return control.stopped || index > cutoff;
        }

        /** The chunk has ended, completed, failed or skipped: it counts once for progress and completion. */
        void end() {
            try {
                reportChunkEnded();
            } finally {
                finishOne();
            }
        }

        void advance() {
            try {
                if (shouldStop()) {
                    end();
                    return;
                }
                if (run == runs.length - 1) {
                    Terminal.Acc acc = Sequential.accumulate(input, from, to, runs[run], terminal, this);
                    store(index, acc);
                    if (acc.done() && !shouldStop()) {
                        if (terminal.cut == Terminal.Cut.UNORDERED) {
                            decisive = acc;
                            control.stop();
                        } else {
                            lowerCutoff(index);
                        }
                    }
                    end();
                } else {
                    Terminal.Acc buffer = Terminals.gather(Kind.OBJ, Long.MAX_VALUE).newAcc();
                    Sink head = Sequential.chain(runs[run], buffer, this);
                    input.push(from, to, head, false, this);
                    Terminals.Gather g = (Terminals.Gather) buffer;
                    dispatchBlocking(g.values, g.size);
                }
            } catch (Throwable t) {
                control.fail(t);
                end();
            }
        }

        private void dispatchBlocking(Object[] values, int n) {
            Function<Object, Object> f = blocking[run];
            if (n == 0) {
                continueWith(values, 0);
                return;
            }
            if (!hybrid) {
                BlockingCall call = new BlockingCall(failure -> afterBlocking(failure, values, n));
                window.submit(() -> spawnBlocking(call, () -> {
                    for (int i = 0; i < n && !shouldStop(); i++) {
                        values[i] = f.apply(values[i]);
                    }
                }));
                return;
            }
            AtomicInteger remaining = new AtomicInteger(n);
            AtomicBoolean failed = new AtomicBoolean();
            for (int i = 0; i < n; i++) {
                int at = i;
                BlockingCall call = new BlockingCall(failure -> {
                    if (failure != null) {
                        failed.set(true);
                        recordFailure(failure);
                    }
                    if (remaining.decrementAndGet() == 0) {
                        if (failed.get()) {
                            end();
                        } else {
                            continueWith(values, n);
                        }
                    }
                });
                window.submit(() -> spawnBlocking(call, () -> {
                    if (!shouldStop()) {
                        values[at] = f.apply(values[at]);
                    }
                }));
            }
        }

        /**
         * Sends one blocking call to the blocking lane, as the {@link BlockingWindow} lets it go:
         * its end is reported to the window, so the next call waiting there goes out. A call let
         * go after its chunk was stopped is not sent; one the lane rejects (shut down, or its
         * queue full of other work) fails the evaluation.
         */
        private void spawnBlocking(BlockingCall call, Runnable body) {
            if (shouldStop()) {
                call.handleDone(null); // as a body that saw the stop: the chunk ends at its next step
                window.ended();
                return;
            }
            TaskHandle<Void> handle;
            try {
                handle = runtime.spawn(() -> {
                    if (call.enter()) {
                        try {
                            body.run();
                        } finally {
                            call.exit();
                        }
                    }
                    return null;
                }, BLOCKING);
            } catch (RejectedExecutionException e) {
                control.fail(e);
                call.handleDone(e);
                window.ended();
                return;
            }
            control.register(handle);
            wakeWaiter();
            handle.whenComplete((ignored, failure) -> {
                control.unregister(handle);
                call.handleDone(failure);
                window.ended();
            });
        }

        private void afterBlocking(Throwable failure, Object[] values, int n) {
            if (failure != null) {
                recordFailure(failure);
                end();
            } else {
                continueWith(values, n);
            }
        }

        private void recordFailure(Throwable failure) {
            Throwable cause = cause(failure);
            if (!(cause instanceof CancellationException && control.stopped)) {
                control.fail(cause);
            }
        }

        private void continueWith(Object[] values, int n) {
            if (shouldStop()) {
                end();
                return;
            }
            input = new Source.Buffer(Kind.OBJ, values, n);
            from = 0;
            to = n;
            run++;
            enqueue(this);
        }
    }
}
