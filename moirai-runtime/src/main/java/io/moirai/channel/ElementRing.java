package io.moirai.channel;

/**
 * The buffered elements of one {@link BufferedChannel}, oldest first: a circular array that
 * grows on demand, so that an unbounded or large bounded channel costs nothing up front. The
 * channel enforces its capacity; the ring only refuses to grow past {@link #MAX_LENGTH}.
 *
 * <p>Guarded by the owning channel's lock; nothing here is thread-safe on its own.
 */
final class ElementRing {

    /** The length of a new ring's array, unless the channel's capacity is smaller. */
    private static final int INITIAL_LENGTH = 16;

    /** The most elements a ring holds: the largest power of two that is a valid array length. */
    static final int MAX_LENGTH = 1 << 30;

    /** The elements; the length is a power of two, so that indices wrap with a mask. */
    private Object[] elements;
    /** The index of the oldest element. */
    private int head;
    /** The number of elements held. */
    private int size;

    /**
     * An empty ring sized for a channel of {@code capacity}.
     *
     * @param capacity the channel's capacity; 0 (rendezvous) still gets an array of one
     */
    ElementRing(int capacity) {
        int length = Math.min(Math.max(capacity, 1), INITIAL_LENGTH);
        // Rounded up to a power of two.
        this.elements = new Object[Integer.highestOneBit(length - 1 == 0 ? 1 : (length - 1) << 1)];
    }

    /** The number of elements held. */
    int size() {
        return size;
    }

    /** Whether no element is held. */
    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends {@code e} as the newest element, growing the array if it is full.
     *
     * @return false, and nothing added, if the ring holds {@link #MAX_LENGTH} elements already
     */
    boolean offer(Object e) {
        Object[] a = elements;
        if (size == a.length) {
            if (a.length >= MAX_LENGTH) {
                return false;
            }
            a = grow();
        }
        a[(head + size) & (a.length - 1)] = e;
        size++;
        return true;
    }

    /** Removes and returns the oldest element; the ring must not be empty. */
    Object poll() {
        Object[] a = elements;
        Object e = a[head];
        a[head] = null;
        head = (head + 1) & (a.length - 1);
        size--;
        return e;
    }

    private Object[] grow() {
        Object[] old = elements;
        int length = old.length;
        Object[] a = new Object[length << 1];
        for (int i = 0; i < size; i++) {
            a[i] = old[(head + i) & (length - 1)];
        }
        head = 0;
        elements = a;
        return a;
    }
}
