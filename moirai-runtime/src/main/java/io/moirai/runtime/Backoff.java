package io.moirai.runtime;

/**
 * How a thread waits for the holder of one of the runtime's short spin locks (the injection
 * queue's producer and consumer locks, the blocking lane's runner stripes, the CPU lane's stack
 * of parked workers): spin-wait hints for a while, then yields. A holder does a few stores; one
 * that keeps the lock past the spin had its thread (or a virtual thread's carrier) descheduled,
 * and a waiter that went on spinning would burn its own time slice while the holder waits for a
 * CPU.
 */
final class Backoff {

    /** Failed attempts in a row after which a waiter yields instead of spinning. */
    static final int SPINS_BEFORE_YIELD = 64;

    private Backoff() {
    }

    /** Waits a little after the {@code spins}-th failed attempt in a row, counting from 0. */
    static void pause(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
