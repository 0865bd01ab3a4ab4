package io.moirai.runtime.stress;

import java.util.ArrayList;
import java.util.List;

/**
 * Background threads that spin on every core, so that the runtime's threads are preempted at
 * arbitrary points: windows in the wake-up and termination protocols that are nanoseconds wide
 * on an idle machine stay open for whole scheduler quanta. Used by the long variants only.
 *
 * <pre>{@code
 * try (CpuHog hog = CpuHog.start()) {
 *     scenario.run();
 * }
 * }</pre>
 */
final class CpuHog implements AutoCloseable {

    private final List<Thread> spinners = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long sink;

    private CpuHog(int threads) {
        for (int i = 0; i < threads; i++) {
            Thread spinner = Thread.ofPlatform().daemon().name("cpu-hog-", i).unstarted(this::spin);
            spinners.add(spinner);
        }
        spinners.forEach(Thread::start);
    }

    /** One spinning thread per CPU this process may use. */
    static CpuHog start() {
        return new CpuHog(Runtime.getRuntime().availableProcessors());
    }

    private void spin() {
        long x = 1L;
        while (running) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread spinner : spinners) {
            spinner.join();
        }
    }
}
