package io.moirai.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A lock-free LIFO stack for any number of threads.
 *
 * <pre>{@code
 * TreiberStack<Buffer> free = new TreiberStack<>();
 * free.push(buffer);                 // any thread
 * Buffer b = free.pop();             // any thread; null when empty
 * }</pre>
 *
 * <p>Every method may be called by any thread. {@link #push}, {@link #pop}, {@link #peek} and
 * {@link #isEmpty} are linearizable; {@link #size} is not (see there). Push allocates one node;
 * push and pop cost one cas each, and retry when another thread changed the top in between, so
 * some thread always makes progress (lock-free), though a given thread may retry under heavy
 * contention. Nulls are not permitted.
 *
 * @param <E> the type of elements
 */
public final class TreiberStack<E> {
    /*
     * Design note
     *
     * Algorithm
     * R. Kent Treiber's stack (Systems Programming: Coping with Parallelism, IBM RJ 5118, 1986): a
     * singly linked list of immutable nodes whose head, top, is changed only by cas. push makes a
     * node whose next is the top it read and cas-es top from that to the node; pop reads the top
     * node and cas-es top from it to its next. A failed cas means another thread pushed or popped
     * in between; the operation reads the new top and tries again.
     *
     * Why ABA cannot happen
     * In C the classic failure is: thread A reads top n and its next m, stalls; others pop n and m,
     * free them, and push a new node that the allocator places at n's old address; A's cas of top
     * from n to m then succeeds and installs a freed node. Here it cannot: a cas compares
     * references, and a reference to a node keeps it alive, so while A holds n the garbage
     * collector neither frees it nor reuses its memory for another object. And push always
     * allocates a new node, never reusing a popped one, so once n has left the top it never returns
     * to it. A cas that expects n therefore succeeds only if top has been n continuously since it
     * was read, and then n.next, which never changes while n is on the stack, is still the right
     * successor.
     *
     * Memory ordering
     * The vocabulary is that of the package documentation.
     *   - Publication. A node's item is final and its next is written with a plain store before the
     *     cas (volatile) that pushes it; every read of top is an acquire load or a cas. A thread
     *     that reads the node from top therefore sees its next and everything the pusher wrote
     *     before pushing (TreiberStackPublicationTest in moirai-jcstress).
     *   - Unlinking. After a successful pop the popper clears the node's next with a plain store,
     *     so that a popped node kept alive (by a thread that still holds it) does not keep the rest
     *     of the stack reachable. A racing thread that reads the cleared link is one whose cas
     *     expects this node as top, and it fails, since the node never returns there; size may stop
     *     early at it, which its estimate allows. (TreiberStackPopPopTest,
     *     TreiberStackPushPopTest.)
     *
     * Rejected
     *   - Elimination back-off (Hendler, Shavit and Yerushalmi, 2004), which pairs a concurrent
     *     push with a pop off the stack: it pays off only under contention from many cores and adds
     *     an array and a wait to every contended operation.
     *   - Back-off between retries: a failed cas already means another thread succeeded; callers
     *     that contend heavily can back off themselves.
     */

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(TreiberStack.class, "top", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The top node, {@code null} when empty. Accessed through {@code TOP}. */
    private Node<E> top;

    /** Creates an empty stack. */
    public TreiberStack() {
    }

    /**
     * Pushes an element onto the top. Any thread.
     *
     * @param e the element
     * @throws NullPointerException if {@code e} is {@code null}
     */
    @SuppressWarnings("unchecked")
    public void push(E e) {
        Node<E> node = new Node<>(Objects.requireNonNull(e, "e"));
        Node<E> t = topAcquire();
        for (;;) {
            node.next = t;                              // plain: published by the cas below
            Node<E> witness = (Node<E>) TOP.compareAndExchange(this, t, node);   // cas: push, or learn the new top
            if (witness == t) {
                return;
            }
            t = witness;
        }
    }

    /**
     * Removes and returns the top element. Any thread.
     *
     * @return the element pushed last, or {@code null} if the stack was empty
     */
    @SuppressWarnings("unchecked")
    public E pop() {
        Node<E> t = topAcquire();
        for (;;) {
            if (t == null) {
                return null;
            }
            Node<E> witness = (Node<E>) TOP.compareAndExchange(this, t, t.next);   // cas: pop, or learn the new top
            if (witness == t) {
                t.next = null;                          // plain: see "Unlinking" in the class note
                return t.item;
            }
            t = witness;
        }
    }

    /**
     * Returns the top element without removing it. Any thread.
     *
     * @return the element pushed last, or {@code null} if the stack was empty
     */
    public E peek() {
        Node<E> t = topAcquire();
        return t == null ? null : t.item;
    }

    /**
     * Returns whether the stack is empty. Any thread.
     *
     * @return {@code true} if the stack was empty when looked at
     */
    public boolean isEmpty() {
        return topAcquire() == null;
    }

    /**
     * Returns the number of elements, as a weakly consistent estimate: it walks the stack from
     * the top, in O(n) time, while other threads may push and pop. It counts the elements of
     * one state of the stack when no thread changes it meanwhile; otherwise it may stop early
     * at a node popped during the walk, or count a node once it is no longer on the stack. Any
     * thread.
     *
     * @return the number of elements counted, at most {@link Integer#MAX_VALUE}
     */
    public int size() {
        int n = 0;
        for (Node<E> t = topAcquire(); t != null && n < Integer.MAX_VALUE; t = t.next) {   // plain next: fixed before the node was published
            n++;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private Node<E> topAcquire() {
        return (Node<E>) TOP.getAcquire(this);          // acquire: pairs with the pushing cas, so node.next is seen
    }

    /** A stack node: its element, and the node below it. */
    private static final class Node<E> {
        final E item;
        /** Written before the node is pushed, and cleared after it is popped. */
        Node<E> next;

        Node(E item) {
            this.item = item;
        }
    }
}
