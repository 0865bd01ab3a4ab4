package io.moirai.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded FIFO queue for one producer thread and one consumer thread.
 *
 * <pre>{@code
 * SpscArrayQueue<Frame> frames = new SpscArrayQueue<>(256);   // holds exactly 256
 * // producer thread                  // consumer thread
 * while (!frames.offer(frame)) {      Frame f = frames.poll();     // null when empty
 *     Thread.onSpinWait();            int n = frames.drain(this::render, 32);
 * }
 * }</pre>
 *
 * <p>The capacity is rounded up to a power of two, and exactly that many elements fit. One
 * thread at a time may call the producer methods ({@code offer}, {@code add}, {@code addAll},
 * {@code relaxedOffer}, {@code fill}) and one thread at a time the consumer methods
 * ({@code poll}, {@code remove()}, {@code element}, {@code peek}, {@code relaxedPoll},
 * {@code relaxedPeek}, {@code drain}, {@code clear}); nothing checks this, and two producers or
 * two consumers at once lose or duplicate elements. {@code size}, {@code isEmpty},
 * {@code capacity} and the iterator are for any thread; {@link MessageQueue} says how relaxed
 * they are. No operation waits for the other thread, so the relaxed methods are the strict
 * ones. Offer and poll are linearizable, allocate nothing, and use no atomic read-modify-write
 * instruction.
 *
 * @param <E> the type of elements
 */
public final class SpscArrayQueue<E> extends SpscArrayQueuePad3<E> {
    /*
     * Design note
     *
     * Algorithm
     * The single-writer single-reader buffer of FastFlow (Aldinucci, Danelutto, Kilpatrick,
     * Meneghin and Torquati, An Efficient Unbounded Lock-Free Queue for Multi-core Systems,
     * Euro-Par 2012) with the look-ahead of B-Queue (Wang, Zhang, Tang and Hua, B-Queue: Efficient
     * and Practical Queuing for Fast Core-to-Core Communication, 2013), as JCTools' SpscArrayQueue
     * has it. Index i lives in slot i & (capacity - 1) of an array of exactly capacity slots. The
     * slot itself says whether it is full: null is free, anything else is an element. So neither
     * side reads the other's index on its hot path.
     *   - offer writes its element into the slot of producerIndex and increments the index. Before
     *     that it must know the slot is free. Reading the slot on every offer would pull the
     *     consumer's cache line each time; instead the producer keeps producerLimit, the first
     *     index it has not yet checked. When it reaches it, it reads the slot lookAhead places
     *     further (capacity / 4, at most 4096): if that slot is free, so are all before it, because
     *     the consumer empties slots in order, and the producer may fill lookAhead + 1 slots
     *     without reading any. Otherwise it reads its own slot, and the queue is full if that one
     *     is taken.
     *   - poll reads the slot of consumerIndex; null means empty. Otherwise it increments the index
     *     and clears the slot, which hands it back to the producer.
     *
     * Invariants
     *   1. Only the producer writes producerIndex and producerLimit, and writes a slot only from
     *      null to an element; only the consumer writes consumerIndex, and writes a slot only from
     *      an element to null.
     *   2. The elements are the indices [consumerIndex, producerIndex), at most capacity of them;
     *      the slots of all other indices are null.
     *   3. Every index in [producerIndex, producerLimit) has a free slot, and the consumer cannot
     *      fill a slot, so it stays free until the producer fills it.
     *
     * Memory ordering
     * The vocabulary is that of the package documentation.
     *   - Publication. offer writes the slot with a release store and poll reads it with an acquire
     *     load: a consumer that receives an element sees everything the producer wrote before
     *     offering it. (SpscArrayQueuePublicationTest in moirai-jcstress.)
     *   - Slot reuse and the look-ahead. poll clears a slot with a release store; the producer
     *     reads a slot with an acquire load before it relies on it being free. If it sees null in
     *     the slot lookAhead places ahead, the consumer's clearing of that slot happens-before the
     *     producer's next writes, and so do the consumer's reads and clearings of every earlier
     *     slot, which came first in the consumer's program order. So the producer never overwrites
     *     an element the consumer has not taken, and the consumer never reads a newer element out
     *     of a slot it is taking. The consumer reads its slot before clearing it, and the producer
     *     writes a slot only after seeing it cleared, so plain accesses would do for the slot
     *     itself; it is the look-ahead, which trusts one slot for others, that needs release and
     *     acquire. (SpscArrayQueueLookAheadTest.) poll's release store is a release fence
     *     followed by a plain store of null rather than the array handle's setRelease: every store
     *     through an array element handle, null included, first checks that the array is exactly
     *     an Object[] (a load of its class and a compare on the consumer's hot path), a plain store
     *     of the constant null needs no check, and the fence keeps every load and store before it
     *     ahead of the store, which is all a release store promises.
     *   - Indices. Each index has one writer, which reads it plain. The other side never reads it
     *     on its hot path; size, isEmpty and the iterator read both with volatile or acquire loads.
     *     Both are stored with release stores, which cost what a plain store does on x86:
     *     producerIndex after the slot, so that a reader who sees it also sees the element;
     *     consumerIndex before the slot is cleared, so that a reader who sees a slot refilled with
     *     a newer element also sees that the consumer moved past the old one (the iterator relies
     *     on that to skip a slot that was reused while it looked at it).
     *
     * Layout
     * The producer's and the consumer's fields live on cache lines of their own, padded by the
     * class hierarchy (HotSpot lays out a superclass's fields before its subclass's):
     *   SpscArrayQueuePad0       128 bytes of padding, after the object header
     *   SpscArrayQueueBuffer     buffer, mask, lookAhead           (read-only, shared)
     *   SpscArrayQueuePad1       128 bytes of padding
     *   SpscArrayQueueProducer   producerIndex, producerLimit      (producer's line)
     *   SpscArrayQueuePad2       128 bytes of padding
     *   SpscArrayQueueConsumer   consumerIndex                     (consumer's line)
     *   SpscArrayQueuePad3       128 bytes of padding, before the next object
     * QueueLayoutTest checks it with JOL. The slots themselves are not padded: producer and
     * consumer share a slot's cache line only while the queue is nearly empty or nearly full. The
     * array has PAD unused elements (128 bytes or more) before the first slot and after the last,
     * so that the slots share no cache line with the array's header, whose length every bounds
     * check reads. Without them, the producer's writes to the first slots would take that line from
     * the consumer once per lap, and the consumer's clearing would take it back (JCTools, reading
     * no length, does without).
     *
     * Rejected
     *   - Lamport's queue, where each side reads the other's index to know whether there is room or
     *     an element, even with each side caching the other's index: the consumer must then read
     *     the producer's index line whenever it catches up, and the producer must store its index
     *     after every element, both on cache lines the other side reads. With the slot as the flag
     *     the consumer reads only the line it takes the element from.
     *   - A capacity of at least 4, as JCTools requires: with capacity < 4 there is no look-ahead
     *     and the producer checks every slot, so any capacity from 1 fits exactly.
     */

