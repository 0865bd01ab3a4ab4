package io.moirai.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded FIFO queue for any number of producer threads and one consumer thread.
 *
 * <pre>{@code
 * MpscArrayQueue<Runnable> inbox = new MpscArrayQueue<>(1024);   // holds exactly 1024
 * // any thread                       // the one consumer thread
 * if (!inbox.offer(task)) {           Runnable next = inbox.poll();
 *     reject(task);                   int n = inbox.drain(Runnable::run, 64);
 * }
 * }</pre>
 *
 * <p>The capacity is rounded up to a power of two, and exactly that many elements fit. Any
 * thread may call the producer methods ({@code offer}, {@code add}, {@code addAll},
 * {@code relaxedOffer}, {@code fill}); one thread at a time may call the consumer methods
 * ({@code poll}, {@code remove()}, {@code element}, {@code peek}, {@code relaxedPoll},
 * {@code relaxedPeek}, {@code drain}, {@code clear}). Nothing checks this; two consumers at once
 * lose or duplicate elements. {@code size}, {@code isEmpty}, {@code capacity} and the iterator
 * are for any thread; {@link MessageQueue} says how relaxed they are. Offer and poll are
 * linearizable and allocate nothing; offer costs one cas, poll none.
 *
 * @param <E> the type of elements
 */
