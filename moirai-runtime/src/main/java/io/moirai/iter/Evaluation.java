package io.moirai.iter;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One terminal operation applied to one pipeline, handed to an {@link ExecutionContext} to
 * evaluate: the service-provider view for contexts written outside this package, a distributed
 * one for example. It describes the plan ({@link #stages()}, {@link #sourceSize()},
 * {@link #hasBlockingStages()}, {@link #partitionedSource()}) and evaluates it in parts that the
 * context places where it likes and combines in encounter order:
 *
 * <pre>{@code
 * public <R> R evaluate(Evaluation<R> evaluation) {
 *     evaluation.requireSerializable();                       // refuse before any work is sent
 *     List<Evaluation.Part> parts = evaluation.split(members.size() * 4);
 *     List<Evaluation.Partial> partials = new ArrayList<>();
 *     for (Evaluation.Part part : parts) {                   // in practice: in parallel, elsewhere
 *         partials.add(sendAndRun(evaluation.task(part)));     // PartTask and Partial serialize
 *         evaluation.progress().onProgress(partials.size(), parts.size());
 *     }
 *     return evaluation.combine(partials);                     // in the order of the parts
 * }
 * }</pre>
 *
 * <p><b>Running a part in another JVM.</b> {@link #task(Part)} packs a part into a
 * {@link PartTask}: the part's slice of the source (a copy of an array's or list's range, a
 * range's bounds, a partitioned source's partition numbers), the stages and the terminal. It is
 * {@link Serializable}, and serializes when the pipeline's functions and elements do; its
 * {@link PartTask#run() run()} gives a {@link Partial}, serializable likewise, which the caller
 * passes to {@link #combine(List)}. Java serialization is the transport contract; a context
 * chooses the stream and its filter. The stages' and terminals' parameters are serializable
 * functional types ({@link SerializableFunction} and its relatives), so a pipeline of lambdas
 * serializes when what the lambdas capture does; {@link #requireSerializable()} checks that up
 * front and names the stage that does not.
 *
 * <p><b>Terminals that run on the caller.</b> {@code collect} and {@code forEach} take a
 * {@link java.util.stream.Collector} or an action that need not serialize, and run where the
 * terminal was called: for them a part's task carries the stages alone and its partial carries
 * the part's output elements back; {@link #combine(List)} feeds those, part after part, to the
 * collector or the action on the calling thread, so a context that sends parts elsewhere runs
 * {@code forEach} in encounter order, on the caller. Such a partial is as large as the part's
 * output.
 *
 * <p><b>Where the elements are.</b> A pipeline over a {@link PartitionedSource} splits by
 * partition, so each part names partitions, not element indices, and a context can route it to
 * the partition's owner: {@link #partitionedSource()} gives the source to ask.
 *
 * <p>A pipeline with a {@code limit} or {@code chunked} stage, or over an unindexed source
 * (an iterable that is not a random-access list, a spliterator, a channel), is not splittable: it
 * splits into one part, which {@link #evaluate(Part)} evaluates whole and which cannot be sent.
 *
 * @param <R> the terminal's result type
 */
public final class Evaluation<R> {

    final Source source;
    final Op[] ops;
    final Terminal<R> terminal;
    private final ProgressListener progress;

    Evaluation(Source source, Op[] ops, Terminal<R> terminal) {
        this(source, ops, terminal, ProgressListener.NONE);
    }

    Evaluation(Source source, Op[] ops, Terminal<R> terminal, ProgressListener progress) {
        this.source = source;
        this.ops = ops;
        this.terminal = terminal;
        this.progress = progress;
    }

    /**
     * The stages in order, by name: {@code map}, {@code filter}, {@code flatMap},
     * {@code mapBlocking}, {@code peek}, {@code limit}, {@code chunked}, {@code mapToInt}, ...
     *
     * @return the stage names
     */
    public List<String> stages() {
        List<String> names = new ArrayList<>(ops.length);
        for (Op op : ops) {
            names.add(op.name);
        }
        return List.copyOf(names);
    }

    /**
     * The number of elements the source holds, or -1 when it is not known before traversal (an
     * unindexed or partitioned source).
     *
     * @return the source's size or -1
     */
    public long sourceSize() {
        return source.size();
    }

    /**
     * The partitioned source of a pipeline made by {@link Iter#of(PartitionedSource)}.
     *
     * @return the source, or empty for any other source
     */
    public Optional<PartitionedSource<?>> partitionedSource() {
        return source instanceof Source.OfPartitions p ? Optional.of(p.partitioned) : Optional.empty();
    }

    /**
     * Whether some stage may block ({@code mapBlocking}).
     *
     * @return true when a stage may block
     */
    public boolean hasBlockingStages() {
        for (Op op : ops) {
            if (op.blocking()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #split(int)} can give more than one part.
     *
     * @return true for an indexed or partitioned source and no {@code limit}/{@code chunked} stage
     */
    public boolean isSplittable() {
        if (!source.indexed() && !(source instanceof Source.OfPartitions)) {
            return false;
        }
        for (Op op : ops) {
            if (op.barrier()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that what {@link #task(Part)} packs to run elsewhere serializes, so that a context
     * that sends parts to other JVMs can refuse a pipeline before any work is sent: it calls this
     * first, in the terminal's thread. Each stage's function, the terminal's function (unless
     * the terminal runs on the caller: {@code collect}, {@code forEach}) and, for a
     * {@link #isSplittable() splittable} evaluation, the source (a partitioned source itself; the
     * elements of an array or list) are written to a stream that discards the bytes. The local
     * contexts never call it.
     *
     * <p>It costs a serialization of the stages, and of the elements of an object array or list
     * source: about as much as sending them.
     *
     * @throws IllegalArgumentException if one of them cannot be serialized; the message names the
     *                                  stage as {@code "map #2"} (its name in {@link #stages()} and
     *                                  its position there, counted from 1), {@code "terminal min"}
     *                                  or {@code "source element #17"}, and the class that cannot
     *                                  be serialized (a captured object's, usually)
     */
    public void requireSerializable() {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            for (int i = 0; i < ops.length; i++) {
                write(out, ops[i], "stage " + ops[i].name + " #" + (i + 1), "captures");
            }
            if (!terminal.runsOnCaller()) {
                write(out, terminal, "terminal " + terminal.name, "captures");
            }
            if (!isSplittable()) {
                return;        // the source is read where it is: it never travels
            }
            if (source instanceof Source.OfPartitions p) {
                write(out, p.partitioned, "source " + p.partitioned.getClass().getName(), "holds");
            } else if (source.kind == Kind.OBJ) {
                requireSerializableElements(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);     // closing a stream that writes nowhere
        }
    }

    /**
     * Writes the elements one by one rather than the source whole, so that the message names
     * the element; resetting the stream now and then keeps its back-reference table (which
     * would otherwise hold every element until the end) small.
     */
    private void requireSerializableElements(ObjectOutputStream out) {
        source.push(0, source.size(), new Sink() {
            private long index;

            @Override
            void accept(Object value) {
                write(out, value, "source element #" + index, "is or holds");
                if (++index % 1024 == 0) {
                    try {
                        out.reset();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }, false, Control.NONE);
    }

    private static void write(ObjectOutputStream out, Object value, String what, String relation) {
        try {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " cannot be serialized to run in another JVM: it " + relation
                    + " an instance of " + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be serialized to run in another JVM: " + e, e);
        }
    }

    /**
     * The listener bound with {@code withProgress}, which a context tells of each part or chunk
     * that ends.
     *
     * @return the listener, {@link ProgressListener#NONE} when none was bound
     */
    public ProgressListener progress() {
        return progress;
    }

    /**
     * Evaluates the whole pipeline on the calling thread, in encounter order, as one chunk.
     * A calling thread interrupted before or while it runs stops it within one block of elements
     * (or before its next blocking call), as in the parallel contexts.
     *
     * @return the result
     * @throws CancellationException if the calling thread was interrupted before the evaluation
     *                               ended; the interrupt status stays set
     */
    public R evaluateSequentially() {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(); // as a parallel context's caller, which checks before its first chunk
        }
        return evaluateSequentially(new Sequential.CallerInterrupt());
    }

    /**
     * The caller was interrupted: the interrupt status stays set for it to see, and the cause is
     * an {@link InterruptedException}, as when a channel source's read is interrupted.
     */
    static CancellationException interrupted(String message) {
        CancellationException cancelled = new CancellationException(message);
        cancelled.initCause(new InterruptedException());
        return cancelled;
    }

    private static CancellationException interrupted() {
        return interrupted("interrupted while evaluating the pipeline");
    }

    /**
     * The whole pipeline on this thread, stopped by {@code stop}; a caller's interrupt that
     * stopped it ({@link Sequential.CallerInterrupt}) is thrown rather than a partial result
     * finished. An async stage's stop needs no such check: nobody sees its result.
     */
    R evaluateSequentially(StopSignal stop) {
        long size = source.indexed() ? source.size() : 0;
        Terminal.Acc acc = Sequential.accumulate(source, 0, size, ops, terminal, stop);
        if (stop instanceof Sequential.CallerInterrupt interrupt && interrupt.stopped()) {
            throw interrupted();
        }
        R result = terminal.finish(acc);
        progress.onProgress(1, 1);
        return result;
    }

    /**
     * Cuts the input into at most {@code maxParts} contiguous parts of nearly equal size, in
     * encounter order: element ranges, or partition ranges of a partitioned source
     * ({@code split(Integer.MAX_VALUE)} gives one part per partition).
     *
     * @param maxParts the most parts wanted, at least 1
     * @return the parts, at least one
     * @throws IllegalArgumentException if {@code maxParts} is less than 1
     */
    public List<Part> split(int maxParts) {
        if (maxParts < 1) {
            throw new IllegalArgumentException("maxParts must be at least 1, was " + maxParts);
        }
        long size = source instanceof Source.OfPartitions p ? p.to - p.from : source.size();
        if (!isSplittable() || size <= 1) {
            return List.of(new Part(0, 0, Math.max(0, size)));
        }
        int parts = (int) Math.min(maxParts, size);
        List<Part> result = new ArrayList<>(parts);
        // size * i / parts would overflow for sizes above Long.MAX_VALUE / parts
        long share = size / parts;
        long extra = size % parts;
        for (int i = 0; i < parts; i++) {
            // = size * i / parts exactly: size = share * parts + extra, and extra * i < parts^2 fits
            result.add(new Part(i, share * i + extra * i / parts, share * (i + 1) + extra * (i + 1) / parts));
        }
        return List.copyOf(result);
    }

    /**
     * Evaluates one part on the calling thread.
     *
     * @param part a part from {@link #split(int)} of this evaluation
     * @return its partial result, to pass to {@link #combine(List)}
     * @throws NullPointerException if {@code part} is null
     */
    public Partial evaluate(Part part) {
        Objects.requireNonNull(part, "part");
        if (!isSplittable()) {
            long size = source.indexed() ? source.size() : 0;
            return new Partial(Sequential.accumulate(source, 0, size, ops, terminal, Control.NONE), false);
        }
        return task(part).run();
    }

    /**
     * Packs one part to run elsewhere, in another JVM for example: it holds only the part's
     * elements (or partition numbers), the stages and the terminal.
     *
     * @param part a part from {@link #split(int)} of this evaluation
     * @return the part's task
     * @throws NullPointerException  if {@code part} is null
     * @throws IllegalStateException if the evaluation is not {@link #isSplittable() splittable}
     */
    public PartTask task(Part part) {
        Objects.requireNonNull(part, "part");
        if (!isSplittable()) {
            throw new IllegalStateException("an evaluation with stages " + stages() + " over "
                    + source.getClass().getSimpleName() + " is not splittable; evaluate it where it is");
        }
        Source slice = source instanceof Source.OfPartitions p
                ? new Source.OfPartitions(p.partitioned, p.from + (int) part.from(), p.from + (int) part.to())
                : source.slice(part.from(), part.to());
        return terminal.runsOnCaller()
                ? new PartTask(part, slice, ops, Terminals.elements(terminal.in), true)
                : new PartTask(part, slice, ops, terminal, false);
    }

    /**
     * Combines the partial results of all parts, given in encounter order, into the result. For a
     * terminal that runs on the caller ({@code collect}, {@code forEach}) this is where the
     * collector or the action sees the elements, in encounter order, on the calling thread.
     *
     * @param partials one per part, in the order of {@link #split(int)}
     * @return the result
     * @throws NullPointerException if {@code partials} or one of them is null
     */
    public R combine(List<Partial> partials) {
        Objects.requireNonNull(partials, "partials");
        Terminal.Acc total = null;
        for (Partial partial : partials) {
            Terminal.Acc acc = Objects.requireNonNull(partial, "partial").acc;
            if (partial.elements) {
                // a part of a terminal that runs on the caller: its elements, fed here in order
                if (total == null) {
                    total = terminal.newAcc();
                }
                Source.Buffer buffer = ((Terminals.Gather) acc).buffer(terminal.in);
                buffer.push(0, buffer.size(), total, false, Control.NONE);
            } else if (total == null) {
                total = acc;
            } else {
                total.combine(acc);
            }
        }
        return terminal.finish(total == null ? terminal.newAcc() : total);
    }

    /**
     * A contiguous part of the input: elements {@code [from, to)} in encounter order, or
     * partitions {@code [from, to)} of a {@link PartitionedSource}.
     *
     * @param index its position among the parts
     * @param from  the first element's (or partition's) index
     * @param to    the index after its last element (or partition)
     */
    public record Part(int index, long from, long to) implements Serializable {
    }

    /**
     * One part packed to run anywhere: its slice of the source, the stages and the terminal.
     * Serializable when the pipeline's functions and elements are.
     */
    public static final class PartTask implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final Part part;
        private final Source slice;
        private final Op[] ops;
        private final Terminal<?> terminal;
        /** True when {@link #terminal} gathers the part's elements for a terminal on the caller. */
        private final boolean elements;

        PartTask(Part part, Source slice, Op[] ops, Terminal<?> terminal, boolean elements) {
            this.part = part;
            this.slice = slice;
            this.ops = ops;
            this.terminal = terminal;
            this.elements = elements;
        }

        /**
         * The part this task evaluates.
         *
         * @return the part
         */
        public Part part() {
            return part;
        }

        /**
         * Evaluates the part on the calling thread; a failure of the pipeline is thrown as it was
         * thrown.
         *
         * @return the part's partial result
         */
        public Partial run() {
            long size = slice.indexed() ? slice.size() : 0;
            return new Partial(Sequential.accumulate(slice, 0, size, ops, terminal, Control.NONE), elements);
        }
    }

    /**
     * The partial result of one part; opaque, consumed by {@link #combine(List)} once.
     * Serializable when the terminal's accumulated elements are.
     */
    public static final class Partial implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        final Terminal.Acc acc;
        /** True when {@link #acc} holds the part's elements for a terminal that runs on the caller. */
        final boolean elements;

        Partial(Terminal.Acc acc, boolean elements) {
            this.acc = acc;
            this.elements = elements;
        }
    }

    /** Throws {@code t} as it is, checked or not (the caller writes {@code throw rethrow(t)}). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * The result of a completed future, its failure rethrown as it was thrown, checked or not, as
     * the sequential context throws it (a terminal's finisher may throw a checked exception).
     */
    static <R> R unwrap(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause != null ? Evaluation.<RuntimeException>rethrow(cause) : e;
        }
    }
}
