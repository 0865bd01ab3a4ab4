package io.moirai.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a {@link BoundedChannel}: exactly {@code capacity} slots that any number of
 * senders and receivers fill and empty without a lock, and that can be closed, after which no
 * element enters.
 *
 * <p>{@link #offer} and {@link #poll} are linearizable: they report full or empty only if the
 * ring was full or empty at some moment of the call. The {@code relaxed} forms may also report
 * full or empty while another thread is halfway through an operation on the slot they need; the
 * channel uses them only where that thread is bound to look for waiters afterwards.
 */
final class BoundedRing extends BoundedRingPad3 {
    /*
     * Design note
     *
     * Algorithm
     * Dmitry Vyukov's bounded MPMC queue, with the sequence encoding of
     * io.moirai.concurrent.MpmcArrayQueue (read its design note first): index i lives in slot
     * i mod capacity, whose sequence is 2 i while the slot is free for the sender of i, 2 i + 1
     * while it holds i's element, and 2 (i + capacity) once i's receiver has emptied it. Senders
     * claim an index by cas on producerIndex, receivers by cas on consumerIndex; the sequence tells
     * each whether its slot is ready. Two things differ from MpmcArrayQueue:
     *   - The capacity is exact, not rounded up to a power of two: a channel of 100 holds 100. A
     *     power of two indexes with a mask, any other capacity with a remainder.
     *   - producerIndex holds the index shifted left by one, with the closed flag in bit 0. A
     *     sender's claim is a cas from an even value, so it fails once close() has set the bit,
     *     and an element either entered before the close or never. After the close the producer
     *     index is frozen, so "closed, and every claimed index taken by a receiver" (isDrained)
     *     stays true once true, and a strict poll after the close that finds the ring empty has
     *     seen the last element go.
     *
     * Memory ordering (vocabulary of io.moirai.concurrent's package documentation)
     *   - Hand-off, as in MpmcArrayQueue: the element is written plain and published by the
     *     release store of the slot's sequence, which the receiver reads with acquire; emptying
     *     the slot is published to the next lap's sender the same way.
     *   - Claims are cas (volatile) and the indices are read with lv, so every claim and every
     *     "full" or "empty" verdict is in the synchronization order. BoundedChannel's lost-wake-up
     *     argument rests on this: a strict poll that answers empty has read, with lv, a producer
     *     index no higher than a consumer index it read before; a strict offer that answers full,
     *     the mirror image.
     *   - The closed bit is set by getAndBitwiseOr (volatile), and read with the producer index.
     *
     * Layout: as MpmcArrayQueue's, two padded index fields and padded arrays, so that senders
     * and receivers share no cache line except the slots they hand over.
     */

    /** {@link #offer}: the element is in. */
    static final int ACCEPTED = 0;
    /** {@link #offer}: every slot holds an element. */
    static final int FULL = 1;
    /** {@link #offer}: closed; the element did not enter. */
    static final int CLOSED = 2;

    /** Bit 0 of {@link #producerIndex}. */
    private static final long CLOSED_BIT = 1L;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(BoundedRingProducer.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(BoundedRingConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * An empty, open ring.
     *
     * @param capacity the number of slots, at least 1
     */
    BoundedRing(int capacity) {
        super(capacity);
    }

    int capacity() {
        return capacity;
    }

    /**
     * Adds {@code e} unless the ring is full or closed. Waits, spinning, while a receiver that
     * has claimed the index this slot last held has not yet emptied it.
     *
     * @return {@link #ACCEPTED}, {@link #FULL} or {@link #CLOSED}
     */
    int offer(Object e) {
        return offer(e, true);
    }

    /** As {@link #offer}, but reports {@link #FULL} instead of waiting for a receiver to empty the slot. */
    int relaxedOffer(Object e) {
        return offer(e, false);
    }

    private int offer(Object e, boolean strict) {
        long[] s = sequences;
        for (;;) {
            long v = (long) PRODUCER_INDEX.getVolatile(this);  // lv: read before the slot's sequence
            if ((v & CLOSED_BIT) != 0L) {
                return CLOSED;
            }
            long p = v >>> 1;
            int slot = slot(p);
            long seq = (long) SEQUENCE.getAcquire(s, slot);    // acquire: the last receiver is done with the slot
            long free = p << 1;
            if (seq == free) {
                // cas: claims p; fails if another sender took p or close() set the bit; retried
                if (PRODUCER_INDEX.weakCompareAndSet(this, v, v + 2L)) {
                    elements[slot] = e;                         // plain: published by the release store below
                    SEQUENCE.setRelease(s, slot, free + 1L);    // so: hands e to the receiver of p
                    return ACCEPTED;
                }
            } else if (seq < free) {                            // the slot still holds index p - capacity
                if (!strict || p - capacity >= (long) CONSUMER_INDEX.getVolatile(this)) {   // lv: not even claimed: full
                    return FULL;
                }
                Thread.onSpinWait();                            // a receiver is emptying the slot
            }
        }
    }

    /**
     * Removes and returns the oldest element; null if the ring is empty. Waits, spinning, while
     * a sender that has claimed the oldest index has not yet written it.
     */
    Object poll() {
        return poll(true);
    }

    /** As {@link #poll}, but returns null instead of waiting for a sender to write the oldest index. */
    Object relaxedPoll() {
        return poll(false);
    }

    private Object poll(boolean strict) {
        long[] s = sequences;
        for (;;) {
            long c = (long) CONSUMER_INDEX.getVolatile(this);  // lv: read before the slot's sequence
            int slot = slot(c);
            long seq = (long) SEQUENCE.getAcquire(s, slot);    // acquire: pairs with the sender's release
            long full = (c << 1) + 1L;
            if (seq == full) {
                if (CONSUMER_INDEX.weakCompareAndSet(this, c, c + 1L)) {   // cas: claims c; retried on failure
                    Object[] b = elements;
                    Object e = b[slot];                         // plain: published by the sequence we acquired
                    b[slot] = null;                             // plain: published by the release store below
                    SEQUENCE.setRelease(s, slot, (c + capacity) << 1);   // so: frees the slot for the next lap
                    return e;
                }
            } else if (seq < full) {                            // index c not written yet
                // lv: not even claimed: empty
                if (!strict || c >= (long) PRODUCER_INDEX.getVolatile(this) >>> 1) {
                    return null;
                }
                Thread.onSpinWait();                            // its sender is writing it
            }
        }
    }

    /**
     * Whether a poll would likely find an element now: a cheap check for a thread that spins
     * before it waits, which reads no line that senders write but the slot itself.
     */
    boolean mayPoll() {
        long c = (long) CONSUMER_INDEX.getOpaque(this);        // opaque: a hint; poll() decides
        return (long) SEQUENCE.getOpaque(sequences, slot(c)) == (c << 1) + 1L;   // opaque: as above
    }

    /** Whether an offer would likely find room now; the mirror image of {@link #mayPoll}. */
    boolean mayOffer() {
        long p = (long) PRODUCER_INDEX.getOpaque(this) >>> 1;   // opaque: a hint; offer() decides
        return (long) SEQUENCE.getOpaque(sequences, slot(p)) == p << 1;   // opaque: as above
    }

    /**
     * Closes the ring: from now on no element enters.
     *
     * @return true if this call closed it
     */
    boolean close() {
        // getAndBitwiseOr (volatile): a sender's claim after it fails, one before it is in.
        return ((long) PRODUCER_INDEX.getAndBitwiseOr(this, CLOSED_BIT) & CLOSED_BIT) == 0L;
    }

    boolean isClosed() {
        return ((long) PRODUCER_INDEX.getVolatile(this) & CLOSED_BIT) != 0L;   // lv: ordered with the ops
    }

    /** Whether the ring is closed and every element that entered has been taken; final once true. */
    boolean isDrained() {
        long v = (long) PRODUCER_INDEX.getVolatile(this);      // lv: frozen once the bit is set
        return (v & CLOSED_BIT) != 0L && (long) CONSUMER_INDEX.getVolatile(this) >= v >>> 1;   // lv
    }

    /** The number of elements held or being written; an estimate while others operate. */
    int size() {
        long c = (long) CONSUMER_INDEX.getVolatile(this);      // lv: consumer first, so the difference is not negative
        long p = (long) PRODUCER_INDEX.getVolatile(this) >>> 1;   // lv
        return (int) Math.min(capacity, Math.max(0L, p - c));
    }

    private int slot(long index) {
        int i = mask >= 0 ? (int) index & mask : (int) (index % capacity);
        return PAD + i;
    }
}

/** Padding between the object header (and the object before this one) and the shared fields. */
abstract class BoundedRingPad0 {
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
abstract class BoundedRingSlots extends BoundedRingPad0 {
    /**
     * Unused array elements before the first slot and after the last: 128 bytes or more, so that
     * the slots share no cache line with the array's header, which every bounds check reads.
     */
    static final int PAD = 32;

    /** The elements, between {@link #PAD} unused elements on either side; null where none. */
    final Object[] elements;
    /** Each slot's sequence number: {@code 2 i} free for index {@code i}, {@code 2 i + 1} holding it. */
    final long[] sequences;
    /** The number of slots. */
    final int capacity;
    /** The capacity minus 1 if it is a power of two, else -1. */
    final int mask;

    BoundedRingSlots(int capacity) {
        elements = new Object[PAD + capacity + PAD];
        sequences = new long[PAD + capacity + PAD];
        for (int i = 0; i < capacity; i++) {
            sequences[PAD + i] = 2L * i;                // plain: the ring reaches other threads by a safe publication
        }
        this.capacity = capacity;
        this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
    }
}

/** Padding between the shared fields and the senders' index. */
abstract class BoundedRingPad1 extends BoundedRingSlots {
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

    BoundedRingPad1(int capacity) {
        super(capacity);
    }
}

/** The senders' index. */
abstract class BoundedRingProducer extends BoundedRingPad1 {
    /** Twice the next index a sender claims, plus 1 once closed; only grows, by cas and by close. */
    long producerIndex;

    BoundedRingProducer(int capacity) {
        super(capacity);
    }
}

/** Padding between the senders' index and the receivers'. */
abstract class BoundedRingPad2 extends BoundedRingProducer {
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

    BoundedRingPad2(int capacity) {
        super(capacity);
    }
}

/** The receivers' index. */
abstract class BoundedRingConsumer extends BoundedRingPad2 {
    /** The next index a receiver claims; only grows, only by cas. */
    long consumerIndex;

    BoundedRingConsumer(int capacity) {
        super(capacity);
    }
}

/** Padding between the receivers' index and the object after this one. */
abstract class BoundedRingPad3 extends BoundedRingConsumer {
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

    BoundedRingPad3(int capacity) {
        super(capacity);
    }
}
