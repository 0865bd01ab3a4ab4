package io.moirai.iter;

import java.util.concurrent.CancellationException;

/**
 * Evaluation on one thread: the whole pipeline fused into one sink chain, fed in encounter order.
 * Barriers ({@code limit}, {@code chunked}) are ordinary stateful sinks here and blocking stages
 * plain maps.
 */
final class Sequential {

    private Sequential() {
    }

    /** Accumulates {@code [from, to)} of an indexed source, or all of an unindexed one. */
    static Terminal.Acc accumulate(Source source, long from, long to, Op[] ops, Terminal<?> terminal,
                                   StopSignal stop) {
        if (ops.length == 0 && source.indexed()) {
            Terminal.Acc direct = terminal.direct(source, from, to);
            if (direct != null) {
                return direct;
            }
        }
        Terminal.Acc acc = terminal.newAcc();
        Sink head = chain(ops, acc, stop);
        boolean shortCircuit = shortCircuits(ops, terminal);
        if (source.indexed()) {
            source.push(from, to, head, shortCircuit, stop);
        } else {
            Source.pushAll(source.open(), head, shortCircuit, stop);
        }
        head.end();
        return acc;
    }

    /**
     * The blocking terminal's stop signal in the sequential context: the caller's interrupt, which
     * cancels the evaluation as it does in the parallel contexts (where the caller checks it
     * before each chunk it runs and while it waits). Polled where the other signals are: between
     * blocks of elements (also after the last one), before each blocking call, on an expanding
     * stage's output.
     */
    static final class CallerInterrupt implements StopSignal {

        /** Set by the first poll that sees the interrupt; read by the same thread afterwards. */
        private boolean stopped;

        @Override
        public boolean shouldStop() {
            return stopped || (stopped = Thread.currentThread().isInterrupted());
        }

        /** Whether a poll saw the interrupt, so the accumulated result is partial. */
        boolean stopped() {
            return stopped;
        }
    }

    static Sink chain(Op[] ops, Sink last) {
        return chain(ops, last, Control.NONE);
    }

    /**
     * The chain, polling {@code stop} where the source's own polls between blocks of elements do
     * not reach: before each blocking stage (a blocking call can take long, so a cancelled
     * evaluation must not start another one) and on the output of each expanding stage (one
     * element of the source may become endlessly many).
     */
    static Sink chain(Op[] ops, Sink last, StopSignal stop) {
        Sink sink = last;
        for (int i = ops.length - 1; i >= 0; i--) {
            if (stop != Control.NONE && ops[i].expands()) {
                sink = new ExpansionPoll(sink, stop);
            }
            sink = ops[i].wrap(sink);
            if (stop != Control.NONE && ops[i].blocking()) {
                sink = new Sink.Chained(sink) {
                    @Override
                    void accept(Object v) {
                        if (stop.shouldStop()) {
                            throw new CancellationException("the evaluation was cancelled");
                        }
                        down.accept(v);
                    }
                };
            }
        }
        return sink;
    }

    /**
     * Polls the stop signal every {@link Control#POLL_BLOCK} elements an expanding stage gives, and
     * from then on reports itself done and drops what it is given: the expanding stage looks at
     * {@code done()} before each element, and a stopped evaluation's accumulators are not used.
     */
    private static final class ExpansionPoll extends Sink.Chained {
        private final StopSignal stop;
        private int count;
        private boolean stopped;

        ExpansionPoll(Sink down, StopSignal stop) {
            super(down);
            this.stop = stop;
        }

        @Override
        void accept(Object v) {
            if (stopped || (++count % Control.POLL_BLOCK == 0 && (stopped = stop.shouldStop()))) {
                return;
            }
            down.accept(v);
        }

        @Override
        boolean done() {
            return stopped || down.done();
        }
    }

    static boolean shortCircuits(Op[] ops, Terminal<?> terminal) {
        if (terminal.cut != Terminal.Cut.NONE) {
            return true;
        }
        for (Op op : ops) {
            if (op.shortCircuits()) {
                return true;
            }
        }
        return false;
    }
}
