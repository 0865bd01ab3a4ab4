/**
 * Synchronization primitives that spin adaptively, then park: {@link io.moirai.sync.Mutex}
 * (a {@code ReentrantLock} drop-in), {@link io.moirai.sync.RwLock},
 * {@link io.moirai.sync.Semaphore}, {@link io.moirai.sync.Latch},
 * {@link io.moirai.sync.WaitGroup}, {@link io.moirai.sync.Barrier}, {@link io.moirai.sync.Once}
 * and {@link io.moirai.sync.Lazy}.
 *
 * <h2>Design</h2>
 * Each primitive keeps its wait queue in a {@link java.util.concurrent.locks.AbstractQueuedSynchronizer}
 * (the JDK's queue, with its exact condition, timeout and interrupt semantics, proven by two
 * decades of use), and puts a spin phase in front of it for the waits that are usually short:
 * locks and semaphores. Latches, wait groups, barriers and {@code Once} wait for work, not for a
 * critical section, and park at once.
 *
 * <h3>Adaptive spinning</h3>
 * A thread that finds a lock taken spins (test-and-test-and-set, one
 * {@link java.lang.Thread#onSpinWait()} per iteration) before it enqueues and parks, because a
 * park and unpark cost microseconds and two system calls while a short critical section ends in
 * nanoseconds; the holder also saves the unpark when the waiter never parked. It spins only
 * where it can pay off:
 * <ul>
 *   <li>never with one available CPU;</li>
 *   <li>at most {@code CPUs - 1} threads spin on one lock at once; the others park at once;</li>
 *   <li>only while the holder is {@code RUNNABLE} (a holder that sleeps, waits or blocks inside
 *       its critical section ends the spin at the next check, every 64 iterations);</li>
 *   <li>on virtual threads at most 64 iterations (a spinning virtual thread holds its carrier);</li>
 *   <li>in fair mode only while no thread is queued.</li>
 * </ul>
 * The spin budget is learnt per lock: it starts at 256 iterations, stays within [32, 4096],
 * grows after a spin that acquired (to {@code max(budget, 2 * iterations) + budget / 8}) and
 * halves after one that ran out. HotSpot's adaptive monitor spinning and Rust's
 * {@code parking_lot} follow the same principle: spin about as long as parking would cost, and
 * less where recent spins failed.
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
 * <h3>Memory ordering</h3>
 * The words plain, opaque, acquire, release, volatile and cas mean what
 * {@code io.moirai.concurrent}'s package documentation defines. Every release of a primitive
 * (unlock, release, countDown, done, the end of a {@code Once} action) is a volatile store or cas
 * of the synchronizer's state, and every acquisition a cas or volatile load of it, so the
 * releasing thread's earlier writes happen-before everything the acquiring thread does after it.
 * The jcstress tests in {@code io.moirai.jcstress.sync} check these claims.
 */
package io.moirai.sync;
