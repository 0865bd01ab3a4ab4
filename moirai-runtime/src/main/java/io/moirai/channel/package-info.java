/**
 * Channels: typed, closable conduits that pass elements between threads (platform or virtual),
 * and {@link io.moirai.channel.Select} to wait on several at once.
 *
 * <pre>{@code
 * Channel<Job> jobs = Channels.bounded(64);
 * Channel<Result> results = Channels.unbounded();
 * Thread.ofVirtual().start(() -> {
 *     try {
 *         for (Job j : source) jobs.send(j);        // waits while 64 are buffered
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();
 *     } finally {
 *         jobs.close();
 *     }
 * });
 * jobs.forEach(job -> results.trySend(job.run())); // until jobs is closed and drained; an
 *                                                  // open unbounded channel takes every element
 * }</pre>
 *
 * <h2>The model</h2>
 * <ul>
 *   <li><b>Kinds.</b> {@link io.moirai.channel.Channels} makes bounded, unbounded, rendezvous
 *       (no buffer: a send meets a receive), oneshot (one element ever) and broadcast (every
 *       subscriber gets every element) channels. {@link io.moirai.channel.Channel} is both a
 *       {@link io.moirai.channel.SendChannel} and a {@link io.moirai.channel.ReceiveChannel};
 *       hand out only the side a component needs.</li>
 *   <li><b>Exactly once.</b> Every accepted element is received exactly once (once per
 *       subscriber for broadcast). An operation that fails (closed, timed out, interrupted,
 *       cancelled) has moved nothing. Nulls are refused.</li>
 *   <li><b>Close.</b> {@code close()} stops sends; receivers drain what was accepted, then get
 *       {@link io.moirai.channel.ChannelClosedException}. Senders blocked at the close fail and
 *       their elements are not delivered. There is no "close with error"; send a value that says
 *       so if receivers must know why.</li>
 *   <li><b>Waiting</b> is parking ({@link java.util.concurrent.locks.LockSupport}); a short
 *       internal lock per channel is never held while parking, so virtual threads never pin. A
 *       bounded channel takes no lock at all while neither side has to wait.
 *       Blocking operations throw {@link java.lang.InterruptedException} (and clear the flag) if
 *       interrupted before they complete; if the element arrives in the same instant, they return
 *       it and keep the flag set. {@code receiveAsync()} waits without a thread.</li>
 *   <li><b>Ordering.</b> A send happens-before the receive that returns its element: what the
 *       sender wrote before sending, the receiver sees. Elements of one sender arrive in the
 *       order sent.</li>
 *   <li><b>Select</b> performs exactly one of several sends and receives, fairly among those
 *       ready, skipping closed channels; see {@link io.moirai.channel.Select}.</li>
 * </ul>
 *
 * <p>{@code docs/channels.md} has the contracts, the proofs and the commands that run them.
 */
package io.moirai.channel;
