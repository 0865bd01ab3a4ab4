package io.moirai.channel;

import java.util.ArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The parties a channel served under its lock, to be woken only once the lock is released, so
 * that the critical section stays a few field updates: an unpark may be a system call, and
 * waking an asynchronous receive runs the dependent actions of its future.
 *
 * <p>Guarded by the owning channel's lock. An operation serves at most one party, so the first
 * is kept in a field and a list is allocated only when a close wakes several.
 */
final class DeferredWakeups {

    private Party first;
    /** The parties after {@link #first}, in the order served; null until a second one. */
    private ArrayList<Party> rest;

    /** Remembers {@code p} to be woken after the lock is released. Under the lock. */
    void add(Party p) {
        if (first == null) {
            first = p;
        } else {
            if (rest == null) {
                rest = new ArrayList<>();
            }
            rest.add(p);
        }
    }

    /**
     * Releases {@code lock}, held by the caller, then wakes the parties added since the last
     * release. They are taken out first, so that what other threads add once the lock is free
     * stays for them to wake.
     */
    void unlockAndWake(ReentrantLock lock) {
        Party one = first;
        ArrayList<Party> many = rest;
        first = null;
        rest = null;
        lock.unlock();
        if (one != null) {
            one.wake();
            if (many != null) {
                for (Party p : many) {
                    p.wake();
                }
            }
        }
    }

    /**
     * Releases {@code lock}, held by the caller, and appends the parties added since the last
     * release to {@code wakes}, for a caller that wakes them after releasing a lock of its own.
     */
    void unlockInto(ReentrantLock lock, ArrayList<Party> wakes) {
        if (first != null) {
            wakes.add(first);
            if (rest != null) {
                wakes.addAll(rest);
            }
        }
        first = null;
        rest = null;
        lock.unlock();
    }
}
