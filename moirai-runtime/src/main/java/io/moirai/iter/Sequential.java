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
        Sink head = stop == Control.NONE ? chain(ops, acc) : stoppableChain(ops, acc, stop);
        boolean shortCircuit = shortCircuits(ops, terminal);
        if (source.indexed()) {
            source.push(from, to, head, shortCircuit, stop);
        } else {
            Source.pushAll(source.open(), head, shortCircuit, stop);
        }
        head.end();
        return acc;
    }

    static Sink chain(Op[] ops, Sink last) {
        Sink sink = last;
        for (int i = ops.length - 1; i >= 0; i--) {
            sink = ops[i].wrap(sink);
        }
        return sink;
    }

    /**
     * The chain with a stop poll before each blocking stage: a blocking call can take long, so a
     * cancelled evaluation must not start another one (the source polls only every block).
     */
    private static Sink stoppableChain(Op[] ops, Sink last, StopSignal stop) {
        Sink sink = last;
        for (int i = ops.length - 1; i >= 0; i--) {
            sink = ops[i].wrap(sink);
            if (ops[i].blocking()) {
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
