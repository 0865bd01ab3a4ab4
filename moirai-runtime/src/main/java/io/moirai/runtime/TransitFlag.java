package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * Brackets a worker's move of tasks into its deque (a batch from the injection queue, or tasks
 * stolen from another deque) against {@code shutdownNow()}, which empties the queues one after
 * another and would otherwise miss tasks that are in neither place at the moment it looks.
 *
 * <p>The mover stores the flag (volatile) and then reads whether the queues are being emptied;
 * {@code shutdownNow()} stores STOP and then reads the flag ({@link #await}) before it drains the
 * mover's deque. Both pairs are sequentially consistent accesses, so at least one side sees the
 * other's store (Dekker): either the mover sees STOP and moves nothing, or {@code shutdownNow()}
 * sees the move under way and waits for its end, after which the moved tasks are in the deque.
 * {@code TransitDrainJcstressTest} in moirai-jcstress checks it.
 *
 * <p>One per worker, written by its owner once per batch or steal (never per task), read by
 * {@code shutdownNow()} alone.
 */
final class TransitFlag {

    private static final VarHandle MOVING;

    static {
        try {
            MOVING = MethodHandles.lookup().findVarHandle(TransitFlag.class, "moving", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed through {@link #MOVING}. */
    private boolean moving;

    /**
     * Starts a move unless {@code emptying} says the queues are being emptied; then the caller
     * moves nothing. A move that starts must end with {@link #exit()}.
     */
    boolean enter(BooleanSupplier emptying) {
        MOVING.setVolatile(this, true);                 // volatile: ordered before the read below (Dekker)
        if (emptying.getAsBoolean()) {
            MOVING.setRelease(this, false);
            return false;
        }
        return true;
    }

    /** Release: the move's pushes come before, so a drain that sees the move ended finds them. */
    /**
     * Whether a move is under way; for another worker deciding whether work may be on its way
     * into this worker's deque. Acquire: a reader that sees the move over sees what it pushed.
     */
    boolean isMoving() {
        return (boolean) MOVING.getAcquire(this);
    }

    void exit() {
        MOVING.setRelease(this, false);
    }

    /** Waits until no move is under way; for {@code shutdownNow()}, after its store of STOP. */
    void await() {
        for (int spins = 0; (boolean) MOVING.getVolatile(this); spins++) {   // volatile: after the store of STOP (Dekker)
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the mover may wait for this CPU: a move never blocks, it runs no task
            }
        }
    }
}
