package io.moirai.channel;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber's buffer of a {@link BroadcastHub}. Only the hub puts elements in (under its
 * own lock, through {@link #offerFromHub}); the sending methods a user could reach by casting
 * refuse.
 *
 * @param <E> the type of elements
 */
final class SubscriptionChannel<E> extends BufferedChannel<E> implements BroadcastChannel.Subscription<E> {

    private final BroadcastHub<E> hub;

    SubscriptionChannel(int capacity, BroadcastHub<E> hub) {
        super(capacity, false, "broadcast subscription");
        this.hub = hub;
    }

    /** Whether the hub may add an element now. The hub holds its own lock. */
    boolean hasRoomForHub() {
        lock.lock();
        try {
            return hasRoomLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds an element for which {@link #hasRoomForHub} said there is room; only the hub adds,
     * under its lock, so the room is still there. Skips the element if closed meanwhile.
     */
    void offerFromHub(Object element, ArrayList<Party> wakes) {
        lock.lock();
        try {
            offerLocked(element);
        } finally {
            unlockInto(wakes);
        }
    }

    @Override
    public boolean close() {
        hub.unsubscribe(this);
        return closeChannel();
    }

    @Override
    void roomMade() {
        hub.roomMade();
    }

    @Override
    public void send(E element) {
        throw refused();
    }

    @Override
    public boolean send(E element, long timeout, TimeUnit unit) {
        throw refused();
    }

    @Override
    public boolean trySend(E element) {
        throw refused();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("send to the broadcast channel, not to a subscription");
    }
}
