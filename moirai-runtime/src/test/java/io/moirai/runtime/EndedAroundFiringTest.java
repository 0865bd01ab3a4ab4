package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tasks that end (cancelled, completed from outside, handed back by {@code shutdownNow}) just as
 * the timer fires them or the runtime stops leave nothing behind: no entry in the timer's set of
 * fired periodic tasks (it once kept a periodic task ended after the timer took it, for ever), and
 * no handle left undone by a {@code cancel} that lost to {@code shutdownNow}'s drain.
 */
class EndedAroundFiringTest {

    private static void spinNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0L) {
            Thread.onSpinWait();
        }
    }

    @Test
    void periodicTasksEndedAsTheyFireLeaveTheFiredSet() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 5_000; i++) {
                long firstMicros = random.nextInt(200);
                ScheduledTaskHandle<?> periodic = runtime.scheduleAtFixedRate(() -> { }, firstMicros, 3_600_000_000L,
                        TimeUnit.MICROSECONDS);
                spinNanos(Math.max(0L, firstMicros * 1_000L - 20_000L) + random.nextInt(60_000)); // around the firing

                if (i % 2 == 0) {
                    periodic.toCompletableFuture().complete(null);
                } else {
                    periodic.cancel(false);
                }
                periodic.cancel(false); // ends one whose completion lost to a run
                assertThat(periodic.isDone()).isTrue();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((runtime.snapshot().active() > 0 || runtime.snapshot().queued() > 0) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(runtime.snapshot().timersPending()).isZero();
            assertThat(runtime.timers().firedPeriodicTasks()).as("ended periodic tasks still listed as fired").isEmpty();
        }
    }

    @Test
    void aCancelRacingShutdownNowLeavesTheHandleDone() throws Exception {
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try {
            List<String> undone = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
                ScheduledTaskHandle<String> delayed = runtime.schedule(() -> "ran", 1, TimeUnit.HOURS);
                long delay = i % 40;
                boolean interrupt = i % 2 == 0;
                Future<Boolean> cancel = canceller.submit(() -> {
                    spinNanos(delay * 1_000L);
                    return delayed.cancel(interrupt);
                });
                runtime.shutdownNow();
                boolean cancelled = cancel.get(10, TimeUnit.SECONDS);
                if (!delayed.isDone()) {
                    undone.add("round " + i + ": cancel returned " + cancelled + ", handle " + delayed.state());
                }
                assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(undone).as("handles not done after cancel returned").isEmpty();
        } finally {
            canceller.shutdownNow();
        }
    }
}
