package io.moirai.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moirai.runtime.DeadlineExceededException;
import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runtime on a {@link VirtualClock}: tasks fall due when the clock is advanced, all of them,
 * in due order, finished when {@code advance} returns; deadlines pass in virtual time; advances
 * from several threads are serialized; bad arguments fail with messages that say why.
 */
class VirtualClockTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private final VirtualClock clock = new VirtualClock(START, ZoneOffset.UTC);
    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).timeSource(clock).build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aDelayedTaskRunsWhenTheClockReachesItsTimeAndNotBefore() {
        ScheduledTaskHandle<String> handle = runtime.schedule(() -> "ran", 5, TimeUnit.SECONDS);

        clock.advance(Duration.ofMillis(4_999));
        assertThat(handle.isDone()).isFalse();
        assertThat(handle.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1L);

        clock.advance(Duration.ofMillis(1));
        assertThat(handle.isDone()).isTrue();
        assertThat(handle.join()).isEqualTo("ran");
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aTaskDueNowRunsWithoutAnyAdvance() {
        TaskHandle<String> handle = runtime.schedule(() -> "now", 0, TimeUnit.SECONDS);

        assertThat(handle.join()).isEqualTo("now");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void dueTasksRunInDueOrderEachSeeingItsOwnTime() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        for (int second : new int[] {7, 3, 9, 1, 5}) {
            runtime.schedule(() -> order.add(second + "s@" + clock.instant()), second, TimeUnit.SECONDS);
        }

        clock.advance(Duration.ofSeconds(10));

        assertThat(order).containsExactly("1s@" + START.plusSeconds(1), "3s@" + START.plusSeconds(3),
                "5s@" + START.plusSeconds(5), "7s@" + START.plusSeconds(7), "9s@" + START.plusSeconds(9));
    }

    @Test
    void tasksThatDueTasksScheduleWithinTheTargetRunInTheSameAdvance() {
        List<Instant> runs = Collections.synchronizedList(new ArrayList<>());
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            runs.add(clock.instant());
            runtime.schedule(step[0], 1, TimeUnit.MINUTES);
        };
        runtime.schedule(step[0], 1, TimeUnit.MINUTES);

        clock.advance(Duration.ofMinutes(3));

        assertThat(runs).containsExactly(START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(180));
    }

    @Test
    void aFixedRateTaskRunsOncePerPeriod() {
        AtomicInteger runs = new AtomicInteger();
        runtime.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.HOURS);

        clock.advance(Duration.ofDays(1));

        assertThat(runs).hasValue(25); // at 0h, 1h, ... 24h
    }

    @Test
    void aFixedDelayTaskRunsOncePerDelayAfterItsPreviousRun() {
        List<Instant> runs = Collections.synchronizedList(new ArrayList<>());
        runtime.scheduleWithFixedDelay(() -> runs.add(clock.instant()), 10, 30, TimeUnit.MINUTES);

        clock.advance(Duration.ofHours(2));

        assertThat(runs).containsExactly(START.plusSeconds(600), START.plusSeconds(2_400), START.plusSeconds(4_200),
                START.plusSeconds(6_000));
    }

    @Test
    void tasksThatFallDueOnWorkersHaveFinishedWhenAdvanceReturns() {
        AtomicInteger runs = new AtomicInteger();
        List<TaskHandle<?>> handles = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            handles.add(runtime.schedule(() -> {
                Thread.onSpinWait();
                return runs.incrementAndGet();
            }, i, TimeUnit.SECONDS));
        }

        clock.advance(Duration.ofSeconds(20));

        assertThat(runs).hasValue(20);
        assertThat(handles).allMatch(Future::isDone);
    }

    @Test
    void aDeadlinePassesInVirtualTime() {
        runtime.pause(); // nothing starts, so the task can only miss its deadline
        TaskHandle<String> handle = runtime.spawn(() -> "late",
                TaskOptions.defaults().withLane(Lane.CPU).withDeadline(clock.instant().plusSeconds(30)));

        clock.advance(Duration.ofSeconds(29));
        assertThat(handle.isDone()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(handle.isDone()).isTrue();
        assertThatThrownBy(handle::join).isInstanceOf(DeadlineExceededException.class);
        runtime.resume();
    }

    @Test
    void advancesFromSeveralThreadsAreSerializedAndRunEveryDueTaskOnce() throws Exception {
        List<Instant> runs = Collections.synchronizedList(new ArrayList<>());
        runtime.scheduleAtFixedRate(() -> runs.add(clock.instant()), 1, 1, TimeUnit.HOURS);
        int threads = 4;
        int advancesEach = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService advancers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(advancers.submit(() -> {
                    start.await();
                    for (int i = 0; i < advancesEach; i++) {
                        clock.advance(Duration.ofHours(1));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            advancers.shutdownNow();
        }

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(threads * advancesEach)));
        assertThat(runs).hasSize(threads * advancesEach);
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i)).isEqualTo(START.plus(Duration.ofHours(i + 1)));
        }
    }

    @Test
    void advanceFromATaskOfTheDrivenRuntimeIsRefused() {
        TaskHandle<Void> handle = runtime.spawn(() -> {
            clock.advance(Duration.ofSeconds(1));
            return null;
        });

        Throwable failure = catchThrowable(handle::join);
        Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from a thread of a runtime the clock drives");
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .withMessage("duration must not be negative (virtual time never goes back), was PT-1S");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void anInstantInThePastIsRefused() {
        clock.advance(Duration.ofHours(1));

        assertThatIllegalArgumentException().isThrownBy(() -> clock.advanceTo(START))
                .withMessage("advanceTo(2026-01-05T00:00:00Z) is before the clock's current instant "
                        + "2026-01-05T01:00:00Z; virtual time never goes back");
    }

    @Test
    void advanceToTheCurrentInstantRunsWhatIsDueAndMovesNothing() {
        clock.advanceTo(clock.instant());

        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void advancingBeyondTheClocksReachIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofDays(365 * 200)))
                .withMessageContaining("past its start 2026-01-05T00:00:00Z");
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advanceTo(Instant.MAX))
                .withMessageContaining("past its start");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void nullArgumentsAreRefusedWithTheirName() {
        assertThatNullPointerException().isThrownBy(() -> clock.advance(null)).withMessage("duration");
        assertThatNullPointerException().isThrownBy(() -> clock.advanceTo(null)).withMessage("instant");
        assertThatNullPointerException().isThrownBy(() -> new VirtualClock(null, ZoneOffset.UTC)).withMessage("start");
        assertThatNullPointerException().isThrownBy(() -> new VirtualClock(START, null)).withMessage("zone");
        assertThatNullPointerException().isThrownBy(() -> MoiraiRuntime.builder().timeSource(null))
                .withMessage("timeSource");
    }

    @Test
    void aZonedViewSharesTheTime() {
        VirtualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        paris.advance(Duration.ofMinutes(90));

        assertThat(clock.instant()).isEqualTo(paris.instant()).isEqualTo(START.plusSeconds(5_400));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris).isNotEqualTo(clock).isEqualTo(clock.withZone(ZoneId.of("Europe/Paris")));
    }

    @Test
    void aClosedRuntimeNoLongerHoldsTheClockBack() throws InterruptedException {
        runtime.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS);
        runtime.close();
        assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofDays(1));

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(1)));
    }

    @Test
    void theRuntimeReportsItsTimeSource() {
        assertThat(runtime.timeSource()).isSameAs(clock);
    }
}
