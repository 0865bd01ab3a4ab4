package io.moirai.channel;

import java.util.ArrayDeque;

/**
 * The sequential behaviour of a channel's non-blocking operations, as Lincheck's specification:
 * a FIFO of at most {@code capacity} elements that can be closed; a oneshot accepts one element
 * ever and closes itself with it. The results are those of {@link ChannelLincheck}.
 */
public class ChannelSpecification {

    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private final int capacity;
    private final boolean oneshot;
    private boolean closed;
    private boolean sent;

    ChannelSpecification(int capacity, boolean oneshot) {
        this.capacity = capacity;
        this.oneshot = oneshot;
    }

    public String trySend(int value) {
        if (closed) {
            return sent ? "spent" : "closed";
        }
        if (buffer.size() >= capacity) {
            return "full";
        }
        buffer.add(value);
        if (oneshot) {
            sent = true;
            closed = true;
        }
        return "sent";
    }

    public Integer tryReceive() {
        return buffer.poll();
    }

    public boolean close() {
        boolean was = closed;
        closed = true;
        return !was;
    }

    public boolean isClosedForReceive() {
        return closed && buffer.isEmpty();
    }

    /** Bounded, capacity 2. */
    public static final class Bounded extends ChannelSpecification {
        public Bounded() {
            super(2, false);
        }
    }

    /** Unbounded. */
    public static final class Unbounded extends ChannelSpecification {
        public Unbounded() {
            super(Integer.MAX_VALUE, false);
        }
    }

    /** Rendezvous: with only non-blocking operations nobody ever waits, so nothing is ever accepted. */
    public static final class Rendezvous extends ChannelSpecification {
        public Rendezvous() {
            super(0, false);
        }
    }

    /** Oneshot. */
    public static final class Oneshot extends ChannelSpecification {
        public Oneshot() {
            super(1, true);
        }
    }
}
