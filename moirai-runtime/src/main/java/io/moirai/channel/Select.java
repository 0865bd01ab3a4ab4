package io.moirai.channel;

import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits on several channel operations at once and performs exactly one of them: the first that
 * becomes possible.
 *
 * <pre>{@code
 * Select<String> select = Select.<String>create()
 *         .onReceive(orders, order -> "order " + order.id())
 *         .onReceive(cancels, id -> "cancel " + id)
 *         .onSend(audit, entry, () -> "audited");
 * while (true) {
 *     try {
 *         log(select.select());                 // blocks until one case fires
 *     } catch (ChannelClosedException allClosed) {
 *         break;                                // every case's channel is closed
 *     }
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Exactly one case fires per call: its element is received (or its value sent) and its
 *       action runs, on the calling thread, after the channels are released. No other case
 *       receives or sends anything.</li>
 *   <li>Among cases ready at the same moment the choice is fair: the cases are tried in a
 *       fresh random order on each call.</li>
 *   <li><b>Closed channels are skipped.</b> A receive case whose channel is closed and drained,
 *       or a send case whose channel is closed for sending, never fires; a channel closed while
 *       the select waits is dropped from the wait. When <em>every</em> case is closed, the
 *       select throws {@link ChannelClosedException}. To react to one channel's close (Go's
 *       {@code case <-done}), close a channel that is itself a case of another select, or check
 *       {@link ReceiveChannel#isClosedForReceive()} after the select ends.</li>
 *   <li>Works with every kind of channel. On a rendezvous channel a select's receive matches a
 *       blocked sender or a select's send, and the other way round; two selects facing each
 *       other on one rendezvous channel do not deadlock.</li>
 *   <li>A send case on a oneshot channel that has carried its element counts as closed.</li>
 * </ul>
 * A {@code Select} can be reused for any number of calls, also from several threads at once;
 * only adding cases while a call runs is not allowed. Each call allocates a few small objects
 * (its waiters).
 *
 * @param <R> the type of the result the actions return
 */
public final class Select<R> {
    /*
     * Design note
     * This is the design of Go's selectgo with Kotlin's claim instead of Go's lock-all-channels
     * step. A call creates one Party and tries the cases in random order, each under its own
     * channel's lock only; a ready case is served at once (the select claims itself by cas first,
     * so a counterpart that served one of its earlier waiters wins instead). Otherwise it leaves a
     * Waiter for the case on that channel and goes on. Having tried every case it parks. A
     * counterpart that meets one of its waiters must win the party's cas, so at most one waiter is
     * served; the select then withdraws the others, each under its channel's lock. Because no two
     * channel locks are ever held together, there is no lock order to get wrong; the price is the
     * PENDING state and its ordered back-off, described in Party, for a select that claims a
     * waiting select.
     */

    private final ArrayList<Case<R>> cases = new ArrayList<>();

    private Select() {
    }

    /**
     * Starts an empty select.
     *
     * @param <R> the type of the result the actions return
     * @return a select without cases
     */
    public static <R> Select<R> create() {
        return new Select<>();
    }

    /**
     * Adds a case that receives from {@code channel} and passes the element to {@code action}.
     *
     * @param channel the channel to receive from
     * @param action  what to do with the element; its result is the select's
     * @param <E>     the type of elements
     * @return this select
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code channel} is a {@link RemoteChannel}
     */
    public <E> Select<R> onReceive(ReceiveChannel<? extends E> channel, Function<? super E, ? extends R> action) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        @SuppressWarnings("unchecked")
        Function<Object, ? extends R> f = (Function<Object, ? extends R>) action;
        cases.add(new Case<>(selectable(channel), true, null, f, null));
        return this;
    }

    /**
     * Adds a case that sends {@code value} to {@code channel}, then runs {@code action}.
     *
     * @param channel the channel to send to
     * @param value   the element to send
     * @param action  what to do once it is sent; its result is the select's
     * @param <E>     the type of elements
     * @return this select
     * @throws NullPointerException          if an argument is null
     * @throws IllegalArgumentException      if {@code channel} is a {@link RemoteChannel}
     * @throws UnsupportedOperationException if {@code channel} is a broadcast
     *                                       {@linkplain BroadcastChannel.Subscription subscription},
     *                                       which refuses sends
     */
    public <E> Select<R> onSend(SendChannel<? super E> channel, E value, Supplier<? extends R> action) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(action, "action");
        if (channel instanceof BroadcastChannel.Subscription<?>) {
            // a subscription refuses sends however it is reached (see SubscriptionChannel)
            throw new UnsupportedOperationException("send to the broadcast channel, not to a subscription");
        }
        cases.add(new Case<>(selectable(channel), false, value, null, action));
        return this;
    }

    /**
     * Waits until one case fires, and returns its action's result.
     *
     * @return the result of the action that ran (may be null if the action returns null)
     * @throws ChannelClosedException if every case's channel is closed
     * @throws InterruptedException   if the thread is interrupted on entry or while waiting; no
     *                                case has then fired
     * @throws IllegalStateException  if the select has no case
     */
    public R select() throws InterruptedException {
        return run(true, false, 0L).result();
    }

    /**
     * Waits at most the given time for one case to fire.
     *
     * @param timeout how long to wait; zero or negative means not at all
     * @param unit    the unit of {@code timeout}
     * @return the action's result; empty if the time passed first (or the action returned null)
     * @throws NullPointerException   if {@code unit} is null
     * @throws ChannelClosedException if every case's channel is closed
     * @throws InterruptedException   as for {@link #select()}
     * @throws IllegalStateException  if the select has no case
     */
    public Optional<R> select(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0L && Thread.interrupted()) {
            throw new InterruptedException(); // as on entry to a select that waits, and as receive(e, 0) does
        }
        Outcome<R> o = nanos > 0L ? run(true, true, nanos) : runNow();
        return o.fired() ? Optional.ofNullable(o.result()) : Optional.empty();
    }

    /**
     * Fires a case that is ready now, if any.
     *
     * @return the action's result; empty if no case is ready (or the action returned null)
     * @throws ChannelClosedException if every case's channel is closed
     * @throws IllegalStateException  if the select has no case
     */
    public Optional<R> trySelect() {
        Outcome<R> o = runNow();
        return o.fired() ? Optional.ofNullable(o.result()) : Optional.empty();
    }

    private Outcome<R> runNow() {
        try {
            return run(false, false, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("a select that does not wait cannot be interrupted", e);
        }
    }

    private Outcome<R> run(boolean wait, boolean timed, long nanos) throws InterruptedException {
        int n = cases.size();
        if (n == 0) {
            throw new IllegalStateException("select has no case");
        }
        if (wait && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Party self = new Party(Thread.currentThread());
        Waiter[] nodes = wait ? new Waiter[n] : null;
        int closed = 0;
        boolean served = false;
        for (int i : randomOrder(n)) {
            Case<R> c = cases.get(i);
            Waiter node = wait ? new Waiter(self, c.channel, c.value, i) : null;
            int r = c.channel.selectCase(self, node, c.receive, c.value, i);
            if (r == Selectable.SELECTED || r == Selectable.LOST) {
                served = true;
                break;
            }
            if (r == Selectable.CLOSED) {
                closed++;
            } else if (wait) {
                nodes[i] = node;
            }
        }
        if (!served) {
            if (closed == n) {
                throw new ChannelClosedException("every channel of the select is closed");
            }
            if (!wait) {
                return Outcome.none();
            }
            if (!await(self, nodes, timed, nanos)) {
                return Outcome.none();
            }
        } else if (wait) {
            awaitDone(self);
        }
        if (nodes != null) {
            withdraw(nodes);
        }
        return Outcome.of(fire(self));
    }

    /**
     * Parks until the party is served; returns false on time-out.
     *
     * @throws ChannelClosedException if every case's channel gets closed
     * @throws InterruptedException   if interrupted before being served
     */
    private boolean await(Party self, Waiter[] nodes, boolean timed, long nanos) throws InterruptedException {
        // Callers never wait for a timeout of zero or less, so nanos > 0 here. The deadline may
        // wrap past Long.MAX_VALUE, but only its difference with nanoTime() is used, which stays
        // exact for any wait shorter than 292 years.
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false;
        for (;;) {
            int s = self.state();
            if (s == Party.DONE) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            if (s != Party.WAITING) {
                Thread.onSpinWait();
                continue;
            }
            if (retryPolled(self, nodes)) {
                continue;
            }
            if (!interrupted && Thread.interrupted()) {
                if (self.cancel()) {
                    withdraw(nodes);
                    throw new InterruptedException();
                }
                interrupted = true;
            } else if (allClosed()) {
                if (self.cancel()) {
                    withdraw(nodes);
                    throw new ChannelClosedException("every channel of the select is closed");
                }
            } else if (timed && (nanos = deadline - System.nanoTime()) <= 0L) {
                if (self.cancel()) {
                    withdraw(nodes);
                    return false;
                }
            } else if (timed) {
                LockSupport.parkNanos(this, nanos);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Retries the registered cases whose channel only signals room (broadcast sends). */
    private boolean retryPolled(Party self, Waiter[] nodes) {
        for (int i = 0; i < nodes.length; i++) {
            Case<R> c = cases.get(i);
            if (nodes[i] != null && c.channel.retriesOnWake()) {
                int r = c.channel.selectCase(self, null, c.receive, c.value, i);
                if (r == Selectable.SELECTED || r == Selectable.LOST) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void awaitDone(Party self) {
        while (self.state() != Party.DONE) {
            Thread.onSpinWait();
        }
    }

    private boolean allClosed() {
        for (Case<R> c : cases) {
            if (!c.channel.isClosedFor(c.receive)) {
                return false;
            }
        }
        return true;
    }

    private static void withdraw(Waiter[] nodes) {
        for (Waiter w : nodes) {
            if (w != null) {
                w.channel.deregister(w);
            }
        }
    }

    private R fire(Party self) {
        Case<R> c = cases.get(self.selected);
        return c.receive ? c.onReceive.apply(self.result) : c.onSend.get();
    }

    private static int[] randomOrder(int n) {
        int[] order = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    private static Selectable selectable(Object channel) {
        if (channel instanceof RemoteChannel<?> remote) {
            throw new IllegalArgumentException("select waits on in-process channels only; remote channel '"
                    + remote.name() + "' cannot be a case (drain it into an in-process channel instead)");
        }
        return (Selectable) channel;
    }

    private record Case<R>(Selectable channel, boolean receive, Object value,
                           Function<Object, ? extends R> onReceive, Supplier<? extends R> onSend) {
    }

    private record Outcome<R>(boolean fired, R result) {
        static <R> Outcome<R> none() {
            return new Outcome<>(false, null);
        }

        static <R> Outcome<R> of(R result) {
            return new Outcome<>(true, result);
        }
    }
}
