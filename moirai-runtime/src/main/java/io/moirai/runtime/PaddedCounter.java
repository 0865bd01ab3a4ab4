package io.moirai.runtime;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * An {@code int} counter alone on its cache lines: 128 bytes of unused elements on either side
 * of the one it uses, inside an array of its own.
 *
 * <p>Why: the blocking lane's permit counter and the count of live runtime threads are written
 * by every submitter and every lane thread. As plain {@code AtomicInteger}s (16 bytes
 * each) they could share cache lines with each other and with whatever the allocator or the
 * collector places beside them, so each write could also evict unrelated data other cores were
 * reading. Padding rules that out at the cost of a few hundred bytes.
 */
final class PaddedCounter {

    private static final int SLOT = 32; // 32 ints: 128 bytes on either side
    private final AtomicIntegerArray cell = new AtomicIntegerArray(2 * SLOT + 1);

    int get() {
        return cell.get(SLOT);
    }

    boolean compareAndSet(int expected, int value) {
        return cell.compareAndSet(SLOT, expected, value);
    }

    int incrementAndGet() {
        return cell.incrementAndGet(SLOT);
    }

    int decrementAndGet() {
        return cell.decrementAndGet(SLOT);
    }

    /** Opaque: for a value used as a hint, which needs no ordering with other memory. */
    void setOpaque(int value) {
        cell.setOpaque(SLOT, value);
    }

    /** Opaque: see {@link #setOpaque}. */
    int getOpaque() {
        return cell.getOpaque(SLOT);
    }
}
