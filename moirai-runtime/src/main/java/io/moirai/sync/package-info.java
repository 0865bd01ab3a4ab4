/**
 * Synchronization primitives that spin adaptively, then park: {@link io.moirai.sync.Mutex}
 * (a {@code ReentrantLock} drop-in), {@link io.moirai.sync.RwLock},
 * {@link io.moirai.sync.Semaphore}, {@link io.moirai.sync.Latch},
 * {@link io.moirai.sync.WaitGroup}, {@link io.moirai.sync.Barrier}, {@link io.moirai.sync.Once}
 * and {@link io.moirai.sync.Lazy}.
 *
 * <h2>Waiting</h2>
 * A contended lock or semaphore first spins for a short while, then parks in a FIFO queue;
 * latches, wait groups, barriers and {@code Once} park at once, since they wait for work rather
 * than for a critical section. The spin phase runs only where it can pay off: never with one
 * available CPU, only while the holder is running, only a few iterations on a virtual thread,
 * and never much longer than a park and unpark would have cost. Its length is learnt per lock
 * from recent outcomes, so a lock whose holds are long soon stops spinning. A mutex lets one
 * waiter spin at a time, and that waiter lets the thread that just released the mutex take it
 * again for a bounded while before claiming its turn: the mutex and the data it guards then stay
 * in one core's cache, and nobody pays for a park, an unpark or a cache-line transfer per
 * acquisition (see {@link io.moirai.sync.Mutex} for the bounds).
 *
 * <h3>Parking and virtual threads</h3>
 * Waiting threads park with {@link java.util.concurrent.locks.LockSupport} through the queue; no
 * primitive waits in {@code synchronized} or {@link java.lang.Object#wait()}, so a waiting
 * virtual thread unmounts and frees its carrier. {@code MutexVirtualThreadTest} shows it: more
 * virtual threads than carriers wait on a mutex while another virtual thread still runs.
 *
 * <h3>Timeouts and interrupts</h3>
 * Every blocking method has an interruptible and a timed form. Timed forms return false (or
 * throw {@link java.util.concurrent.TimeoutException} for the barrier) no earlier than the
 * timeout, within the JDK's parking precision: the queue loops over spurious wake-ups with the
 * remaining nanoseconds. Interruptible forms check the flag on entry and while waiting and
 * report an interrupt by {@link java.lang.InterruptedException}, with the flag cleared;
 * uninterruptible forms ({@code lock()}, {@code acquireUninterruptibly()}, {@code Once.run},
 * {@code Lazy.get}) keep waiting and set the flag again before returning.
 *
 * <h2>Memory ordering</h2>
 * Every release of a primitive (unlock, release, countDown, done, the end of a {@code Once}
 * action) happens-before everything a thread does after the acquisition it enables, so the
 * releasing thread's earlier writes are visible there; each class states its own rule. The
 * jcstress tests in {@code io.moirai.jcstress.sync} check these claims.
 */
package io.moirai.sync;
