/**
 * Lock-free queues and a stack, with their producer/consumer contract in their names. The
 * runtime's work-stealing deque is not here: only the runtime's workers use it, so it is a
 * package-private class of {@code io.moirai.runtime}; its design note uses the vocabulary
 * defined below.
 *
 * <h2>Who may call what</h2>
 * A class name states its contract: a prefix such as {@code Mpsc} or {@code Spsc} names the
 * producers and consumers a queue admits. Breaking the contract (two threads polling an
 * {@code Mpsc} queue at once, say) is not detected; it breaks the structure.
 *
 * <table>
 *   <caption>The structures and who may call what</caption>
 *   <tr><th>class</th><th>bound</th><th>add</th><th>take</th></tr>
 *   <tr><td>{@link io.moirai.concurrent.SpscArrayQueue}</td><td>fixed</td>
 *       <td>one thread</td><td>one thread</td></tr>
 *   <tr><td>{@link io.moirai.concurrent.MpscArrayQueue}</td><td>fixed</td>
 *       <td>any thread</td><td>one thread</td></tr>
 *   <tr><td>{@link io.moirai.concurrent.MpmcArrayQueue}</td><td>fixed</td>
 *       <td>any thread</td><td>any thread</td></tr>
 *   <tr><td>{@link io.moirai.concurrent.MpscUnboundedQueue}</td><td>none</td>
 *       <td>any thread</td><td>one thread</td></tr>
 *   <tr><td>{@link io.moirai.concurrent.TreiberStack}</td><td>none</td>
 *       <td>any thread</td><td>any thread</td></tr>
 * </table>
 * The four queues implement {@link io.moirai.concurrent.MessageQueue}, a
 * {@link java.util.Queue} with relaxed and batch operations; its documentation says which
 * {@link java.util.Collection} methods are relaxed (size and iteration are estimates under
 * concurrency; removal from the middle is not supported) and which methods are producer or
 * consumer methods. "One thread" means one at a time: the role may pass from thread to thread
 * if each hand-over is a happens-before edge.
 *
 * <h2>Memory-ordering vocabulary</h2>
 * The classes here access shared fields through {@link java.lang.invoke.VarHandle}s, never
 * {@code sun.misc.Unsafe}. Every access that is weaker than volatile carries a one-line comment
 * saying why its mode is enough. The comments use these words, from weakest to strongest; the
 * modes are those of {@code VarHandle} and mean what Doug Lea's <em>Using JDK 9 Memory Order
 * Modes</em> says they mean:
 * <dl>
 *   <dt><b>plain</b></dt>
 *   <dd>An ordinary field or array access. No ordering and no visibility guarantee for other
 *       threads; the compiler may cache, hoist or reorder it. Used for fields only one thread
 *       writes (read by that thread), and for data that a later release store publishes.</dd>
 *   <dt><b>opaque</b> ({@code getOpaque}/{@code setOpaque})</dt>
 *   <dd>The access happens, is atomic, and is coherent: all threads see the writes to one
 *       variable in one order, and a thread never sees a variable go back in time. Orders
 *       nothing else. C/C++ {@code memory_order_relaxed}.</dd>
 *   <dt><b>release</b> ({@code setRelease}), abbreviated <b>so</b> (store ordered)</dt>
 *   <dd>An opaque store that no earlier load or store of the same thread may move after.
 *       A thread that reads the stored value with an acquire (or stronger) load sees everything
 *       the storing thread wrote before it: the store <em>publishes</em> those writes.</dd>
 *   <dt><b>acquire</b> ({@code getAcquire})</dt>
 *   <dd>An opaque load that no later load or store of the same thread may move before. Pairs
 *       with a release store, as above.</dd>
 *   <dt><b>volatile</b> ({@code getVolatile}/{@code setVolatile}, or a {@code volatile}
 *       field), abbreviated <b>lv</b> (load volatile) and <b>sv</b> (store volatile)</dt>
 *   <dd>Acquire for loads, release for stores, and in addition all volatile accesses of all
 *       threads fall into one total order consistent with each thread's program order (the
 *       JLS synchronization order). In particular a volatile store followed by a volatile load
 *       of another variable is not reordered (store&ndash;load ordering), which release and
 *       acquire alone do not give. This is the Dekker-style guarantee that two threads each
 *       writing their own variable and then reading the other's cannot both miss the other's
 *       write.</dd>
 *   <dt><b>cas</b> ({@code compareAndSet})</dt>
 *   <dd>An atomic read-modify-write with volatile semantics for both its read and its
 *       write. The weak variant ({@code weakCompareAndSet*}) may fail spuriously and is used
 *       only where a failure is retried anyway.</dd>
 *   <dt><b>getAndAdd</b></dt>
 *   <dd>An atomic read-modify-write with volatile semantics, like cas, that cannot fail; one
 *       locked {@code xadd} on x86, where a contended cas may have to be retried.</dd>
 *   <dt><b>fence</b> ({@link java.lang.invoke.VarHandle#fullFence()})</dt>
 *   <dd>No load or store moves across it in either direction (C/C++
 *       {@code memory_order_seq_cst} fence). Used where a store&ndash;load ordering is needed
 *       between accesses that are not themselves volatile.</dd>
 * </dl>
 * On x86 every load is already an acquire and every store a release, so plain, opaque,
 * acquire and release cost the same; a volatile store, a fence and a cas each cost a locked
 * instruction. On ARM and POWER acquire and release cost a little more than plain, and a fence
 * costs a full barrier. Hot paths are therefore written to need at most release and acquire,
 * and a store&ndash;load ordering only where an algorithm cannot do without one.
 */
package io.moirai.concurrent;
