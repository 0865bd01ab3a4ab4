/**
 * jcstress tests of the memory-ordering claims of {@code io.moirai.concurrent}: each test names
 * the claim it checks in its {@code @Description}, lists the acceptable outcomes and forbids
 * every other one.
 *
 * <p>Tests use at most two actors (jcstress skips tests with more actors than the machine has
 * CPUs). An actor named {@code owner} is the only thread that calls a deque's owner-only
 * methods; jcstress publishes the state, so a deque filled in the state's constructor passes to
 * that actor safely. In the queue tests, actors keep each queue's producer/consumer contract
 * (one {@code consumer} actor on an {@code Spsc} or {@code Mpsc} queue, one {@code producer}
 * actor on an {@code Spsc} queue), and the {@code @Arbiter} empties the queue through
 * {@code Remaining}, after both actors.
 */
package io.moirai.jcstress.concurrent;
