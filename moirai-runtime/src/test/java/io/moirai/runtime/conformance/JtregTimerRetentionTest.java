package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OpenJDK's jtreg test {@code ScheduledThreadPoolExecutor/GCRetention}, for the timer thread: a
 * cancelled task is not kept reachable while the timer waits for the trigger it had.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregTimerRetentionTest {

    /**
     * GCRetention, the timer's own view: the timer thread waits for the earliest task's trigger,
     * and cancelling that task must not leave it reachable from the waiting thread until the
     * trigger, an hour away here.
     */
    @Test
    void cancelledEarliestTaskIsNotRetainedByTheWaitingTimer() throws Exception {
        for (int kind = 0; kind < 3; kind++) {
            String prefix = "gc-retention-" + kind + "-";
            try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).threadNamePrefix(prefix).build()) {
                List<WeakReference<Object>> refs = new ArrayList<>();
                ScheduledFuture<?> head = scheduleFar(runtime, kind, refs);
                Thread timer = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(prefix + "timer")).findFirst().orElseThrow();
                long end = System.nanoTime() + Waits.LONG.toNanos();
                while (timer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < end) {
                    Thread.onSpinWait(); // the timer has looked at the task and waits for its trigger
                }
                assertThat(timer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
                assertThat(head.cancel(false)).isTrue();
                head = null;
                JtregScheduledTest.assertCollected(refs);
            }
        }
    }

    private static ScheduledFuture<?> scheduleFar(MoiraiRuntime runtime, int kind, List<WeakReference<Object>> refs) {
        Runnable task = new Runnable() {
            final byte[] payload = new byte[1 << 20];

            @Override
            public void run() {
                payload[0]++;
            }
        };
        refs.add(new WeakReference<>(task));
        return switch (kind) {
            case 0 -> runtime.schedule(task, 1, TimeUnit.HOURS);
            case 1 -> runtime.scheduleAtFixedRate(task, 1, 1, TimeUnit.HOURS);
            default -> runtime.scheduleWithFixedDelay(task, 1, 1, TimeUnit.HOURS);
        };
    }
}
