package io.moirai.iter;

/**
 * The push side of a fused pipeline: a source pushes each element into the first stage's sink,
 * which pushes its output into the next, down to the terminal's accumulator. One sink chain serves
 * one thread over one contiguous piece of the input, so sinks hold plain (unsynchronised) state.
 *
 * <p>A sink accepts the one element type of its input {@link Kind}; the other methods are never
 * called on it. {@link #done()} is polled only by pipelines that can short-circuit
 * ({@code limit}, {@code findFirst}, the matches), so the others pay nothing for it.
 */
abstract class Sink {

    void accept(Object value) {
        throw new IllegalStateException("this sink does not take objects");
    }

    void acceptInt(int value) {
        throw new IllegalStateException("this sink does not take ints");
    }

    void acceptLong(long value) {
        throw new IllegalStateException("this sink does not take longs");
    }

    void acceptFloat(float value) {
        throw new IllegalStateException("this sink does not take floats");
    }

    void acceptDouble(double value) {
        throw new IllegalStateException("this sink does not take doubles");
    }

    /** True once nothing more pushed here can change the outcome: the source may stop. */
    boolean done() {
        return false;
    }

    /** The input has ended: stages that hold elements back (chunked) push them now. */
    void end() {
    }

    /** A sink that passes its output to a downstream sink. */
    abstract static class Chained extends Sink {
        final Sink down;

        Chained(Sink down) {
            this.down = down;
        }

        @Override
        boolean done() {
            return down.done();
        }

        @Override
        void end() {
            down.end();
        }
    }
}