    /** The most slots the producer checks at once. */
    static final int MAX_LOOK_AHEAD = 4096;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(SpscArrayQueueProducer.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(SpscArrayQueueConsumer.class, "consumerIndex", long.class);
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
    public SpscArrayQueue(int capacity) {
        super(capacity);
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    /**
     * Adds an element at the tail unless the queue is full. Producer thread only.
     *
     * @param e the element
     * @return {@code true} if it was added, {@code false} if the queue was full
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        long p = producerIndex;                         // plain: only the producer writes it
        if (p >= producerLimit) {                       // plain: producerLimit is the producer's own
            return offerAfterCheck(e, p);
        }
        SLOT.setRelease(buffer, slot(p, mask), e);     // so: publishes e to the consumer's acquire
        PRODUCER_INDEX.setRelease(this, p + 1);         // so: a reader of the index sees the slot
        return true;
    }

    /**
     * The rest of {@link #offer} once the producer has used up the slots it knew were free: checks
     * ahead and, if the slot is free, stores the element. A method of its own, which offer calls
     * once per look-ahead, and offer returns its result, so that offer's common path holds no
     * value across a call and compiles without spilling registers to the stack.
     */
    private boolean offerAfterCheck(E e, long p) {
        Object[] b = buffer;
        if (!checkAhead(b, p)) {
            return false;
        }
        SLOT.setRelease(b, slot(p, mask), e);          // so: as in offer
        PRODUCER_INDEX.setRelease(this, p + 1);         // so: as in offer
        return true;
    }

    /** The same as {@link #offer}: it never waits. Producer thread only. */
    @Override
    public boolean relaxedOffer(E e) {
        return offer(e);
    }

    /**
     * Removes and returns the element at the head. Consumer thread only.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        Object[] b = buffer;
        long c = consumerIndex;                         // plain: only the consumer writes it
        int slot = slot(c, mask);
        Object e = SLOT.getAcquire(b, slot);            // acquire: pairs with offer's release
        if (e == null) {
            return null;
        }
        CONSUMER_INDEX.setRelease(this, c + 1);         // so: before the slot is freed (see the note)
        VarHandle.releaseFence();                       // release: with the store below, frees the slot (see the note)
        b[slot] = null;                                 // plain: a release store by the fence above; the producer acquires it
        return (E) e;
    }

    /** The same as {@link #poll}: it never waits. Consumer thread only. */
    @Override
    public E relaxedPoll() {
        return poll();
    }

    /**
     * Returns the element at the head without removing it. Consumer thread only.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) SLOT.getAcquire(buffer, slot(consumerIndex, mask));   // acquire: as in poll
    }

    /** The same as {@link #peek}: it never waits. Consumer thread only. */
    @Override
    public E relaxedPeek() {
        return peek();
    }

    /** Consumer thread only; see {@link MessageQueue#drain(Consumer, int)}. */
    @Override
    @SuppressWarnings("unchecked")
    public int drain(Consumer<? super E> sink, int limit) {
        Objects.requireNonNull(sink, "sink");
        checkLimit(limit);
        Object[] b = buffer;
        int m = mask;
        long c = consumerIndex;                         // plain: only the consumer writes it
        int n = 0;
        while (n < limit) {
            int slot = slot(c, m);
            Object e = SLOT.getAcquire(b, slot);        // acquire: as in poll
            if (e == null) {
                break;
            }
            CONSUMER_INDEX.setRelease(this, ++c);       // so: as in poll
            VarHandle.releaseFence();                   // release: as in poll
            b[slot] = null;                             // plain: as in poll
            n++;
            sink.accept((E) e);
        }
        return n;
    }

    /**
     * Producer thread only; see {@link MessageQueue#fill}. The only producer needs to claim
     * nothing, so it asks {@code supplier} only for a slot it knows is free, and a supplier that
     * returns {@code null} or throws leaves the queue as it was before that call.
     *
     * @throws NullPointerException if {@code supplier} is or returns {@code null}
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "supplier");
        checkLimit(limit);
        Object[] b = buffer;
        long p = producerIndex;                         // plain: only the producer writes it
        int n = 0;
        while (n < limit && (p < producerLimit || checkAhead(b, p))) {
            E e = Objects.requireNonNull(supplier.get(), "supplier returned null");
            SLOT.setRelease(b, slot(p, mask), e);      // so: as in offer
            PRODUCER_INDEX.setRelease(this, ++p);       // so: as in offer
            n++;
        }
        return n;
    }

    /**
     * The producer's slow path: whether the slot of index {@code p} is free, moving
     * {@code producerLimit} past every slot it found free.
     */
    private boolean checkAhead(Object[] b, long p) {
        int step = lookAhead;
        if (step > 0 && SLOT.getAcquire(b, slot(p + step, mask)) == null) {   // acquire: and all earlier slots' clearing
            producerLimit = p + step + 1;               // slots p .. p + step are free
            return true;
        }
        if (SLOT.getAcquire(b, slot(p, mask)) == null) {   // acquire: the consumer is done with this slot
            producerLimit = p + 1;
            return true;
        }
        return false;
    }

    /**
     * A weakly consistent iterator over the elements, oldest first; see {@link MessageQueue}.
     * Any thread. Its {@code remove} throws {@link UnsupportedOperationException}.
     */
    @Override
    public Iterator<E> iterator() {
        return new WeakIterator<E>(this) {
            /*
             * Reads a slot, then the consumer index: if the consumer has not passed the index yet, the
             * slot still holds that index's element (the consumer stores its index before it frees the
             * slot, and the producer refills a slot only after seeing it freed).
             */
            @Override
            @SuppressWarnings("unchecked")
            E elementAt(long i) {
                Object e = SLOT.getAcquire(buffer, slot(i, mask));    // acquire: the index read below is not older
                long c = (long) CONSUMER_INDEX.getAcquire(SpscArrayQueue.this);
                if (c > i) {                                // taken meanwhile; e may be a newer element
                    index = Math.max(index, c);
                    return null;
                }
                return (E) e;
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
abstract class SpscArrayQueuePad0<E> extends AbstractMessageQueue<E> {
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

/** The fields both sides read and neither writes after construction. */
abstract class SpscArrayQueueBuffer<E> extends SpscArrayQueuePad0<E> {
    /** The slots, between {@code PAD} unused elements on either side; {@code null} marks a free one. */
    final Object[] buffer;
    /** The capacity minus 1; the capacity is a power of two. */
    final int mask;
    /** How far ahead the producer checks for free slots; 0 for capacities below 4. */
    final int lookAhead;

    SpscArrayQueueBuffer(int capacity) {
        int length = roundUpToPowerOfTwo("capacity", capacity);
        buffer = new Object[PAD + length + PAD];
        mask = length - 1;
        lookAhead = Math.min(length / 4, SpscArrayQueue.MAX_LOOK_AHEAD);
    }
}

/** Padding between the shared fields and the producer's. */
abstract class SpscArrayQueuePad1<E> extends SpscArrayQueueBuffer<E> {
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

    SpscArrayQueuePad1(int capacity) {
        super(capacity);
    }
}

/** The producer's fields. */
abstract class SpscArrayQueueProducer<E> extends SpscArrayQueuePad1<E> {
    /** The next index the producer fills; written only by the producer. */
    long producerIndex;
    /** Every index below this one has a free slot; producer only. */
    long producerLimit;

    SpscArrayQueueProducer(int capacity) {
        super(capacity);
    }
}

/** Padding between the producer's fields and the consumer's. */
abstract class SpscArrayQueuePad2<E> extends SpscArrayQueueProducer<E> {
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

    SpscArrayQueuePad2(int capacity) {
        super(capacity);
    }
}

/** The consumer's fields. */
abstract class SpscArrayQueueConsumer<E> extends SpscArrayQueuePad2<E> {
    /** The next index the consumer takes; written only by the consumer. */
    long consumerIndex;

    SpscArrayQueueConsumer(int capacity) {
        super(capacity);
    }
}

/** Padding between the consumer's fields and the object after this one. */
abstract class SpscArrayQueuePad3<E> extends SpscArrayQueueConsumer<E> {
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

    SpscArrayQueuePad3(int capacity) {
        super(capacity);
    }
}
