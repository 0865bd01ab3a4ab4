/**
 * jcstress tests of the memory-ordering claims of {@code io.moirai.concurrent}: each test names
 * the claim it checks in its {@code @Description}, lists the acceptable outcomes and forbids
 * every other one.
 *
 * <p>Tests use at most two actors (jcstress skips tests with more actors than the machine has
 * CPUs). Actors keep each queue's producer/consumer contract (one {@code consumer} actor on an
 * {@code Spsc} or {@code Mpsc} queue, one {@code producer} actor on an {@code Spsc} queue), and
 * the {@code @Arbiter} empties the queue through {@code Remaining}, after both actors.
 *
 * <p>The work-stealing deque's tests live in {@code io.moirai.runtime}, beside the
 * package-private deque.
 */
package io.moirai.jcstress.concurrent;