public final class MpscArrayQueue<E> extends MpscArrayQueuePad4<E> {
    /*
     * Design note
     *
     * Algorithm
     * JCTools' MpscArrayQueue. Index i lives in slot i & (capacity - 1); the slot is null when
     * free. Producers claim indices by cas on producerIndex; the one consumer takes them in order.
     *   - offer reads producerLimit, a lower bound of consumerIndex + capacity (the first index
     *     whose slot may still be taken), then producerIndex = p. If p is below the limit, it
     *     claims p by a cas of producerIndex from p to p + 1, writes its element into the slot and
     *     is done. Only when p reaches the limit does it read consumerIndex to compute a fresh
     *     limit, stores it for the other producers, and reports the queue full if p is still not
     *     below it. So producers read the consumer's cache line once per capacity offers or so, not
     *     on every offer.
     *   - poll reads the slot of consumerIndex. An element there is taken: the consumer clears the
     *     slot and increments the index. null means either that the queue is empty (producerIndex
     *     == consumerIndex) or that a producer has claimed the index and not yet written its
     *     element; then poll spins until it has, and relaxedPoll returns null instead.
     *
     * Invariants
     *   1. consumerIndex <= producerIndex <= consumerIndex + capacity: the claimed indices are
     *      [consumerIndex, producerIndex).
     *   2. producerLimit <= consumerIndex + capacity at every moment: each stored limit was
     *      computed from a value of consumerIndex, which only grows. A producer that stores an
     *      older limit over a newer one only makes a later producer read consumerIndex again.
     *   3. Each index is claimed by exactly one producer (the cas), whose element is the only one
     *      written into the slot for that index; the consumer clears the slot of index i before it
     *      stores consumerIndex = i + 1, the first moment a producer may claim i + capacity.
     *
     * Memory ordering
     * The vocabulary is that of the package documentation.
     *   - Publication. offer writes the slot with a release store, poll reads it with an acquire
     *     load: the consumer sees everything the producer wrote before offering the element.
     *     (MpscArrayQueuePublicationTest in moirai-jcstress.)
     *   - Slot reuse. poll clears the slot with a plain store and then stores consumerIndex with a
     *     release store. A producer reuses the slot only with a limit computed from that value or a
     *     later one, read with an acquire load, either by itself or by another producer that then
     *     stored the limit with a release store, which this producer read with an acquire load.
     *     Either way the consumer's read and clearing of the slot happen-before the producer's
     *     write, so the clearing cannot erase the new element and the consumer never reads it in
     *     place of the old one. (MpscArrayQueueSlotReuseTest.)
     *   - Claiming. The cas on producerIndex makes each index go to one producer
     *     (MpscArrayQueueLastSlotTest: two producers race for the last free slot). The producer
     *     reads producerIndex with an acquire load. The value is only a guess that the cas
     *     checks, and the slot is known free from the limit, whatever p is; the acquire is for
     *     the answer "full": it keeps refreshLimit's read of consumerIndex after the read of p,
     *     so consumerIndex is no older than p, p - consumerIndex is at most the queue's size at
     *     the moment p was read, and offer returns false only if the queue was full then. With
     *     an opaque load a weakly ordered processor could read consumerIndex first and p later,
     *     pair an old consumer index with a newer producer index and report full a queue that
     *     never was. (On x86 both are plain loads.)
     *   - Empty or in flight. When poll finds its slot null it reads producerIndex with a volatile
     *     load: equal to its own index means empty; larger means the element is on its way, and
     *     poll waits for the slot with acquire loads.
     *
     * Layout
     *   MpscArrayQueuePad0       128 bytes of padding, after the object header
     *   MpscArrayQueueBuffer     buffer, mask                 (read-only, shared)
     *   MpscArrayQueuePad1       128 bytes of padding
     *   MpscArrayQueueProducer   producerIndex                (cas by every producer)
     *   MpscArrayQueuePad2       128 bytes of padding
     *   MpscArrayQueueLimit      producerLimit                (read by every producer, rarely written)
     *   MpscArrayQueuePad3       128 bytes of padding
     *   MpscArrayQueueConsumer   consumerIndex                (consumer's line)
     *   MpscArrayQueuePad4       128 bytes of padding, before the next object
     * producerLimit has a line of its own so that it stays in every producer's cache while the cas
     * traffic moves producerIndex's line from core to core. QueueLayoutTest checks the layout with
     * JOL. The array has PAD unused elements (128 bytes or more) before the first slot and after
     * the last, so that the slots share no cache line with the array's header, whose length every
     * bounds check reads.
     *
     * Rejected
     *   - getAndAdd on producerIndex: it cannot fail, so a producer would claim an index before
     *     knowing there is room, and could not give it back when there is none.
     *   - Reading consumerIndex on every offer: every offer would pull the consumer's cache line.
     *   - Sequence numbers per slot (MpmcArrayQueue): the one consumer needs no cas, and the slot
     *     itself tells it whether the element is there.
     */

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(MpscArrayQueueProducer.class, "producerIndex", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(MpscArrayQueueLimit.class, "producerLimit", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(MpscArrayQueueConsumer.class, "consumerIndex", long.class);
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
    public MpscArrayQueue(int capacity) {
        super(capacity);
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    /**
     * Adds an element at the tail unless the queue is full. Any thread.
     *
     * @param e the element
     * @return {@code true} if it was added, {@code false} if the queue was full
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        long limit = (long) PRODUCER_LIMIT.getAcquire(this);   // acquire: the slots below it are free, see the note
        long p;
        do {
            p = (long) PRODUCER_INDEX.getAcquire(this); // acquire: before refreshLimit's read (see the note)
            if (p >= limit) {
                limit = refreshLimit();
                if (p >= limit) {
                    return false;
                }
            }
        } while (!PRODUCER_INDEX.weakCompareAndSet(this, p, p + 1));   // cas: claim p; retried on failure
        SLOT.setRelease(buffer, slot(p, mask), e);     // so: publishes e to the consumer's acquire
        return true;
    }

    /** The same as {@link #offer}: a producer never waits for another thread. Any thread. */
    @Override
    public boolean relaxedOffer(E e) {
        return offer(e);
    }

    /**
     * Reads {@code consumerIndex} and stores the limit it allows for the other producers.
     *
     * @return the new limit
     */
    private long refreshLimit() {
        long limit = (long) CONSUMER_INDEX.getAcquire(this) + mask + 1;   // acquire: slots below it were cleared first
        PRODUCER_LIMIT.setRelease(this, limit);         // so: passes the clearing on to producers that acquire it
        return limit;
    }

    /**
     * Removes and returns the element at the head. Consumer thread only.
     *
     * <p>Waits, spinning, while a producer has claimed the head's index but not yet written its
     * element.
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
            if (c == (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: nothing claimed past c
                return null;
            }
            e = awaitElement(b, slot);
        }
        b[slot] = null;                                 // plain: published by the release store below
        CONSUMER_INDEX.setRelease(this, c + 1);         // so: frees the slot for producers that acquire it
        return (E) e;
    }

    /**
     * Removes and returns the element at the head unless the queue is empty or its head is
     * still being written. Consumer thread only.
     *
     * @return the oldest element, or {@code null}
     */
    @Override
    @SuppressWarnings("unchecked")
    public E relaxedPoll() {
        Object[] b = buffer;
        long c = consumerIndex;                         // plain: only the consumer writes it
        int slot = slot(c, mask);
        Object e = SLOT.getAcquire(b, slot);            // acquire: pairs with offer's release
        if (e == null) {
            return null;
        }
        b[slot] = null;                                 // plain: published by the release store below
        CONSUMER_INDEX.setRelease(this, c + 1);         // so: as in poll
        return (E) e;
    }

    /**
     * Returns the element at the head without removing it. Consumer thread only.
     *
     * <p>Waits, spinning, while a producer has claimed the head's index but not yet written its
     * element.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        Object[] b = buffer;
        long c = consumerIndex;                         // plain: only the consumer writes it
        int slot = slot(c, mask);
        Object e = SLOT.getAcquire(b, slot);            // acquire: pairs with offer's release
        if (e == null && c != (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: claimed, not yet written
            e = awaitElement(b, slot);
        }
        return (E) e;
    }

    /**
     * Returns the element at the head unless the queue is empty or its head is still being
     * written. Consumer thread only.
     *
     * @return the oldest element, or {@code null}
     */
    @Override
    @SuppressWarnings("unchecked")
    public E relaxedPeek() {
        return (E) SLOT.getAcquire(buffer, slot(consumerIndex, mask));   // acquire: as in poll
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
            b[slot] = null;                             // plain: published by the release store below
            CONSUMER_INDEX.setRelease(this, ++c);       // so: as in poll
            n++;
            sink.accept((E) e);
        }
        return n;
    }

    /**
     * Any thread; see {@link MessageQueue#fill}, including what a failing supplier does. Claims
     * as many indices as fit, up to {@code limit}, with one cas, then asks {@code supplier} for
     * their elements.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "supplier");
        checkLimit(limit);
        if (limit == 0) {
            return 0;
        }
        long producerLimit = (long) PRODUCER_LIMIT.getAcquire(this);   // acquire: as in offer
        long p;
        int batch;
        do {
            p = (long) PRODUCER_INDEX.getAcquire(this); // acquire: as in offer
            if (producerLimit - p < limit) {
                // The cached limit would cut the batch short, or leave no room: it may be stale,
                // so read the consumer's progress. fill stops early only when the queue is full.
                producerLimit = refreshLimit();
                if (p >= producerLimit) {
                    return 0;
                }
            }
            batch = (int) Math.min(producerLimit - p, limit);
        } while (!PRODUCER_INDEX.weakCompareAndSet(this, p, p + batch));   // cas: claim [p, p + batch)
        Object[] b = buffer;
        for (int i = 0; i < batch; i++) {
            SLOT.setRelease(b, slot(p + i, mask), supplier.get());   // so: as in offer
        }
        return batch;
    }

    /** Spins until the producer that claimed the slot's index has written it. */
    private static Object awaitElement(Object[] b, int slot) {
        Object e;
        while ((e = SLOT.getAcquire(b, slot)) == null) {   // acquire: as in poll
            Thread.onSpinWait();
        }
        return e;
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
             * Reads a slot, then the consumer index: if the consumer has not passed the index yet, the
             * slot still holds that index's element, since a producer refills it only after the
             * consumer's index has passed it.
             */
            @Override
            @SuppressWarnings("unchecked")
            E elementAt(long i) {
                Object e = SLOT.getAcquire(buffer, slot(i, mask));    // acquire: the index read below is not older
                long c = (long) CONSUMER_INDEX.getAcquire(MpscArrayQueue.this);
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
abstract class MpscArrayQueuePad0<E> extends AbstractMessageQueue<E> {
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
abstract class MpscArrayQueueBuffer<E> extends MpscArrayQueuePad0<E> {
    /**
     * The slots, between {@code PAD} unused elements on either side; {@code null} marks a free
     * one, or one claimed and not yet written.
     */
    final Object[] buffer;
    /** The capacity minus 1; the capacity is a power of two. */
    final int mask;

    MpscArrayQueueBuffer(int capacity) {
        int length = roundUpToPowerOfTwo("capacity", capacity);
        buffer = new Object[PAD + length + PAD];
        mask = length - 1;
    }
}

/** Padding between the shared fields and the producers' index. */
abstract class MpscArrayQueuePad1<E> extends MpscArrayQueueBuffer<E> {
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

    MpscArrayQueuePad1(int capacity) {
        super(capacity);
    }
}

/** The producers' index. */
abstract class MpscArrayQueueProducer<E> extends MpscArrayQueuePad1<E> {
    /** The next index a producer claims; only grows, only by cas. */
    long producerIndex;

    MpscArrayQueueProducer(int capacity) {
        super(capacity);
    }
}

/** Padding between the producers' index and their limit. */
abstract class MpscArrayQueuePad2<E> extends MpscArrayQueueProducer<E> {
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

    MpscArrayQueuePad2(int capacity) {
        super(capacity);
    }
}

/** The producers' cached limit. */
abstract class MpscArrayQueueLimit<E> extends MpscArrayQueuePad2<E> {
    /** A lower bound of {@code consumerIndex + capacity}: every index below it has a free slot. */
    long producerLimit;

    MpscArrayQueueLimit(int capacity) {
        super(capacity);
        producerLimit = mask + 1;                  // plain: the queue reaches other threads by a safe publication
    }
}

/** Padding between the producers' limit and the consumer's index. */
abstract class MpscArrayQueuePad3<E> extends MpscArrayQueueLimit<E> {
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

    MpscArrayQueuePad3(int capacity) {
        super(capacity);
    }
}

/** The consumer's index. */
abstract class MpscArrayQueueConsumer<E> extends MpscArrayQueuePad3<E> {
    /** The next index the consumer takes; written only by the consumer. */
    long consumerIndex;

    MpscArrayQueueConsumer(int capacity) {
        super(capacity);
    }
}

/** Padding between the consumer's index and the object after this one. */
abstract class MpscArrayQueuePad4<E> extends MpscArrayQueueConsumer<E> {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte t000, t001, t002, t003, t004, t005, t006, t007, t010, t011, t012, t013, t014, t015, t016, t017;
    byte t020, t021, t022, t023, t024, t025, t026, t027, t030, t031, t032, t033, t034, t035, t036, t037;
    byte t040, t041, t042, t043, t044, t045, t046, t047, t050, t051, t052, t053, t054, t055, t056, t057;
    byte t060, t061, t062, t063, t064, t065, t066, t067, t070, t071, t072, t073, t074, t075, t076, t077;
    byte t100, t101, t102, t103, t104, t105, t106, t107, t110, t111, t112, t113, t114, t115, t116, t117;
    byte t120, t121, t122, t123, t124, t125, t126, t127, t130, t131, t132, t133, t134, t135, t136, t137;
    byte t140, t141, t142, t143, t144, t145, t146, t147, t150, t151, t152, t153, t154, t155, t156, t157;
    byte t160, t161, t162, t163, t164, t165, t166, t167, t170, t171, t172, t173, t174, t175, t176, t177;
    // CPD-ON

    MpscArrayQueuePad4(int capacity) {
        super(capacity);
    }
}
