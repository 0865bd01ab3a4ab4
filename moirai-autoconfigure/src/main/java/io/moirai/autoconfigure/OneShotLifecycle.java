package io.moirai.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle whose component cannot start again once stopped (the runtime, the cluster): the
 * first {@link #stop()} stops it for good, later ones do nothing, and a context pause leaves it
 * running.
 */
abstract class OneShotLifecycle implements SmartLifecycle, DisposableBean {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPED = 2;

    /** NEW, RUNNING or STOPPED; STOPPED is final, so a {@code start()} after a stop changes nothing. */
    private final AtomicInteger state = new AtomicInteger(NEW);

    /** Starts once: a context {@code start()} after the component stopped leaves it stopped. */
    @Override
    public final void start() {
        this.state.compareAndSet(NEW, RUNNING);
    }

    /** The first call after {@link #start()} stops the component; every other call does nothing. */
    @Override
    public final void stop() {
        if (this.state.compareAndSet(RUNNING, STOPPED)) {
            stopOnce();
        }
    }

    /** Stops the component; called at most once, by the first {@link #stop()}. */
    abstract void stopOnce();

    @Override
    public final boolean isRunning() {
        return this.state.get() == RUNNING;
    }

    /**
     * Not pauseable: a stopped component cannot start again, so a context pause (Spring's test
     * context cache pauses contexts it is not using) must leave it running rather than stop it
     * for good.
     */
    @Override
    public final boolean isPauseable() {
        return false;
    }
}
