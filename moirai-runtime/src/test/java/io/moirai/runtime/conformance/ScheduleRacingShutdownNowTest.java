package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code schedule} admitted before {@code shutdownNow()} whose task reaches the timer only after
 * the call emptied it: the call returned normally, so the task runs or is handed back, or the call
 * throws. The listener's {@code taskQueued}, which comes between the admission and the timer,
 * holds the submitter there while {@code shutdownNow()} runs to its end on another thread.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScheduleRacingShutdownNowTest {

    @ParameterizedTest
    @ValueSource(strings = {"delay 1 ns", "delay 1 h", "fixed rate", "fixed delay"})
    void anAdmittedScheduleRunsIsReturnedOrIsRefused(String how) throws Exception {
        for (int round = 0; round < 20; round++) {
            oneRound(how);
        }
    }

    private static void oneRound(String how) throws Exception {
        AtomicReference<MoiraiRuntime> runtimeRef = new AtomicReference<>();
        AtomicReference<Thread> armed = new AtomicReference<>(Thread.currentThread());
        AtomicReference<List<Runnable>> returned = new AtomicReference<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void taskQueued(String name, Lane lane) {
                if (armed.compareAndSet(Thread.currentThread(), null)) {
                    Thread stopper = Thread.ofPlatform().start(() -> returned.set(runtimeRef.get().shutdownNow()));
                    try {
                        stopper.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).listener(listener).build();
        runtimeRef.set(runtime);
        AtomicInteger ran = new AtomicInteger();
        boolean accepted = true;
        try {
            switch (how) {
                case "delay 1 ns" -> runtime.schedule(ran::incrementAndGet, 1, TimeUnit.NANOSECONDS);
                case "delay 1 h" -> runtime.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
                case "fixed rate" -> runtime.scheduleAtFixedRate(ran::incrementAndGet, 0, 1, TimeUnit.HOURS);
                default -> runtime.scheduleWithFixedDelay(ran::incrementAndGet, 0, 1, TimeUnit.HOURS);
            }
        } catch (RejectedExecutionException refused) {
            accepted = false;
        }
        Waits.awaitTermination(runtime);
        assertThat(returned.get()).as("shutdownNow() ran in the window").isNotNull();
        assertThat(ran.get() + returned.get().size())
                .as("runs + returned, accepted=%s", accepted).isEqualTo(accepted ? 1 : 0);
        Accounting.assertCountsAddUp(runtime);
    }
}
