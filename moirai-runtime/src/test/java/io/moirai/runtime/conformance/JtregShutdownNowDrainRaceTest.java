package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * OpenJDK's jtreg test {@code ThreadPoolExecutor/ShutdownNowExecuteRace}, with the accounting
 * {@code ThreadPoolExecutor} gives: a command that {@code execute} accepted from outside the
 * runtime either runs or is handed back by {@code shutdownNow()}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregShutdownNowDrainRaceTest {

    /** The submission paths: each checks the run state and queues the task in its own way. */
    enum Path {
        /** The common one: the injection queue checks the run state and queues under one lock. */
        CPU_DIRECT,
        /** Admission checks the run state, then the lane queues the task. */
        CPU_WITH_LISTENER,
        CPU_BOUNDED,
        BLOCKING;

        MoiraiRuntime.Builder configure(MoiraiRuntime.Builder builder) {
            return switch (this) {
                case CPU_WITH_LISTENER -> builder.listener(new RuntimeListener() {
                    @Override
                    public void taskQueued(String name, Lane lane) {
                    }
                });
                case CPU_BOUNDED -> builder.queueCapacity(1 << 20);
                default -> builder;
            };
        }

        void execute(MoiraiRuntime runtime, Runnable command) {
            if (this == BLOCKING) {
                runtime.execute(command, TaskOptions.defaults().withLane(Lane.BLOCKING));
            } else {
                runtime.execute(command);
            }
        }
    }

    /**
     * ShutdownNowExecuteRace: execute() from several threads while shutdownNow() comes. Every
     * accepted command runs or is handed back, and the runtime terminates.
     */
    @ParameterizedTest
    @EnumSource(Path.class)
    void executeRacingShutdownNowLosesNothing(Path path) throws Exception {
        int lostTotal = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        for (int round = 0; round < 150 && System.nanoTime() < end; round++) {
            MoiraiRuntime runtime = path.configure(Waits.quietRuntime().parallelism(2)).build();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                submitters.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 100_000; i++) {
                            path.execute(runtime, ran::incrementAndGet);
                            accepted.incrementAndGet();
                        }
                    } catch (RejectedExecutionException | InterruptedException done) {
                        // shut down
                    }
                }));
            }
            go.countDown();
            while (accepted.get() < 200) {
                Thread.onSpinWait();
            }
            List<Runnable> handedBack = runtime.shutdownNow();
            for (Thread t : submitters) {
                t.join();
            }
            Waits.awaitTermination(runtime);
            int lost = accepted.get() - ran.get() - handedBack.size();
            lostTotal += lost;
            Accounting.assertCountsAddUp(runtime);
        }
        assertThat(lostTotal).as("accepted commands neither run nor handed back").isZero();
    }
}
