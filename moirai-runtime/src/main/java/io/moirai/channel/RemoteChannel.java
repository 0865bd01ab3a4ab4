package io.moirai.channel;

/**
 * A channel whose buffer lives outside this JVM, so that tasks on different processes or cluster
 * members pass elements through it. Modules that integrate a distributed store implement it (the
 * Hazelcast module's {@code MoiraiCluster.channel(name, capacity)} returns one); the runtime only
 * defines the contract.
 *
 * <p>An implementation keeps the in-process channel's semantics as seen from any member: sends
 * wait while the channel is full and receives while it is empty; {@link #close()} is seen by
 * every member; receivers drain what was sent before the close and then see the channel closed.
 * Unlike an in-process channel, a send or a receive may also fail because the remote store is
 * unreachable: implementations report that with an unchecked exception of their choice and
 * document what became of the element. Where the closed state and the elements are stored apart,
 * "closed and drained" ({@link #isClosedForReceive()}, or {@link ChannelClosedException} from a
 * receive) may be final only for the elements sent before the close, not for every receiver: a
 * send that raced with the close can still hand its element to another receiver and succeed.
 * Implementations say whether they do (the Hazelcast module's channel does).
 *
 * <p>{@link Select} does not accept remote channels: it waits on in-process wake-ups, which a
 * remote store cannot deliver, and gives {@link IllegalArgumentException} for one. Combine a
 * remote channel with others by draining it into an in-process channel on a task of its own.
 *
 * @param <E> the type of elements
 */
public non-sealed interface RemoteChannel<E> extends Channel<E> {

    /**
     * The name under which every member finds this channel.
     *
     * @return the channel's cluster-wide name
     */
    String name();
}
