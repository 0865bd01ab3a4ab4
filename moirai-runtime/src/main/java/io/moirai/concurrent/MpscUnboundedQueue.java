package io.moirai.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An unbounded FIFO queue for any number of producer threads and one consumer thread, made of
 * linked chunks of slots.
 *
 * <pre>{@code
 * MpscUnboundedQueue<Command> commands = new MpscUnboundedQueue<>();   // chunks of 1024
 * commands.offer(command);                   // any thread; always true, never waits
 * int n = commands.drain(this::apply, 256);  // the one consumer thread
 * }</pre>
 *
 * <p>Any thread may call the producer methods ({@code offer}, {@code add}, {@code addAll},
 * {@code relaxedOffer}, {@code fill}); one thread at a time may call the consumer methods
 * ({@code poll}, {@code remove()}, {@code element}, {@code peek}, {@code relaxedPoll},
 * {@code relaxedPeek}, {@code drain}, {@code clear}). Nothing checks this; two consumers at once
 * lose or duplicate elements. {@code size}, {@code isEmpty}, {@code capacity} (which returns
 * {@link #UNBOUNDED}) and the iterator are for any thread; {@link MessageQueue} says how relaxed
 * they are, and {@code size} saturates at {@link Integer#MAX_VALUE}. Offer never fails and never
 * waits for another thread: it costs one {@code getAndAdd}, plus an allocation and a cas once per
 * chunk. Offer and poll are linearizable. Memory grows with the backlog and shrinks as the
 * consumer catches up: consumed chunks become garbage.
 *
 * @param <E> the type of elements
 */
public final class MpscUnboundedQueue<E> extends MpscUnboundedQueuePad4<E> {
    /*
     * Design note
     *
     * Algorithm
     * An array queue whose array is an unbounded list of chunks, each chunkSize slots (1024 by
     * default), in the manner of JCTools' MpscUnboundedXaddArrayQueue (without its chunk pooling)
     * and of the segmented queues of crossbeam and Go's sync.Pool. Index i lives in slot i %
     * chunkSize of the chunk whose base is i - i % chunkSize; each chunk knows its base and links
     * to the next.
     *   - offer reads the hint producerChunk, then claims an index p with getAndAdd on
     *     producerIndex, which cannot fail. If p lies past the hint's chunk, it walks the next
     *     links to p's chunk, appending a chunk by cas wherever a link is missing (a producer that
     *     loses the cas takes the winner's chunk), and moves the hint forward to it. Then it writes
     *     its element into the slot.
     *   - poll takes the slot of consumerIndex in consumerChunk. When the index reaches the end of
     *     the chunk it moves to the next one, and detaches the old chunk by pointing its next at
     *     itself, so that a dead chunk never keeps a younger one reachable (which would let garbage
     *     survive young collections, "GC nepotism"). As in MpscArrayQueue, an empty slot below
     *     producerIndex means a producer has claimed the index and not yet written it: poll spins
     *     until it has, relaxedPoll returns null. A missing link below producerIndex is the same
     *     thing one step earlier: a producer has claimed an index of the next chunk and not yet
     *     linked that chunk. poll and peek spin until the link appears (then, if need be, until the
     *     slot is written); relaxedPoll and relaxedPeek return null. Only when producerIndex equals
     *     consumerIndex does poll return null.
     * Returning null at a missing link would be linearizable too (no offer past the link has
     * finished), but size and isEmpty count claimed indices, so the consumer could see isEmpty()
     * false and then poll() return null, once per chunk; inside a chunk it cannot. Waiting at the
     * link makes the two agree everywhere, which is what MessageQueue promises, and costs nothing
     * on the fast path: the check runs once per chunk, and the wait only when a producer is between
     * its getAndAdd and its cas. JCTools' linked and chunked MPSC queues wait at their links in the
     * same way. A producer may walk from a stale hint into a chunk the consumer has already
     * detached. It then restarts from consumerChunk: the consumer cannot be past p's chunk, since p
     * is not written yet, and it detached the chunk only after it had moved on, so each restart
     * moves the producer forward and the walk ends in p's chunk.
     *
     * Invariants
     *   1. consumerIndex <= producerIndex; the claimed indices are [consumerIndex, producerIndex);
     *      each index is claimed once (the getAndAdd) and its slot is written once.
     *   2. The hint's base is at most every index claimed after the hint is read: the hint only
     *      ever moves to a chunk in which its mover had already claimed an index, and claims only
     *      grow. So a producer never has to walk backwards.
     *   3. Chunks are linked in order of base, one link per chunk, set once by cas from null; the
     *      only other write of a link is the consumer's detaching, after it has taken every index
     *      of the chunk.
     *   4. consumerChunk holds consumerIndex, or ends exactly there (the move to the next chunk
     *      happens on the next poll); so its base is at most every unwritten index.
     *
     * Memory ordering
     * The vocabulary is that of the package documentation.
     *   - Publication. offer writes the slot with a release store and poll reads it with an acquire
     *     load, as in the array queues (MpscUnboundedQueuePublicationTest in moirai-jcstress, at a
     *     chunk size of 1 so that every offer links a chunk).
     *   - Linking. A chunk's base and slot array are final and the chunk is linked by a cas
     *     (volatile); every reader of a link uses an acquire load. Two producers that both find a
     *     link missing race by cas, and both then use the winner's chunk
     *     (MpscUnboundedQueueTwoProducersTest).
     *   - The hint. A producer reads producerChunk with an acquire load before its getAndAdd; the
     *     producer that moved the hint did so by cas after its own getAndAdd. So if the hint shows
     *     a chunk, its mover's claim comes before this producer's claim, which is therefore inside
     *     that chunk or later (invariant 2).
     *   - Detaching. The consumer stores consumerChunk with a release store and then the self-link
     *     with a release store; a producer that sees the self-link through an acquire load
     *     therefore sees the new consumerChunk and restarts from there
     *     (MpscUnboundedQueueDetachTest).
     *   - Clearing. Slots are never reused, so the consumer clears a taken slot with a plain store,
     *     only so that the element can be collected while the chunk is still reachable.
     *
     * Layout
     *   MpscUnboundedQueuePad0       128 bytes of padding, after the object header
     *   MpscUnboundedQueueShape      chunkMask                        (read-only, shared)
     *   MpscUnboundedQueuePad1       128 bytes of padding
     *   MpscUnboundedQueueProducer   producerIndex                    (getAndAdd by every producer)
     *   MpscUnboundedQueuePad2       128 bytes of padding
     *   MpscUnboundedQueueHint       producerChunk                    (read by every producer, rarely written)
     *   MpscUnboundedQueuePad3       128 bytes of padding
     *   MpscUnboundedQueueConsumer   consumerIndex, consumerChunk     (consumer's line)
     *   MpscUnboundedQueuePad4       128 bytes of padding, before the next object
     * QueueLayoutTest checks it with JOL. Each chunk's array has PAD unused elements (128 bytes or
     * more) before the first slot and after the last, as the array queues have.
     *
     * Rejected
     *   - JCTools' MpscUnboundedArrayQueue, which links a new array by a resize that every other
     *     producer waits for, spinning: offer here never waits.
     *   - A linked list of one node per element (ConcurrentLinkedQueue, Vyukov's MPSC list): an
     *     allocation per offer and a pointer chase per poll.
     *   - Pooling consumed chunks for reuse, as JCTools' xadd queue does: a chunk could then come
     *     back while a slow producer still walks through it, which needs a chunk index and
     *     re-checks on every walk; allocating one array per chunkSize elements is cheap next to
     *     that.
     *   - Walking backwards from a hint that is ahead of p (reading the hint after the claim): it
     *     needs prev links, which the consumer must clear to avoid nepotism while producers may
     *     still walk them.
     */

    /** The chunk size of {@link #MpscUnboundedQueue()}. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle CONSUMER_CHUNK;
    private static final VarHandle NEXT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(MpscUnboundedQueueProducer.class, "producerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(MpscUnboundedQueueHint.class, "producerChunk", Chunk.class);
            CONSUMER_INDEX = lookup.findVarHandle(MpscUnboundedQueueConsumer.class, "consumerIndex", long.class);
            CONSUMER_CHUNK = lookup.findVarHandle(MpscUnboundedQueueConsumer.class, "consumerChunk", Chunk.class);
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creates an empty queue with chunks of {@value #DEFAULT_CHUNK_SIZE} slots. */
    public MpscUnboundedQueue() {
        this(DEFAULT_CHUNK_SIZE);
    }

    /**
     * Creates an empty queue with chunks of {@code chunkSize} slots, rounded up to a power of
     * two. Larger chunks allocate less often; smaller ones hold less memory when the queue is
     * nearly empty.
     *
     * @param chunkSize the slots per chunk, before rounding
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1 or greater than
     *         2<sup>30</sup>
     */
    public MpscUnboundedQueue(int chunkSize) {
        super(chunkSize);
    }

    /**
     * Returns {@link #UNBOUNDED}.
     *
     * @return {@link #UNBOUNDED}
     */
    @Override
    public int capacity() {
        return UNBOUNDED;
    }

    /**
     * Adds an element at the tail. Any thread; never fails and never waits for another thread.
     *
     * @param e the element
     * @return {@code true}
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "e");
        Chunk chunk = (Chunk) PRODUCER_CHUNK.getAcquire(this);   // acquire: before the claim, so chunk.base <= p
        long p = (long) PRODUCER_INDEX.getAndAdd(this, 1L);      // getAndAdd: claim p
        if (p - chunk.base > chunkMask) {
            chunk = chunkOf(p, chunk);
        }
        SLOT.setRelease(chunk.slots, slot(p, chunkMask), e);    // so: publishes e to the consumer's acquire
        return true;
    }

    /** The same as {@link #offer}. Any thread. */
    @Override
    public boolean relaxedOffer(E e) {
        return offer(e);
    }

    /**
     * Removes and returns the element at the head. Consumer thread only.
     *
     * <p>Returns {@code null} only if no producer had claimed an index past the consumer's: after
     * {@code isEmpty()} has returned {@code false} on the consumer thread, this returns an element.
     * To keep that promise it waits, spinning, while a producer has claimed the head's index but
     * not yet written its element, or not yet linked the chunk that holds it.
     * {@link #relaxedPoll()} never waits.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long c = consumerIndex;                         // plain: only the consumer writes it
        Chunk chunk = consumerChunk;                    // plain: only the consumer writes it
        if (c - chunk.base > chunkMask) {               // every index of this chunk taken
            chunk = nextChunk(chunk, c, true);
            if (chunk == null) {
                return null;
            }
        }
        Object[] slots = chunk.slots;
        int slot = slot(c, chunkMask);
        Object e = SLOT.getAcquire(slots, slot);        // acquire: pairs with offer's release
        if (e == null) {
            if (c == (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: nothing claimed past c
                return null;
            }
            e = awaitElement(slots, slot);
        }
        slots[slot] = null;                             // plain: slots are never reused; see the note
        CONSUMER_INDEX.setRelease(this, c + 1);         // so: for size and iterators
        return (E) e;
    }

    /**
     * Removes and returns the head unless the queue is empty or its head is still being
     * written. Consumer thread only; never waits for another thread.
     *
     * <p>Returns {@code null} while a producer has claimed the head's index but not yet written
     * its element or linked the chunk that holds it, even though {@code isEmpty()} then says
     * {@code false}; {@link #poll()} waits instead.
     *
     * @return the oldest element, or {@code null} if the queue was empty or its head not yet
     *         written
     */
    @Override
    @SuppressWarnings("unchecked")
    public E relaxedPoll() {
        long c = consumerIndex;                         // plain: only the consumer writes it
        Chunk chunk = consumerChunk;                    // plain: only the consumer writes it
        if (c - chunk.base > chunkMask) {
            chunk = nextChunk(chunk, c, false);
            if (chunk == null) {
                return null;
            }
        }
        Object[] slots = chunk.slots;
        int slot = slot(c, chunkMask);
        Object e = SLOT.getAcquire(slots, slot);        // acquire: pairs with offer's release
        if (e == null) {
            return null;
        }
        slots[slot] = null;                             // plain: as in poll
        CONSUMER_INDEX.setRelease(this, c + 1);         // so: as in poll
        return (E) e;
    }

    /**
     * Returns the element at the head without removing it. Consumer thread only.
     *
     * <p>Returns {@code null} only if no producer had claimed an index past the consumer's,
     * waiting, spinning, as {@link #poll()} does, for a head that is claimed but not yet written
     * or whose chunk is not yet linked. {@link #relaxedPeek()} never waits.
     *
     * @return the oldest element, or {@code null} if the queue was empty
     */
    @Override
    public E peek() {
        return peek(true);
    }

    /**
     * Returns the head unless the queue is empty or its head is still being written. Consumer
     * thread only; never waits for another thread.
     *
     * <p>Returns {@code null} where {@link #relaxedPoll()} would: also while the head is claimed
     * but not yet written or its chunk not yet linked.
     *
     * @return the oldest element, or {@code null} if the queue was empty or its head not yet
     *         written
     */
    @Override
    public E relaxedPeek() {
        return peek(false);
    }

    @SuppressWarnings("unchecked")
    private E peek(boolean strict) {
        long c = consumerIndex;                         // plain: only the consumer writes it
        Chunk chunk = consumerChunk;                    // plain: only the consumer writes it
        if (c - chunk.base > chunkMask) {
            chunk = nextChunk(chunk, c, strict);
            if (chunk == null) {
                return null;
            }
        }
        Object[] slots = chunk.slots;
        int slot = slot(c, chunkMask);
        Object e = SLOT.getAcquire(slots, slot);        // acquire: pairs with offer's release
        if (e == null && strict && c != (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: claimed, not yet written
            e = awaitElement(slots, slot);
        }
        return (E) e;
    }

    /** Consumer thread only; see {@link MessageQueue#drain(Consumer, int)}. */
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
     * Any thread; see {@link MessageQueue#fill}, including what a failing supplier does. Never
     * stops early: claims up to a chunk's worth of indices with one {@code getAndAdd}, then asks
     * {@code supplier} for their elements, until {@code limit} elements are added.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "supplier");
        checkLimit(limit);
        int n = 0;
        while (n < limit) {
            int batch = Math.min(limit - n, chunkMask + 1);
            Chunk chunk = (Chunk) PRODUCER_CHUNK.getAcquire(this);   // acquire: as in offer
            long p = (long) PRODUCER_INDEX.getAndAdd(this, (long) batch);   // getAndAdd: claim [p, p + batch)
            for (long end = p + batch; p < end; p++) {
                if (p - chunk.base > chunkMask) {
                    chunk = chunkOf(p, chunk);
                }
                SLOT.setRelease(chunk.slots, slot(p, chunkMask), supplier.get());   // so: as in offer
            }
            n += batch;
        }
        return n;
    }

    /**
     * The chunk that holds index {@code p}, found by walking forward from {@code chunk}, whose
     * base is at most {@code p}; appends the chunks that are missing and moves the hint.
     */
    private Chunk chunkOf(long p, Chunk chunk) {
        long base = p & ~(long) chunkMask;
        Chunk c = chunk;
        while (c.base < base) {
            Chunk next = (Chunk) NEXT.getAcquire(c);    // acquire: pairs with the cas that linked it
            if (next == null) {
                Chunk fresh = new Chunk(c.base + chunkMask + 1, chunkMask + 1);
                next = (Chunk) NEXT.compareAndExchange(c, null, fresh);   // cas: link it, unless another thread did
                if (next == null) {
                    next = fresh;
                }
            }
            if (next == c) {                            // detached: the consumer is past c
                next = (Chunk) CONSUMER_CHUNK.getAcquire(this);   // acquire: pairs with the consumer's release
            }
            c = next;
        }
        Chunk hint = (Chunk) PRODUCER_CHUNK.getVolatile(this);   // lv: first read of a cas loop
        while (hint.base < base && !PRODUCER_CHUNK.weakCompareAndSet(this, hint, c)) {   // cas: only forward
            hint = (Chunk) PRODUCER_CHUNK.getVolatile(this);
        }
        return c;
    }

    /**
     * The consumer's move from a chunk whose indices it has all taken to the next one; detaches
     * the old chunk. A missing link with {@code producerIndex} at {@code c} means the queue is
     * empty; past {@code c}, that a producer has claimed an index of the next chunk and is about
     * to link it (only the consumer self-links a chunk, and it has not left this one), which a
     * strict caller waits for.
     *
     * @param chunk  the consumer's chunk, whose indices are all taken
     * @param c      the consumer's index, the first index past {@code chunk}
     * @param strict true to wait for a link that a claimed index promises (poll, peek)
     * @return the next chunk, or {@code null} if there is none yet and the caller does not wait
     *         for it (strict: if the queue is empty)
     */
    private Chunk nextChunk(Chunk chunk, long c, boolean strict) {
        Chunk next = (Chunk) NEXT.getAcquire(chunk);    // acquire: pairs with the cas that linked it
        if (next == null) {
            if (!strict || c == (long) PRODUCER_INDEX.getVolatile(this)) {   // lv: nothing claimed past c
                return null;
            }
            next = awaitLink(chunk);
        }
        CONSUMER_CHUNK.setRelease(this, next);          // so: before the detaching below
        NEXT.setRelease(chunk, chunk);                  // so: a producer that sees the self-link sees consumerChunk
        return next;
    }

    /** Spins until a producer that claimed an index past {@code chunk} has linked the next chunk. */
    private static Chunk awaitLink(Chunk chunk) {
        Chunk next;
        while ((next = (Chunk) NEXT.getAcquire(chunk)) == null) {   // acquire: as in nextChunk
            Thread.onSpinWait();
        }
        return next;
    }

    /** Spins until the producer that claimed the slot's index has written it. */
    private static Object awaitElement(Object[] slots, int slot) {
        Object e;
        while ((e = SLOT.getAcquire(slots, slot)) == null) {   // acquire: as in poll
            Thread.onSpinWait();
        }
        return e;
    }

    /**
     * A weakly consistent iterator over the elements, oldest first; see {@link MessageQueue}.
     * Any thread. It skips an element whose producer has claimed its index but not yet written
     * it, and stops at a chunk not linked yet. Its {@code remove} throws
     * {@link UnsupportedOperationException}.
     */
    @Override
    public Iterator<E> iterator() {
        Chunk first = (Chunk) CONSUMER_CHUNK.getAcquire(this);   // acquire: before the indices: base <= start
        return new WeakIterator<E>(this) {
            /*
             * Walks the chunks as a producer does; a non-null slot holds its own index's element,
             * since slots are never reused.
             */
            private Chunk chunk = first;

            @Override
            @SuppressWarnings("unchecked")
            E elementAt(long i) {
                Chunk c = chunk;
                while (i - c.base > chunkMask) {
                    Chunk next = (Chunk) NEXT.getAcquire(c);    // acquire: as in chunkOf
                    if (next == null) {                     // not linked yet: nothing further is reachable
                        index = end;
                        return null;
                    }
                    if (next == c) {                        // detached: restart from the consumer's chunk
                        next = (Chunk) CONSUMER_CHUNK.getAcquire(MpscUnboundedQueue.this);   // acquire: as in chunkOf
                        if (next.base > i) {                // everything before it is taken
                            chunk = next;
                            index = Math.max(index, next.base);
                            return null;
                        }
                    }
                    c = next;
                }
                chunk = c;
                return (E) SLOT.getAcquire(c.slots, slot(i, chunkMask));   // acquire: pairs with offer's release
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
        return Integer.MAX_VALUE;
    }


    /**
     * A chunk of slots for {@code chunkSize} indices from {@code base}, between {@code PAD}
     * unused elements on either side (see {@code AbstractMessageQueue.PAD}). {@code next} is
     * {@code null} until the next chunk is linked, and the chunk itself once the consumer has
     * detached it.
     */
    static final class Chunk {
        final long base;
        final Object[] slots;
        /** Accessed through {@code NEXT}. */
        Chunk next;

        Chunk(long base, int size) {
            this.base = base;
            this.slots = new Object[PAD + size + PAD];
        }
    }
}

/** Padding between the object header (and the object before this one) and the shared fields. */
abstract class MpscUnboundedQueuePad0<E> extends AbstractMessageQueue<E> {
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

/** The field every thread reads and none writes after construction. */
abstract class MpscUnboundedQueueShape<E> extends MpscUnboundedQueuePad0<E> {
    /** {@code chunkSize - 1}; the chunk size is a power of two. */
    final int chunkMask;

    MpscUnboundedQueueShape(int chunkSize) {
        chunkMask = roundUpToPowerOfTwo("chunkSize", chunkSize) - 1;
    }
}

/** Padding between the shared field and the producers' index. */
abstract class MpscUnboundedQueuePad1<E> extends MpscUnboundedQueueShape<E> {
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

    MpscUnboundedQueuePad1(int chunkSize) {
        super(chunkSize);
    }
}

/** The producers' index. */
abstract class MpscUnboundedQueueProducer<E> extends MpscUnboundedQueuePad1<E> {
    /** The next index a producer claims; only grows, by getAndAdd. */
    long producerIndex;

    MpscUnboundedQueueProducer(int chunkSize) {
        super(chunkSize);
    }
}

/** Padding between the producers' index and their hint. */
abstract class MpscUnboundedQueuePad2<E> extends MpscUnboundedQueueProducer<E> {
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

    MpscUnboundedQueuePad2(int chunkSize) {
        super(chunkSize);
    }
}

/** The producers' hint. */
abstract class MpscUnboundedQueueHint<E> extends MpscUnboundedQueuePad2<E> {
    /** A chunk whose base is at most every index claimed from now on; moves only forward, by cas. */
    MpscUnboundedQueue.Chunk producerChunk;

    MpscUnboundedQueueHint(int chunkSize) {
        super(chunkSize);
    }
}

/** Padding between the producers' hint and the consumer's fields. */
abstract class MpscUnboundedQueuePad3<E> extends MpscUnboundedQueueHint<E> {
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

    MpscUnboundedQueuePad3(int chunkSize) {
        super(chunkSize);
    }
}

/** The consumer's fields. */
abstract class MpscUnboundedQueueConsumer<E> extends MpscUnboundedQueuePad3<E> {
    /** The next index the consumer takes; written only by the consumer. */
    long consumerIndex;
    /** The chunk that holds {@code consumerIndex}, or ends there; written only by the consumer. */
    MpscUnboundedQueue.Chunk consumerChunk;

    MpscUnboundedQueueConsumer(int chunkSize) {
        super(chunkSize);
        MpscUnboundedQueue.Chunk first = new MpscUnboundedQueue.Chunk(0, chunkMask + 1);
        producerChunk = first;                          // plain: other threads get the queue by a safe publication
        consumerChunk = first;                          // plain: as above
    }
}

/** Padding between the consumer's fields and the object after this one. */
abstract class MpscUnboundedQueuePad4<E> extends MpscUnboundedQueueConsumer<E> {
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

    MpscUnboundedQueuePad4(int chunkSize) {
        super(chunkSize);
    }
}
