package io.moirai.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One kind of occurrence audited at most once per interval, however often it happens: the first
 * occurrence after a quiet spell is published at once; the ones that follow are counted and
 * published as one event, with the last one's details, each time the interval passes while they
 * keep coming. Every occurrence is in exactly one event's count.
 *
 * <p>Occurrences come from the runtime's threads (a rejection from the submitter's), so
 * {@link #occurred} does two atomic updates and, once per quiet spell, schedules the interval's end.
 *
 * @param <E> the occurrence
 */
final class RateLimitedAudit<E> {

    /** Publishes one event for {@code count} occurrences ending with {@code last}. */
    @FunctionalInterface
    interface Publisher<E> {

        /**
         * @param last            the latest occurrence
         * @param count           how many occurrences the event stands for
         * @param intervalSeconds the interval the count was gathered over; null for the event
         *                        published at once, which stands for its own occurrence only
         */
        void publish(E last, long count, @Nullable Long intervalSeconds);
    }

    private final Duration interval;
    private final Executor atIntervalEnd;
    private final Publisher<E> publisher;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean windowOpen = new AtomicBoolean();
    private volatile @Nullable E last;

    RateLimitedAudit(Duration interval, Executor atIntervalEnd, Publisher<E> publisher) {
        this.interval = interval;
        this.atIntervalEnd = atIntervalEnd;
        this.publisher = publisher;
    }

    void occurred(E occurrence) {
        this.last = occurrence;
        this.pending.incrementAndGet();
        if (this.windowOpen.compareAndSet(false, true)) {
            publishPending(null);
            this.atIntervalEnd.execute(this::closeOrExtendWindow);
        }
    }

    /** Publishes what is counted now (the runtime stops): nothing is left uncounted. */
    void flush() {
        publishPending(this.interval.toSeconds());
    }

    private void closeOrExtendWindow() {
        if (publishPending(this.interval.toSeconds())) {
            this.atIntervalEnd.execute(this::closeOrExtendWindow);
            return;
        }
        this.windowOpen.set(false);
        // an occurrence counted after the publish above but before the window closed found it
        // open and left itself to this thread
        if (this.pending.get() > 0 && this.windowOpen.compareAndSet(false, true)) {
            closeOrExtendWindow();
        }
    }

    private boolean publishPending(@Nullable Long intervalSeconds) {
        long count = this.pending.getAndSet(0);
        E latest = this.last;
        if (count == 0 || latest == null) {
            return false;
        }
        this.publisher.publish(latest, count, intervalSeconds);
        return true;
    }
}
