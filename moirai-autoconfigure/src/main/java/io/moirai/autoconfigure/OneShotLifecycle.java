package io.moirai.autoconfigure;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle whose component cannot start again once stopped (the runtime, the cluster): the
 * first {@link #stop()} stops it for good, later ones do nothing, and a context pause leaves it
 * running.
 */
abstract class OneShotLifecycle implements SmartLifecycle, DisposableBean {

    private volatile boolean running;

    @Override
    public final void start() {
        this.running = true;
    }

    @Override
    public final void stop() {
        if (!this.running) {
            return;
        }
        this.running = false;
        stopOnce();
    }

    /** Stops the component; called at most once, by the first {@link #stop()}. */
    abstract void stopOnce();

    @Override
    public final boolean isRunning() {
        return this.running;
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
