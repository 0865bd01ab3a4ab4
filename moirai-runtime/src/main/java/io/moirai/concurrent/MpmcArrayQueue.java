package io.moirai.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded FIFO queue for any number of producer and consumer threads.
 *
 * <pre>{@code
 * MpmcArrayQueue<Job> jobs = new MpmcArrayQueue<>(4096);   // holds exactly 4096
 * jobs.offer(job);                                        // any thread; false when full
 * Job next = jobs.poll();                                 // any thread; null when empty
 * }</pre>
 *
 * <p>The capacity is rounded up to a power of two, and exactly that many elements fit; a
 * capacity of 1 is allowed. Every method may be called by any thread. Offer, poll and peek are
 * linearizable and allocate nothing; offer and poll cost one cas each. They are not lock-free
 * in the strict sense: a strict {@code poll} waits for a producer that has claimed the head's
 * index and not yet written it, and a strict {@code offer} waits for a consumer that has
 * claimed the index its slot last held and not yet emptied it. The relaxed methods report empty
 * or full instead. {@link MessageQueue} says how relaxed {@code size}, {@code isEmpty} and the
 * iterator are.
 *
 * @param <E> the type of elements
 */
public final class MpmcArrayQueue<E> extends MpmcArrayQueuePad3<E> {
    /*
     * Design note
     *
     * Algorithm
     * Dmitry Vyukov's bounded MPMC queue (Bounded MPMC queue, 1024cores.net, 2010), as in JCTools'
     * MpmcArrayQueue. Index i lives in slot i & (capacity - 1), and each slot has a sequence number
     * that says which index it is ready for, and for whom:
     *   - 2 i: free, waiting for the producer of index i;
     *   - 2 i + 1: holds the element of index i, waiting for its consumer;
     *   - the consumer of index i then sets it to 2 (i + capacity): free for the next lap.
     * Producers claim indices by cas on producerIndex, consumers by cas on consumerIndex; the
     * sequence number tells each whether its index's slot is ready, so neither reads the other
     * side's index except to tell a full (or empty) queue from a slot that is still in someone's
     * hands.
     *   - offer reads producerIndex = p and the slot's sequence. 2 p: it claims p by cas, writes
     *     the element, and stores 2 p + 1. Larger: another producer took p; retry. Smaller: the
     *     slot still holds index p - capacity; if consumerIndex <= p - capacity the queue is full,
     *     otherwise a consumer has claimed that index and is emptying the slot, and offer retries
     *     (relaxedOffer reports full instead).
     *   - poll mirrors it: consumerIndex = c, sequence 2 c + 1 means the element is there: claim c
     *     by cas, read and clear the slot, store 2 (c + capacity). Smaller: empty if producerIndex
     *     <= c, otherwise the producer of c is writing; retry (relaxedPoll reports empty).
     * Vyukov's and JCTools' encoding, i free and i + 1 full, makes "full for index i" and "free for
     * index i + 1" the same number when the capacity is 1, so JCTools requires a capacity of at
     * least 2. Doubling the index keeps the two apart for every capacity; it halves the range of
     * indices, to 2^62, which no queue reaches.
     *
     * Invariants
     *   1. consumerIndex <= producerIndex <= consumerIndex + capacity; both only grow, by cas.
     *   2. A slot's sequence only grows, and moves only from 2 i to 2 i + 1 (by the producer that
     *      claimed i) and from 2 i + 1 to 2 (i + capacity) (by the consumer that claimed i). So a
     *      claimed index's slot belongs to its claimer alone until the claimer's store of the
     *      sequence hands it on.
     *
     * Memory ordering
     * The vocabulary is that of the package documentation.
     *   - Hand-off. Every store of a sequence number is a release store and every load an acquire
     *     load. The producer writes the element with a plain store before its release store of 2 p
     *     + 1; the consumer that acquires 2 c + 1 therefore sees the element and everything its
     *     producer wrote first (MpmcArrayQueuePublicationTest in moirai-jcstress). The consumer
     *     reads and clears the element with plain accesses before its release store of 2 (c +
     *     capacity); the producer of the next lap acquires that number before it writes, so it
     *     never overwrites an element not yet read, and the clearing never erases the new element
     *     (MpmcArrayQueueSequenceHandoffTest, at capacity 1).
     *   - Claiming. Two producers (or two consumers) that read the same index race by cas; the
     *     loser retries with a fresh index (MpmcArrayQueueTwoConsumersTest,
     *     MpmcArrayQueueTwoProducersTest).
     *   - Full and empty. The indices are read with volatile loads. A sequence below 2 p means
     *     index p is not claimed yet (a claim needs 2 p and sequences only grow), so p was the
     *     current producer index, and a consumer index read afterwards that is at most p - capacity
     *     shows capacity claimed indices at that moment: full. Empty is the mirror image.
     *
     * Layout
     *   MpmcArrayQueuePad0       128 bytes of padding, after the object header
     *   MpmcArrayQueueBuffer     buffer, sequences, mask    (read-only, shared)
     *   MpmcArrayQueuePad1       128 bytes of padding
     *   MpmcArrayQueueProducer   producerIndex              (cas by producers)
     *   MpmcArrayQueuePad2       128 bytes of padding
     *   MpmcArrayQueueConsumer   consumerIndex              (cas by consumers)
     *   MpmcArrayQueuePad3       128 bytes of padding, before the next object
     * QueueLayoutTest checks it with JOL. The sequences are a long[] beside the Object[] of
     * elements, as in JCTools, rather than an array of slot objects, which would cost an
     * indirection and an object per slot. The arrays have PAD unused elements (128 bytes or more)
     * before the first slot and after the last, so that the slots share no cache line with the
     * array's header, whose length every bounds check reads.
     *
     * Rejected
     *   - getAndAdd on the indices (as in the LCRQ family): a claimed index cannot be given back
     *     when the queue turns out full or empty, and repairing that needs a second protocol.
     *   - Reading the other side's index on every operation, as a Lamport-style queue with cas
     *     would: each offer would pull the consumers' cache line, and each poll the producers'.
     */

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(MpmcArrayQueueProducer.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(MpmcArrayQueueConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Creates an empty queue that holds {@code capacity} elements, rounded up to a power of two.
     *
     * @param capacity the most elements the queue holds, before rounding
     * @throws IllegalArgumentException if {@code capacity} is less than 1 or greater than
     *         2<sup>30</sup>
     */
    public MpmcArrayQueue(int capacity) {
        super(capacity);
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    /**
     * Adds an element at the tail unless the queue is full. Any thread.
     *
     * <p>Waits, spinning, while a consumer has claimed the index this slot last held and not
     * yet emptied it.
     *
     * @param e the element
     * @return {@code true} if it was added, {@code false} if the queue was full
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        long[] s = sequences;
        int m = mask;
        for (;;) {
            long p = (long) PRODUCER_INDEX.getVolatile(this);   // lv: read before the slot's sequence
            int slot = slot(p, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: the last consumer is done with the slot
            long free = p << 1;
            if (seq == free) {
                if (PRODUCER_INDEX.weakCompareAndSet(this, p, p + 1)) {   // cas: claim p; retried on failure
                    buffer[slot] = e;                   // plain: published by the release store below
                    SEQUENCE.setRelease(s, slot, free + 1);   // so: hands e to the consumer of p
                    return true;
                }
            } else if (seq < free) {                    // the slot still holds index p - capacity
                if (p - (m + 1) >= (long) CONSUMER_INDEX.getVolatile(this)) {   // lv: not even claimed: full
                    return false;
                }
                Thread.onSpinWait();                    // a consumer is emptying the slot
            }
        }
    }

    /**
     * Adds an element unless the queue is full or the next slot is still being emptied. Any
     * thread; never waits for another thread.
     */
    @Override
    public boolean relaxedOffer(E e) {
        Objects.requireNonNull(e, "e");
        long[] s = sequences;
        int m = mask;
        for (;;) {
            long p = (long) PRODUCER_INDEX.getVolatile(this);   // lv: as in offer
            int slot = slot(p, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: as in offer
            long free = p << 1;
            if (seq < free) {
                return false;
            }
            if (seq == free && PRODUCER_INDEX.weakCompareAndSet(this, p, p + 1)) {   // cas: as in offer
                buffer[slot] = e;                       // plain: published by the release store below
                SEQUENCE.setRelease(s, slot, free + 1); // so: as in offer
                return true;
            }
        }
    }

    /**
     * Removes and returns the element at the head. Any thread.
     *
     * <p>Waits, spinning, while a producer has claimed the head's index and not yet written its
     * element.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long[] s = sequences;
        int m = mask;
        for (;;) {
            long c = (long) CONSUMER_INDEX.getVolatile(this);   // lv: read before the slot's sequence
            int slot = slot(c, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: pairs with the producer's release
            long full = (c << 1) + 1;
            if (seq == full) {
                if (CONSUMER_INDEX.weakCompareAndSet(this, c, c + 1)) {   // cas: claim c; retried on failure
                    return take(s, slot, c);
                }
            } else if (seq < full) {                    // index c not written yet
                if (c >= (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: not even claimed: empty
                    return null;
                }
                Thread.onSpinWait();                    // its producer is writing it
            }
        }
    }

    /**
     * Removes and returns the head unless the queue is empty or its head is still being
     * written. Any thread; never waits for another thread.
     */
    @Override
    public E relaxedPoll() {
        long[] s = sequences;
        int m = mask;
        for (;;) {
            long c = (long) CONSUMER_INDEX.getVolatile(this);   // lv: as in poll
            int slot = slot(c, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: as in poll
            long full = (c << 1) + 1;
            if (seq < full) {
                return null;
            }
            if (seq == full && CONSUMER_INDEX.weakCompareAndSet(this, c, c + 1)) {   // cas: as in poll
                return take(s, slot, c);
            }
        }
    }

    /** Empties the slot of claimed index {@code c} and hands it to the producer of the next lap. */
    @SuppressWarnings("unchecked")
    private E take(long[] s, int slot, long c) {
        Object[] b = buffer;
        E e = (E) b[slot];                              // plain: published by the sequence we acquired
        b[slot] = null;                                 // plain: published by the release store below
        SEQUENCE.setRelease(s, slot, (c + mask + 1) << 1);   // so: frees the slot for index c + capacity
        return e;
    }

    /**
     * Returns the element at the head without removing it. Any thread.
     *
     * <p>Waits, spinning, while a producer has claimed the head's index and not yet written its
     * element.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    public E peek() {
        return peek(true);
    }

    /**
     * Returns the head unless the queue is empty or its head is still being written. Any
     * thread; never waits for another thread.
     */
    @Override
    public E relaxedPeek() {
        return peek(false);
    }

    /**
     * Reads the element of the head's index, then checks that the head is still that index:
     * if it is, the element was the head when it was read.
     */
    @SuppressWarnings("unchecked")
    private E peek(boolean strict) {
        long[] s = sequences;
        int m = mask;
        for (;;) {
            long c = (long) CONSUMER_INDEX.getVolatile(this);   // lv: as in poll
            int slot = slot(c, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: as in poll
            long full = (c << 1) + 1;
            if (seq == full) {
                Object e = SLOT.getAcquire(buffer, slot);       // acquire: racing a consumer; the check below follows it
                if (e != null && c == (long) CONSUMER_INDEX.getVolatile(this)) {   // lv: c not taken yet
                    return (E) e;
                }
            } else if (seq < full) {
                if (!strict || c >= (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: as in poll
                    return null;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Any thread; see {@link MessageQueue#drain(Consumer, int)}. */
    @Override
    public int drain(Consumer<? super E> sink, int limit) {
        Objects.requireNonNull(sink, "sink");
        checkLimit(limit);
        int n = 0;
        E e;
        while (n < limit && (e = relaxedPoll()) != null) {
            n++;
            sink.accept(e);
        }
        return n;
    }

    /**
     * Any thread; see {@link MessageQueue#fill}, including what a failing supplier does. Claims
     * one index at a time, as {@link #offer} does, then asks {@code supplier} for its element;
     * like offer it stops only when the queue is full, and waits, spinning, while a consumer has
     * claimed the index its next slot last held and not yet emptied it.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "supplier");
        checkLimit(limit);
        long[] s = sequences;
        int m = mask;
        int n = 0;
        while (n < limit) {
            long p = (long) PRODUCER_INDEX.getVolatile(this);   // lv: as in offer
            int slot = slot(p, m);
            long seq = (long) SEQUENCE.getAcquire(s, slot);     // acquire: as in offer
            long free = p << 1;
            if (seq == free) {
                if (PRODUCER_INDEX.weakCompareAndSet(this, p, p + 1)) {   // cas: as in offer
                    buffer[slot] = supplier.get();      // plain: published by the release store below
                    SEQUENCE.setRelease(s, slot, free + 1);   // so: as in offer
                    n++;
                }
            } else if (seq < free) {                    // as in offer: full, or a consumer is emptying the slot
                // Stopping here without reading consumerIndex would report full a queue whose
                // consumer has already claimed (taken, as poll's linearization goes) that element.
                if (p - (m + 1) >= (long) CONSUMER_INDEX.getVolatile(this)) {   // lv: as in offer
                    break;
                }
                Thread.onSpinWait();
            }
        }
        return n;
    }

    /**
     * A weakly consistent iterator over the elements, oldest first; see {@link MessageQueue}.
     * Any thread. It skips an element whose producer has claimed its index but not yet written
     * it. Its {@code remove} throws {@link UnsupportedOperationException}.
     */
    @Override
    public Iterator<E> iterator() {
        return new WeakIterator<E>(this) {
            /*
             * Reads each slot as a seqlock: the sequence, the element, then the sequence again. If both
             * reads show {@code 2 i + 1}, the element read in between is index {@code i}'s and no
             * consumer had handed the slot on yet.
             */
            @Override
            @SuppressWarnings("unchecked")
            E elementAt(long i) {
                int slot = slot(i, mask);
                long full = (i << 1) + 1;
                long seq = (long) SEQUENCE.getAcquire(sequences, slot);   // acquire: the element read below is the producer's or later
                if (seq != full) {
                    return null;                            // not written yet, or taken
                }
                Object e = SLOT.getAcquire(buffer, slot);   // acquire: the second sequence read cannot move before it
                return (long) SEQUENCE.getAcquire(sequences, slot) == full ? (E) e : null;
            }
        }.start();
    }

    @Override
    long producerIndexVolatile() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    @Override
    long consumerIndexVolatile() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    @Override
    int sizeBound() {
        return mask + 1;
    }
}

/** Padding between the object header (and the object before this one) and the shared fields. */
abstract class MpmcArrayQueuePad0<E> extends AbstractMessageQueue<E> {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte p000, p001, p002, p003, p004, p005, p006, p007, p010, p011, p012, p013, p014, p015, p016, p017;
    byte p020, p021, p022, p023, p024, p025, p026, p027, p030, p031, p032, p033, p034, p035, p036, p037;
    byte p040, p041, p042, p043, p044, p045, p046, p047, p050, p051, p052, p053, p054, p055, p056, p057;
    byte p060, p061, p062, p063, p064, p065, p066, p067, p070, p071, p072, p073, p074, p075, p076, p077;
    byte p100, p101, p102, p103, p104, p105, p106, p107, p110, p111, p112, p113, p114, p115, p116, p117;
    byte p120, p121, p122, p123, p124, p125, p126, p127, p130, p131, p132, p133, p134, p135, p136, p137;
    byte p140, p141, p142, p143, p144, p145, p146, p147, p150, p151, p152, p153, p154, p155, p156, p157;
    byte p160, p161, p162, p163, p164, p165, p166, p167, p170, p171, p172, p173, p174, p175, p176, p177;
    // CPD-ON
}

/** The fields every thread reads and none writes after construction. */
abstract class MpmcArrayQueueBuffer<E> extends MpmcArrayQueuePad0<E> {
    /** The elements, between {@code PAD} unused elements on either side; {@code null} where none. */
    final Object[] buffer;
    /** Each slot's sequence number: {@code 2 i} free for index {@code i}, {@code 2 i + 1} holding it. */
    final long[] sequences;
    /** The capacity minus 1; the capacity is a power of two. */
    final int mask;

    MpmcArrayQueueBuffer(int capacity) {
        int length = roundUpToPowerOfTwo("capacity", capacity);
        buffer = new Object[PAD + length + PAD];
        sequences = new long[PAD + length + PAD];
        for (int i = 0; i < length; i++) {
            sequences[PAD + i] = 2L * i;                // plain: the queue reaches other threads by a safe publication
        }
        mask = length - 1;
    }
}

/** Padding between the shared fields and the producers' index. */
abstract class MpmcArrayQueuePad1<E> extends MpmcArrayQueueBuffer<E> {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte q000, q001, q002, q003, q004, q005, q006, q007, q010, q011, q012, q013, q014, q015, q016, q017;
    byte q020, q021, q022, q023, q024, q025, q026, q027, q030, q031, q032, q033, q034, q035, q036, q037;
    byte q040, q041, q042, q043, q044, q045, q046, q047, q050, q051, q052, q053, q054, q055, q056, q057;
    byte q060, q061, q062, q063, q064, q065, q066, q067, q070, q071, q072, q073, q074, q075, q076, q077;
    byte q100, q101, q102, q103, q104, q105, q106, q107, q110, q111, q112, q113, q114, q115, q116, q117;
    byte q120, q121, q122, q123, q124, q125, q126, q127, q130, q131, q132, q133, q134, q135, q136, q137;
    byte q140, q141, q142, q143, q144, q145, q146, q147, q150, q151, q152, q153, q154, q155, q156, q157;
    byte q160, q161, q162, q163, q164, q165, q166, q167, q170, q171, q172, q173, q174, q175, q176, q177;
    // CPD-ON

    MpmcArrayQueuePad1(int capacity) {
        super(capacity);
    }
}

/** The producers' index. */
abstract class MpmcArrayQueueProducer<E> extends MpmcArrayQueuePad1<E> {
    /** The next index a producer claims; only grows, only by cas. */
    long producerIndex;

    MpmcArrayQueueProducer(int capacity) {
        super(capacity);
    }
}

/** Padding between the producers' index and the consumers'. */
abstract class MpmcArrayQueuePad2<E> extends MpmcArrayQueueProducer<E> {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte r000, r001, r002, r003, r004, r005, r006, r007, r010, r011, r012, r013, r014, r015, r016, r017;
    byte r020, r021, r022, r023, r024, r025, r026, r027, r030, r031, r032, r033, r034, r035, r036, r037;
    byte r040, r041, r042, r043, r044, r045, r046, r047, r050, r051, r052, r053, r054, r055, r056, r057;
    byte r060, r061, r062, r063, r064, r065, r066, r067, r070, r071, r072, r073, r074, r075, r076, r077;
    byte r100, r101, r102, r103, r104, r105, r106, r107, r110, r111, r112, r113, r114, r115, r116, r117;
    byte r120, r121, r122, r123, r124, r125, r126, r127, r130, r131, r132, r133, r134, r135, r136, r137;
    byte r140, r141, r142, r143, r144, r145, r146, r147, r150, r151, r152, r153, r154, r155, r156, r157;
    byte r160, r161, r162, r163, r164, r165, r166, r167, r170, r171, r172, r173, r174, r175, r176, r177;
    // CPD-ON

    MpmcArrayQueuePad2(int capacity) {
        super(capacity);
    }
}

/** The consumers' index. */
abstract class MpmcArrayQueueConsumer<E> extends MpmcArrayQueuePad2<E> {
    /** The next index a consumer claims; only grows, only by cas. */
    long consumerIndex;

    MpmcArrayQueueConsumer(int capacity) {
        super(capacity);
    }
}

/** Padding between the consumers' index and the object after this one. */
abstract class MpmcArrayQueuePad3<E> extends MpmcArrayQueueConsumer<E> {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte s000, s001, s002, s003, s004, s005, s006, s007, s010, s011, s012, s013, s014, s015, s016, s017;
    byte s020, s021, s022, s023, s024, s025, s026, s027, s030, s031, s032, s033, s034, s035, s036, s037;
    byte s040, s041, s042, s043, s044, s045, s046, s047, s050, s051, s052, s053, s054, s055, s056, s057;
    byte s060, s061, s062, s063, s064, s065, s066, s067, s070, s071, s072, s073, s074, s075, s076, s077;
    byte s100, s101, s102, s103, s104, s105, s106, s107, s110, s111, s112, s113, s114, s115, s116, s117;
    byte s120, s121, s122, s123, s124, s125, s126, s127, s130, s131, s132, s133, s134, s135, s136, s137;
    byte s140, s141, s142, s143, s144, s145, s146, s147, s150, s151, s152, s153, s154, s155, s156, s157;
    byte s160, s161, s162, s163, s164, s165, s166, s167, s170, s171, s172, s173, s174, s175, s176, s177;
    // CPD-ON

    MpmcArrayQueuePad3(int capacity) {
        super(capacity);
    }
}
