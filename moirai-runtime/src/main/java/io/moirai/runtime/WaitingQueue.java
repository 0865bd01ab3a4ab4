package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The blocking lane's queue of tasks waiting for a permit: unbounded, first in first out, any
 * number of producers and consumers, and no lock on either side.
 *
 * <p><b>Why not the CPU lane's injection queue.</b> There one worker at a time drains a batch
 * under a consumer lock. Here every lane thread that finishes a task is a consumer of one
 * task, so with many submitters and the permits exhausted, every task's trip crosses the
 * consumer side. Under that lock (4 submitting threads, 256 permits, 2 cores, counted) a take
 * failed 2.2 times on average before it got the lock, and for every 16 takes one waiter yielded
 * its carrier, having spun past the time a holder needs: the holder's carrier had been
 * descheduled, and the waiters yielded, one virtual thread after another, until it ran again. Here a consumer that loses a race retries a CAS;
 * nobody waits for another consumer.
 *
 * <p><b>Shape.</b> Every element gets an index from the producers' counter ({@code tail}, one
 * {@code getAndAdd}: producers never retry) and is stored in that index's slot. Slots live in
 * segments of {@value #SEGMENT_SIZE}, linked in index order; the producer that first needs a
 * segment appends it. A consumer reads the slot at the consumers' counter ({@code head}) and
 * claims it with a CAS of {@code head} from that index to the next. Indices never repeat, so a
 * claim cannot succeed on a stale read (no ABA), and an element may be offered again once it
 * was taken (a periodic task, every period). The intrusive linked queue this replaces could do
 * neither with many consumers: a lock-free list whose consumers CAS its head must keep the
 * last taken element as its dummy node, and a periodic task offered again while it is that
 * node would link to itself. Segments cost one array per {@value #SEGMENT_SIZE} elements; the
 * collector takes them once the consumers have passed them.
 *
 * <p><b>Half-stored elements.</b> Between a producer's {@code getAndAdd} and its store, the
 * slot reads null although {@code tail} says the element exists. {@link #poll()} then waits:
 * it returns null only when every element offered before it began was taken, which the
 * blocking lane relies on (see {@code BlockingLane}, "No lost hand-off"). The producer stores
 * right after its {@code getAndAdd}, unless its thread was descheduled between the two, so the
 * consumer spins briefly, then yields ({@link Backoff}); no other consumer waits for it.
 *
 * <p>Memory ordering: the {@code getAndAdd} is a full fence; the slot store is a release store,
 * and the consumer's acquire load of the slot sees the element's fields. The winner of a claim
 * clears the slot (so the collector can take the element) with a release store after its CAS,
 * so a consumer that reads the cleared slot also sees {@code head} past it and retries instead
 * of waiting for a producer. The segment links and the segment pointers are published with
 * CAS and read with acquire loads; {@code head} and {@code tail} are read with volatile loads
 * where a decision depends on their order with a slot read.
 *
 * @param <E> the element type
 */
final class WaitingQueue<E> {

    /** Slots per segment. */
    static final int SEGMENT_SIZE = 64;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle TAIL;
    private static final VarHandle TAIL_SEGMENT;
    private static final VarHandle HEAD;
    private static final VarHandle HEAD_SEGMENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Segment.class, "next", Segment.class);
            TAIL = lookup.findVarHandle(ProducerSide.class, "tail", long.class);
            TAIL_SEGMENT = lookup.findVarHandle(ProducerSide.class, "tailSegment", Segment.class);
            HEAD = lookup.findVarHandle(ConsumerSide.class, "head", long.class);
            HEAD_SEGMENT = lookup.findVarHandle(ConsumerSide.class, "headSegment", Segment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slots for indices {@code base} to {@code base + slots.length - 1}. */
    static final class Segment {
        final long base;
        final Object[] slots;
        /** The segment after this one; set once, by CAS. */
        volatile Segment next;

        Segment(long base, int size) {
            this.base = base;
            this.slots = new Object[size];
        }

        /** Whether the index lies before this segment's end (callers know it is not before its start). */
        boolean holds(long index) {
            return index < base + slots.length;
        }
    }

    // Producers write tail on every offer, consumers head on every poll: the two live on separate
    // cache lines (64 bytes of padding on each side, laid out through the class chain because
    // the JVM groups a class's own fields by size).

    @SuppressWarnings("unused")
    abstract static class Pad0 {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class ProducerSide extends Pad0 {
        /** The next index to give a producer. */
        volatile long tail;
        /**
         * A segment at or before the one holding {@code tail}: advanced only by a producer that
         * got an index in the segment it advances to (see {@link #offer}).
         */
        volatile Segment tailSegment;
    }

    @SuppressWarnings("unused")
    abstract static class Pad1 extends ProducerSide {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class ConsumerSide extends Pad1 {
        /** The next index to take; claimed by CAS. */
        volatile long head;
        /** A segment at or before the one holding {@code head}; advanced by CAS once {@code head} passed its end. */
        volatile Segment headSegment;
    }

    @SuppressWarnings("unused")
    abstract static class Pad2 extends ConsumerSide {
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }

    /** The queue, between its paddings. */
    private static final class Sides extends Pad2 {
    }

    private final Sides sides = new Sides();

    WaitingQueue() {
        this(SEGMENT_SIZE);
    }

    /** With segments of {@code segmentSize} slots: tests use small ones to cross segments often. */
    WaitingQueue(int segmentSize) {
        if (segmentSize < 1) {
            throw new IllegalArgumentException("segmentSize must be positive: " + segmentSize);
        }
        Segment first = new Segment(0L, segmentSize);
        sides.tailSegment = first;
        sides.headSegment = first;
    }

    /** Any thread: appends an element (not null). */
    void offer(E element) {
        // Read before taking the index: whoever advanced tailSegment to a segment had taken an
        // index in it first, so every index taken after this read lies in it or after it.
        Segment segment = (Segment) TAIL_SEGMENT.getAcquire(sides);
        long index = (long) TAIL.getAndAdd(sides, 1L);
        while (!segment.holds(index)) {
            Segment next = nextOf(segment);
            // advance the shared pointer only from the segment this producer walked from: it
            // never moves back, and never past a segment holding an index already given out
            TAIL_SEGMENT.compareAndSet(sides, segment, next);
            segment = next;
        }
        // release: the consumer's acquire load of the slot then sees the element's fields
        SLOT.setRelease(segment.slots, (int) (index - segment.base), element);
    }

    /** The segment after {@code segment}, appended by this thread if nobody has yet. */
    private static Segment nextOf(Segment segment) {
        Segment next = (Segment) NEXT.getAcquire(segment);
        if (next != null) {
            return next;
        }
        Segment appended = new Segment(segment.base + segment.slots.length, segment.slots.length);
        Segment witness = (Segment) NEXT.compareAndExchange(segment, (Segment) null, appended);
        return witness == null ? appended : witness;
    }

    /**
     * Any thread: takes the oldest element, or returns null when every element offered before
     * this call began was taken. Waits for an element whose producer has its index but has not
     * stored it yet (see the class comment).
     */
    @SuppressWarnings("unchecked")
    E poll() {
        for (int spins = 0; ; ) {
            long index = sides.head;
            Segment segment = (Segment) HEAD_SEGMENT.getAcquire(sides);
            if (index < segment.base) {
                continue; // another consumer moved head, then the segment pointer, since the read
            }
            if (!segment.holds(index)) {
                Segment next = (Segment) NEXT.getAcquire(segment);
                if (next != null) {
                    HEAD_SEGMENT.compareAndSet(sides, segment, next);
                } else if (sides.tail <= index) {
                    return null;
                } else {
                    Backoff.pause(spins++); // a producer with an index past this segment is appending the next
                }
                continue;
            }
            int slot = (int) (index - segment.base);
            Object element = SLOT.getAcquire(segment.slots, slot);
            if (element != null) {
                if (HEAD.compareAndSet(sides, index, index + 1L)) {
                    // release: a consumer that reads the cleared slot then sees head past it
                    SLOT.setRelease(segment.slots, slot, (Object) null);
                    return (E) element;
                }
            } else if (sides.head != index) {
                continue; // taken, and cleared, by another consumer
            } else if (sides.tail <= index) {
                return null; // nothing offered at this index yet: empty
            } else {
                Backoff.pause(spins++); // offered, not yet stored
            }
        }
    }

    /**
     * Whether every index given out so far was taken. Reads {@code head}, then {@code tail}: an
     * element whose producer's {@code getAndAdd} came before the call (in the order of that
     * counter's updates) makes it false, even if the element is not stored yet; an element taken
     * meanwhile may or may not be seen.
     */
    boolean looksEmpty() {
        long head = sides.head;
        return head >= sides.tail;
    }

    /**
     * The elements offered and not taken, including those still being stored; a sample. Reads
     * {@code tail} before {@code head}: the other way round, a reader held up between the two
     * reads (descheduled, with more threads than CPUs) counted every element offered meanwhile,
     * taken or not, and the blocking lane reported 33 tasks waiting where 4 can; this way it can
     * only miss elements that came and went.
     */
    long size() {
        long tail = sides.tail;
        return Math.max(0L, tail - sides.head);
    }
}
