package io.moirai.hazelcast;

import java.util.List;
import java.util.concurrent.Future;

/**
 * Cancels invocations in flight on other members without waiting for them and without throwing.
 *
 * <p>Hazelcast's {@code cancel} of a member invocation sends a cancel operation and waits for its
 * answer, and it throws when that member has left ({@code MemberLeftException}) or this member no
 * longer runs ({@code HazelcastInstanceNotActiveException}). A job or a remote task cancels what
 * it has in flight as it ends: under the job's monitor, or on the thread of a user's
 * {@code cancel}. Cancelling there made the ending throw half way, with the job marked finished
 * but never completed (its stage waited for ever), and could hold the monitor until a silent
 * member's failure was detected. So the cancels run on a virtual thread of their own, and a
 * failed cancel is dropped: a member that left has nothing left to cancel.
 */
final class RemoteCancels {

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");

    private RemoteCancels() {
    }

    /** Cancels {@code futures} (interrupting what runs) on a new virtual thread; returns at once. */
    static void cancelInBackground(List<? extends Future<?>> futures) {
        if (futures.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("moirai-cluster-cancel").start(() -> {
            for (Future<?> future : futures) {
                try {
                    future.cancel(true);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cancel of a remote invocation failed: " + e);
                }
            }
        });
    }
}
