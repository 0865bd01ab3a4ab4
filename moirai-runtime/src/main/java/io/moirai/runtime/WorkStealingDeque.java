package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A growable Chase&ndash;Lev work-stealing deque: one owner thread pushes and pops at the
 * bottom (LIFO), any thread steals at the top (FIFO).
 *
 * <pre>{@code
 * WorkStealingDeque<Runnable> local = new WorkStealingDeque<>();   // owned by this worker
 * local.push(task);                        // owner only
 * Runnable next = local.pop();             // owner only: newest first
 * Runnable loot = victim.steal();          // any thread: oldest first
 * Runnable first = victim.stealBatch(local, 32);   // caller must own `local`
 * }</pre>
 *
 * <p>{@link #push}, {@link #pop} and {@link #stealBatch}'s target must only be used by the
 * thread that owns the respective deque; nothing checks this. {@link #steal},
 * {@link #stealBatch} (as the victim), {@link #drainTo}, {@link #size} and {@link #isEmpty}
 * may be called by any thread. {@code push}, {@code pop} and {@code steal} are linearizable
 * with respect to each other; {@code stealBatch} and {@code drainTo} are sequences of steals,
 * not single atomic operations. Push and pop allocate nothing (push allocates only when the
 * array grows). Nulls are not permitted.
 *
 * @param <E> the type of elements
 */
final class WorkStealingDeque<E> extends WorkStealingDequePad2 {
    /*
     * Design note
     *
     * Algorithm
     * This is the deque of Chase and Lev (Dynamic Circular Work-Stealing Deque, SPAA 2005) with the
     * memory orderings of Lê, Pop, Cohen and Zappa Nardelli (Correct and Efficient Work-Stealing
     * for Weak Memory Models, PPoPP 2013), who proved the C11 version correct. Elements live in a
     * power-of-two circular array indexed by two ever-increasing long counters: top, the next index
     * a thief takes, and bottom, the next index the owner fills. The deque holds the indices [top,
     * bottom); index i lives in slot i & (length - 1). The counters never wrap (2^63 operations),
     * so no ABA problem arises on them.
     *   - push writes the slot at bottom, then publishes it by a release store of bottom + 1. When
     *     the array is full it first copies the live range into an array twice as large and
     *     publishes that array with a release store.
     *   - pop first reads top; if it has reached bottom the deque is empty and pop returns at once,
     *     without a store. Otherwise it claims index b = bottom - 1 by storing bottom = b, then
     *     reads top again. If top < b, no thief can reach index b any more and the owner takes it
     *     without an atomic instruction. If top == b it is the last element and owner and thieves
     *     race for it with a cas of top; if top > b a thief took it meanwhile. In those two cases
     *     the deque is now empty and the owner stores bottom = b + 1, which equals top.
     *   - steal reads top, then bottom; if top < bottom it reads the element at top and claims it
     *     with a cas of top from t to t + 1. A failed cas means another thief or the owner took
     *     that index; steal then starts over, so it returns null only after it has seen the deque
     *     empty.
     *
     * Invariants
     *   1. top only grows, and only by cas; only the owner writes bottom, array, the slots and the
     *      owner-private fields.
     *   2. top <= bottom whenever the owner is not inside pop; inside it, top <= bottom + 1.
     *   3. Each index is taken at most once: by the thief whose cas moves top past it, by the
     *      owner's cas on the last element, or by the owner's cas-free pop, which happens only when
     *      the owner has seen top < index after claiming the index.
     *   4. bottom - top <= array.length: a slot is overwritten only after the index it held was
     *      taken (push grows first).
     *
     * Memory ordering
     * The vocabulary is that of io.moirai.concurrent's package documentation.
     *   - Publication. The slot write in push is plain; the release store of bottom that follows
     *     it, read by the thief's volatile load, makes the element and everything the owner wrote
     *     before (the task's own fields) visible to the thief. Every store of bottom is release or
     *     volatile, so whichever value a thief reads, it also sees all slot writes the owner made
     *     before that store. The grown array is published the same way (release store, acquire
     *     load), so a thief that sees the new array sees the copied slots.
     *   - The last element. Owner and thief form a Dekker pair: the owner stores bottom then loads
     *     top; the thief loads top then bottom and then cas-es top. These accesses are volatile, so
     *     they fall into one total order (the JLS synchronization order). A thief can take the
     *     owner's index b only if it loaded top == b. If its load of bottom comes after the owner's
     *     store, it sees bottom == b and finds the deque empty (or sees a later value, by which
     *     time index b holds a newly pushed element). If it comes before, then its load of top, and
     *     the cas that wrote the value it read, come before the owner's load of top, so the owner
     *     sees top >= b: it competes by cas for b or finds it gone, and never takes it cas-free.
     *     Either way owner and thief never both take one index. Lê et al. state this with two
     *     sequentially consistent fences, one after the owner's store and one between the thief's
     *     loads; a volatile store followed by a volatile load, and two volatile loads, give the
     *     same total order (in C++20 terms, the bad outcome would need a cycle in the single total
     *     order of sequentially consistent operations). The thief needs no explicit fence: on x86
     *     its two volatile loads are plain moves where a fence is a locked instruction, and on ARM
     *     they are two ldars where a fence is a dmb.
     *   - Slot reuse. The owner overwrites a slot only after it has seen, by an acquire (or
     *     volatile) load of top, the cas that took the index the slot held; the thief read the slot
     *     before its cas, so that read happens-before the overwrite and cannot return the new
     *     element. A thief whose read races with an overwrite, or with the owner's clearing of a
     *     slot to null, read an index that was already taken, so its cas fails and the value it
     *     read is discarded.
     *   - What thieves cannot do: clear a slot. The owner may already be refilling that slot for a
     *     later index once top has moved, and a plain store of null would erase the new element; a
     *     cas on the slot would fail only for a different element, not for the same task pushed
     *     again. Instead the owner clears the slots of stolen indices itself the next time pop
     *     finds the deque empty, so an idle worker's array does not keep finished tasks reachable.
     *
     * Claim as fence
     * popIfClaimed serves a worker that joins the task it pushed last, the common step of
     * fork/join. The task must be claimed by a CAS of its run state anyway, so the owner stores
     * bottom with a release store and takes the claim's CAS as the fence between that store and
     * its load of top, where pop pays for a volatile store: one atomic instruction per joined
     * task instead of two. A CAS is a locked instruction on x86 and a sequentially consistent
     * read-modify-write on ARM, which orders the store before it and the load after it, as
     * ForkJoinPool and RuntimeTask's nested-run protocol also rely on; a failed CAS is only a
     * volatile read, so that path fences explicitly. Should a thief take the index all the same
     * (it read bottom before the store), owner and thief both leave with the element and the
     * claim gives it to exactly one of them; the counters stay consistent because the owner
     * reads top after the fence, exactly as in pop.
     *
     * Batch stealing
     * stealBatch takes its elements by repeated single steals. A single cas of top from t to t + n
     * would be wrong: the owner's cas-free pop of index b is safe only because it has seen top < b,
     * and a thief claims only the index top. A batch thief that read top = t and bottom = t + 4
     * could cas top from t to t + 2 after the owner had popped indices t + 3 and t + 2 and claimed
     * t + 1 on seeing top == t < t + 1: both would take index t + 1. Making it safe needs the owner
     * to cas whenever fewer than n elements remain, which taxes every pop for the sake of a rare
     * operation. Repeated steals cost one cas per element, which is small next to running the task,
     * and keep pop cas-free.
     *
     * Layout
     * The two counters are written by different parties (top by thieves, bottom by the owner), so
     * they live on different cache lines. @Contended is internal to the JDK, so the class hierarchy
     * pads them instead, since HotSpot lays out a superclass's fields before its subclass's:
     *   WorkStealingDequePad0    128 bytes of padding, after the object header
     *   WorkStealingDequeTop     top                                    (thieves' line)
     *   WorkStealingDequePad1    128 bytes of padding
     *   WorkStealingDequeBottom  bottom, array, topCache, clearedTo     (owner's line)
     *   WorkStealingDequePad2    128 bytes of padding, before the next object
     *   WorkStealingDeque        no fields
     * 128 bytes rather than 64 because adjacent-line prefetchers fetch lines in pairs. array sits
     * with bottom because a thief reads both on every steal and the owner writes bottom anyway;
     * topCache and clearedTo are the owner's alone. WorkStealingDequeLayoutTest checks the layout
     * with JOL.
     *
     * Rejected
     *   - Claiming a slot by cas on the slot itself, as ForkJoinPool does: it makes push or pop pay
     *     an atomic instruction per element.
     *   - Fences where volatile accesses do: the owner's volatile store of bottom costs what a
     *     release store plus a fence costs on x86 and less on ARM, and the thief's volatile loads
     *     cost nothing extra on x86.
     *   - Reading top in every push to check for room: it would bring the thieves' cache line to
     *     the owner on every push. The owner keeps topCache, a stale lower bound of top (it only
     *     grows), and reloads it only when the array looks full.
     *   - Shrinking the array: the owner would have to copy under the same race as growing, for
     *     memory a worker will likely need again.
     */

    /** The capacity {@link #WorkStealingDeque()} starts with. */
    static final int DEFAULT_INITIAL_CAPACITY = 64;

    /** The largest array length; the deque holds at most this many elements. */
    static final int MAXIMUM_CAPACITY = 1 << 30;

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(WorkStealingDequeTop.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(WorkStealingDequeBottom.class, "bottom", long.class);
            ARRAY = lookup.findVarHandle(WorkStealingDequeBottom.class, "array", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Creates an empty deque with room for 64 elements before it first grows.
     */
    WorkStealingDeque() {
        this(DEFAULT_INITIAL_CAPACITY);
    }

    /**
     * Creates an empty deque with room for {@code initialCapacity} elements, rounded up to a
     * power of two, before it first grows.
     *
     * @param initialCapacity the number of elements the deque holds before it grows
     * @throws IllegalArgumentException if {@code initialCapacity} is less than 1 or greater
     *         than 2<sup>30</sup>
     */
    WorkStealingDeque(int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > MAXIMUM_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity must be between 1 and "
                    + MAXIMUM_CAPACITY + ", was " + initialCapacity);
        }
        int length = initialCapacity == 1 ? 1 : Integer.highestOneBit(initialCapacity - 1) << 1;
        this.array = new Object[length];                // plain: thieves reach the deque only through a safe publication
    }

    /**
     * Adds an element at the bottom. Owner thread only.
     *
     * <p>Never fails for lack of room: a full array is replaced by one twice its length.
     *
     * @param e the element
     * @throws NullPointerException if {@code e} is {@code null}
     * @throws IllegalStateException if the deque already holds 2<sup>30</sup> elements
     */
    void push(E e) {
        Objects.requireNonNull(e, "e");
        long b = bottom;                                // plain: only the owner writes bottom
        Object[] a = array;                             // plain: only the owner writes array
        if (b - topCache >= a.length) {                 // topCache <= top, so this may be a false alarm
            a = makeRoom(b, a);
        }
        a[(int) b & (a.length - 1)] = e;                // plain: published by the release store below
        BOTTOM.setRelease(this, b + 1);                 // so: a thief that reads b + 1 sees e
    }

    /**
     * Removes and returns the element at the bottom, the one pushed last. Owner thread only.
     *
     * @return the newest element, or {@code null} if the deque is empty
     */
    @SuppressWarnings("unchecked")
    E pop() {
        long b = bottom;                                // plain: only the owner writes bottom
        long t = (long) TOP.getAcquire(this);           // acquire: orders thieves' slot reads before clearSlots
        if (t >= b) {                                   // top <= bottom outside pop: empty right now
            topCache = t;
            clearSlots(t);
            return null;
        }
        b--;
        BOTTOM.setVolatile(this, b);                    // sv: claim index b before looking at top
        t = (long) TOP.getVolatile(this);               // lv: after the claim, see every thief that missed it
        topCache = t;
        Object[] a = array;                             // plain: only the owner writes array
        int slot = (int) b & (a.length - 1);
        if (t < b) {                                    // no thief can reach index b any more
            E e = (E) a[slot];                          // plain: the owner wrote it
            a[slot] = null;                             // plain: no thief can take index b now
            return e;
        }
        E e = null;
        if (t == b && TOP.compareAndSet(this, t, t + 1)) {   // cas: race thieves for the last element
            e = (E) a[slot];                            // plain: the owner wrote it; the cas made it ours
            a[slot] = null;                             // plain: thieves reading it will fail their cas
            topCache = t + 1;
        }
        BOTTOM.setRelease(this, b + 1);                 // so: empty again (top == b + 1); keeps publication
        return e;
    }

    /**
     * Removes the element at the bottom if it is {@code expected} and {@code claim} accepts it.
     * Owner thread only.
     *
     * <p>For elements that carry their own claim, as tasks do (a CAS of their run state): the
     * claim decides who has the element, the deque only keeps its indices consistent. So the
     * owner stores the lowered bottom with a release store and lets the claim's CAS be the full
     * fence that {@link #pop()} pays for with its volatile store (see "The last element" and
     * "Claim as fence" in the design note): one atomic instruction instead of two. If a thief
     * takes the index meanwhile, it takes an element already claimed, which it must skip.
     *
     * @param expected the element the caller pushed last
     * @param claim    claims the element with a volatile read-modify-write (a CAS); called at
     *                 most once, on this thread
     * @return {@code true} if the element was the newest one and {@code claim} returned
     *         {@code true}; the element is then off the deque and the caller's. When the claim
     *         fails, the element has left the deque all the same
     */
    @SuppressWarnings("unchecked")
    boolean popIfClaimed(E expected, Predicate<? super E> claim) {
        long b = bottom;                                // plain: only the owner writes bottom
        Object[] a = array;                             // plain: only the owner writes array
        int slot = (int) (b - 1) & (a.length - 1);
        if (b - topCache <= 0 || a[slot] != expected) { // topCache <= top: a stale value only sends us to pop
            return false;                               // a stolen index may still show expected: the claim decides then
        }
        b--;
        BOTTOM.setRelease(this, b);                     // so: claim index b; the claim's CAS below fences it
        boolean claimed = claim.test((E) a[slot]);
        if (!claimed) {
            VarHandle.fullFence();                      // a failed CAS need not be a fence: pay for one here
        }
        long t = (long) TOP.getVolatile(this);          // lv: after the fence, see every thief that missed the claim
        topCache = t;
        if (t < b) {                                    // no thief can reach index b any more
            a[slot] = null;                             // plain: as in pop
            return claimed;
        }
        if (t == b && TOP.compareAndSet(this, t, t + 1)) { // cas: the last element; a losing thief's cas fails
            a[slot] = null;
            topCache = t + 1;
        }                                               // else a thief took index b: it finds the element claimed
        BOTTOM.setRelease(this, b + 1);                 // so: empty again (top == b + 1)
        return claimed;
    }

    /**
     * Removes and returns the element at the top, the oldest one. Any thread.
     *
     * <p>Retries when it loses a race to another thief or to the owner, so it returns
     * {@code null} only after it has observed the deque empty.
     *
     * @return the oldest element, or {@code null} if the deque was empty
     */
    @SuppressWarnings("unchecked")
    E steal() {
        for (;;) {
            long t = (long) TOP.getVolatile(this);      // lv: first half of the Dekker pair with pop
            long b = (long) BOTTOM.getVolatile(this);   // lv: after top; acquire publishes the slots
            if (t >= b) {
                return null;
            }
            Object[] a = (Object[]) ARRAY.getAcquire(this);   // acquire: pairs with the grow's release
            E e = (E) a[(int) t & (a.length - 1)];      // plain: published by bottom; a racing value fails the cas
            if (TOP.compareAndSet(this, t, t + 1)) {    // cas: claim index t
                return e;
            }
        }
    }

    /**
     * Steals up to half of this deque's elements (rounded up), at most {@code max}, returns
     * the oldest of them and pushes the others, oldest first, onto {@code into}.
     *
     * <p>Callable from any thread that owns {@code into}. The elements are taken one
     * {@link #steal} at a time (the class documentation explains why), so the batch is not
     * atomic: the owner and other thieves may take elements in between, and the batch ends
     * early when the deque runs empty.
     *
     * @param into the deque, owned by the calling thread, that receives all but the first
     *        stolen element
     * @param max the most elements to take, at least 1
     * @return the first (oldest) element stolen, or {@code null} if the deque was empty
     * @throws NullPointerException if {@code into} is {@code null}
     * @throws IllegalArgumentException if {@code into} is this deque or {@code max} is less
     *         than 1
     */
    E stealBatch(WorkStealingDeque<E> into, int max) {
        Objects.requireNonNull(into, "into");
        if (into == this) {
            throw new IllegalArgumentException("into must not be the deque stolen from");
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        E first = steal();
        if (first == null) {
            return null;
        }
        long remaining = Math.min(max, ((long) size() + 2) / 2) - 1;   // half of the size before the first steal
        for (; remaining > 0; remaining--) {
            E e = steal();
            if (e == null) {
                break;
            }
            into.push(e);
        }
        return first;
    }

    /**
     * Returns the oldest of the first {@code limit} elements, from the top, that {@code filter}
     * accepts, without removing it; {@code null} if none does. Any thread.
     *
     * <p>A hint, not a claim: the slots are read without taking them, so the element returned
     * may already have been taken (or be taken next) by the owner or a thief, and a racing
     * change may make the scan miss an element. It suits elements that carry their own claim,
     * such as tasks with a run state that exactly one thread can move out of "new".
     *
     * @param filter which elements qualify; called on this thread, on elements that may be
     *        taken concurrently
     * @param limit the most elements to look at, at least 1
     * @return an element {@code filter} accepted, or {@code null}
     * @throws NullPointerException if {@code filter} is {@code null}
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    @SuppressWarnings("unchecked")
    E findFirst(Predicate<? super E> filter, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long t = (long) TOP.getVolatile(this);          // lv: as in steal
        long b = (long) BOTTOM.getVolatile(this);       // lv: acquire publishes the slots below b
        Object[] a = (Object[]) ARRAY.getAcquire(this);   // acquire: pairs with the grow's release
        int mask = a.length - 1;
        for (long i = t, end = Math.min(b, t + limit); i < end; i++) {
            E e = (E) a[(int) i & mask];                // plain: a stale or cleared slot only makes this a worse hint
            if (e != null && filter.test(e)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Returns the number of elements, as an estimate: the deque may change while it is
     * counted. Any thread.
     *
     * <p>Both counters are read with volatile loads, but a push's store of {@code bottom} is
     * only a release store; a protocol that pushes and then checks whether some thread sleeps,
     * while that thread sets its flag and then calls {@code size} or {@link #isEmpty}, needs a
     * {@link VarHandle#fullFence()} (or a volatile write) between the push and its check.
     *
     * @return the number of elements; never negative
     */
    int size() {
        long t = (long) TOP.getVolatile(this);          // lv: top before bottom, as in steal
        long b = (long) BOTTOM.getVolatile(this);       // lv: a pop in progress may make b - t negative
        return Math.clamp(b - t, 0, MAXIMUM_CAPACITY);  // a stale t may also make it too large
    }

    /**
     * Returns whether the deque holds no elements, as an estimate in the sense of
     * {@link #size()}. Any thread.
     *
     * @return {@code true} if the deque was seen empty
     */
    boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Steals elements one by one until the deque is seen empty and hands each to
     * {@code sink}, oldest first. Any thread; used to empty a worker's deque at shutdown.
     *
     * <p>If {@code sink} throws, the element it was given counts as taken and the exception
     * propagates; the elements not yet stolen stay in the deque.
     *
     * @param sink receives each stolen element
     * @return the number of elements handed to {@code sink}
     * @throws NullPointerException if {@code sink} is {@code null}
     */
    int drainTo(Consumer<? super E> sink) {
        Objects.requireNonNull(sink, "sink");
        int count = 0;
        for (E e; (e = steal()) != null; ) {
            count++;
            sink.accept(e);
        }
        return count;
    }

    /**
     * Returns an array with room for index {@code b}: the current one if the stale
     * {@code topCache} was a false alarm, otherwise a published copy twice as long.
     */
    private Object[] makeRoom(long b, Object[] a) {
        long t = (long) TOP.getAcquire(this);           // acquire: thieves' reads of slots freed up to t come first
        topCache = t;
        if (b - t < a.length) {
            return a;
        }
        if (a.length == MAXIMUM_CAPACITY) {
            throw new IllegalStateException("WorkStealingDeque holds " + MAXIMUM_CAPACITY
                    + " elements, the most it can");
        }
        Object[] grown = new Object[a.length << 1];
        int oldMask = a.length - 1;
        int newMask = grown.length - 1;
        for (long i = t; i < b; i++) {
            grown[(int) i & newMask] = a[(int) i & oldMask];   // plain: published by the release below
        }
        ARRAY.setRelease(this, grown);                  // so: a thief that sees grown sees its slots
        return grown;
    }

    /**
     * Clears the slots of indices below {@code t} that thieves took since the last call, so
     * that the array does not keep them reachable. Called by the owner when it has seen the
     * deque empty at {@code t}: then no live index shares a slot with them, and a thief still
     * reading one of them holds a stale {@code top}, so its cas fails.
     */
    private void clearSlots(long t) {
        long from = clearedTo;
        if (from >= t) {
            return;
        }
        Object[] a = array;                             // plain: only the owner writes array
        int mask = a.length - 1;
        for (long i = Math.max(from, t - a.length); i < t; i++) {
            a[(int) i & mask] = null;                   // plain: thieves that took i read it before their cas, which we acquired
        }
        clearedTo = t;
    }
}

/** Padding between the object header (and the object before this one) and {@code top}. */
abstract class WorkStealingDequePad0 {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p010, p011, p012, p013, p014, p015, p016, p017;
    byte p020, p021, p022, p023, p024, p025, p026, p027, p030, p031, p032, p033, p034, p035, p036, p037;
    byte p040, p041, p042, p043, p044, p045, p046, p047, p050, p051, p052, p053, p054, p055, p056, p057;
    byte p060, p061, p062, p063, p064, p065, p066, p067, p070, p071, p072, p073, p074, p075, p076, p077;
    byte p100, p101, p102, p103, p104, p105, p106, p107, p110, p111, p112, p113, p114, p115, p116, p117;
    byte p120, p121, p122, p123, p124, p125, p126, p127, p130, p131, p132, p133, p134, p135, p136, p137;
    byte p140, p141, p142, p143, p144, p145, p146, p147, p150, p151, p152, p153, p154, p155, p156, p157;
    byte p160, p161, p162, p163, p164, p165, p166, p167, p170, p171, p172, p173, p174, p175, p176, p177;
}

/** The thieves' counter: the next index to steal. */
abstract class WorkStealingDequeTop extends WorkStealingDequePad0 {
    /** Next index a thief takes; only grows, only by cas. Accessed through {@code TOP}. */
    long top;
}

/** Padding between {@code top} and the owner's fields. */
abstract class WorkStealingDequePad1 extends WorkStealingDequeTop {
    byte q000, q001, q002, q003, q004, q005, q006, q007, q010, q011, q012, q013, q014, q015, q016, q017;
    byte q020, q021, q022, q023, q024, q025, q026, q027, q030, q031, q032, q033, q034, q035, q036, q037;
    byte q040, q041, q042, q043, q044, q045, q046, q047, q050, q051, q052, q053, q054, q055, q056, q057;
    byte q060, q061, q062, q063, q064, q065, q066, q067, q070, q071, q072, q073, q074, q075, q076, q077;
    byte q100, q101, q102, q103, q104, q105, q106, q107, q110, q111, q112, q113, q114, q115, q116, q117;
    byte q120, q121, q122, q123, q124, q125, q126, q127, q130, q131, q132, q133, q134, q135, q136, q137;
    byte q140, q141, q142, q143, q144, q145, q146, q147, q150, q151, q152, q153, q154, q155, q156, q157;
    byte q160, q161, q162, q163, q164, q165, q166, q167, q170, q171, q172, q173, q174, q175, q176, q177;
}

/** The owner's fields, which thieves only read. */
abstract class WorkStealingDequeBottom extends WorkStealingDequePad1 {
    /** Next index the owner fills; written only by the owner. Accessed through {@code BOTTOM}. */
    long bottom;
    /** A lower bound of {@code top} last read by the owner; owner only. */
    long topCache;
    /** Slots of indices below this hold no stolen element; owner only. */
    long clearedTo;
    /** The circular array; its length is a power of two. Written only by the owner. */
    Object[] array;
}

/** Padding between the owner's fields and the object after this one. */
abstract class WorkStealingDequePad2 extends WorkStealingDequeBottom {
    byte r000, r001, r002, r003, r004, r005, r006, r007, r010, r011, r012, r013, r014, r015, r016, r017;
    byte r020, r021, r022, r023, r024, r025, r026, r027, r030, r031, r032, r033, r034, r035, r036, r037;
    byte r040, r041, r042, r043, r044, r045, r046, r047, r050, r051, r052, r053, r054, r055, r056, r057;
    byte r060, r061, r062, r063, r064, r065, r066, r067, r070, r071, r072, r073, r074, r075, r076, r077;
    byte r100, r101, r102, r103, r104, r105, r106, r107, r110, r111, r112, r113, r114, r115, r116, r117;
    byte r120, r121, r122, r123, r124, r125, r126, r127, r130, r131, r132, r133, r134, r135, r136, r137;
    byte r140, r141, r142, r143, r144, r145, r146, r147, r150, r151, r152, r153, r154, r155, r156, r157;
    byte r160, r161, r162, r163, r164, r165, r166, r167, r170, r171, r172, r173, r174, r175, r176, r177;
}
