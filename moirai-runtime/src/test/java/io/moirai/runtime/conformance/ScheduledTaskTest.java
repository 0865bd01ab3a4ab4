package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.ScheduledTaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One-shot delayed tasks and the {@link ScheduledFuture} view of them: delays and ordering. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScheduledTaskTest {

    private static final long DELAY_MILLIS = 100;

    @Test
    void delayedCallableRunsNoEarlierThanItsDelayAndReturnsItsValue() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            long scheduledAt = System.nanoTime();
            ScheduledTaskHandle<Long> handle = runtime.schedule(System::nanoTime, DELAY_MILLIS, TimeUnit.MILLISECONDS);

            long ranAt = handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(TimeUnit.NANOSECONDS.toMillis(ranAt - scheduledAt)).isGreaterThanOrEqualTo(DELAY_MILLIS);
            assertThat(handle.isDone()).isTrue();
            assertThat(handle.isCancelled()).isFalse();
            assertThat(handle.isPeriodic()).isFalse();
            assertThat(handle.lane()).isEqualTo(Lane.CPU);
        }
    }

    @Test
    void delayedRunnableCompletesWithNull() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            List<String> ran = new CopyOnWriteArrayList<>();
            ScheduledFuture<?> handle = runtime.schedule(() -> {
                ran.add("ran");
            }, 1, TimeUnit.MILLISECONDS);

            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isNull();
            assertThat(ran).containsExactly("ran");
        }
    }

    @Test
    void delayedTaskRunsOnACpuWorker() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix("sched-").build()) {
            ScheduledTaskHandle<String> handle = runtime.schedule(
                    () -> Thread.currentThread().getName(), 1, TimeUnit.MILLISECONDS);

            assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).matches("sched-cpu-\\d+");
        }
    }

    @Test
    void negativeAndZeroDelaysRunPromptly() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<String> negative = runtime.schedule(() -> "negative", -10, TimeUnit.SECONDS);
            ScheduledTaskHandle<String> zero = runtime.schedule(() -> "zero", 0, TimeUnit.SECONDS);
            ScheduledFuture<?> negativeRunnable = runtime.schedule(() -> { }, Long.MIN_VALUE, TimeUnit.NANOSECONDS);

            assertThat(negative.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("negative");
            assertThat(zero.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("zero");
            assertThat(negativeRunnable.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isNull();
            assertThat(negative.getDelay(TimeUnit.NANOSECONDS)).isLessThanOrEqualTo(0L);
        }
    }

    @Test
    void getDelayCountsDownTowardsTheTrigger() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<?> handle = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);

            long first = handle.getDelay(TimeUnit.NANOSECONDS);
            long second = handle.getDelay(TimeUnit.NANOSECONDS);

            assertThat(first).isPositive().isLessThanOrEqualTo(TimeUnit.HOURS.toNanos(1));
            assertThat(second).isLessThanOrEqualTo(first);
            assertThat(handle.getDelay(TimeUnit.MINUTES)).isBetween(50L, 60L);
            assertThat(handle.getDelay(TimeUnit.HOURS)).isBetween(0L, 1L);
            handle.cancel(false);
        }
    }

    @Test
    void compareToOrdersByTriggerTime() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<?> late = runtime.schedule(() -> { }, 3, TimeUnit.HOURS);
            ScheduledTaskHandle<?> early = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);
            ScheduledTaskHandle<?> middle = runtime.scheduleAtFixedRate(() -> { }, 2, 1, TimeUnit.HOURS);

            assertThat(early.compareTo(late)).isNegative();
            assertThat(late.compareTo(early)).isPositive();
            assertThat(early.compareTo(early)).isZero();
            List<Delayed> sorted = new ArrayList<>(List.of(late, middle, early));
            sorted.sort(null);
            assertThat(sorted).containsExactly(early, middle, late);
            for (ScheduledTaskHandle<?> handle : List.of(late, early, middle)) {
                handle.cancel(false);
            }
        }
    }

    @Test
    void compareToWorksAgainstOtherDelayedImplementations() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<?> inAnHour = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);

            assertThat(inAnHour.compareTo(fixedDelay(TimeUnit.DAYS.toNanos(1)))).isNegative();
            assertThat(inAnHour.compareTo(fixedDelay(-1L))).isPositive();
            inAnHour.cancel(false);
        }
    }

    @Test
    void hugeDelaysDoNotOverflow() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            ScheduledTaskHandle<?> maxNanos = runtime.schedule(() -> { }, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            ScheduledTaskHandle<?> maxDays = runtime.schedule(() -> { }, Long.MAX_VALUE, TimeUnit.DAYS);
            ScheduledTaskHandle<?> maxRate = runtime.scheduleAtFixedRate(() -> { }, Long.MAX_VALUE, Long.MAX_VALUE,
                    TimeUnit.DAYS);
            ScheduledTaskHandle<?> soon = runtime.schedule(() -> { }, 1, TimeUnit.HOURS);

            assertThat(maxNanos.getDelay(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(maxDays.getDelay(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(maxRate.getDelay(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(soon.compareTo(maxNanos)).isNegative();
            assertThat(soon.compareTo(maxDays)).isNegative();
            assertThat(maxDays.compareTo(soon)).isPositive();
            assertThat(maxNanos.isDone()).isFalse();
            assertThat(runtime.snapshot().timersPending()).isEqualTo(4);
            for (ScheduledTaskHandle<?> handle : List.of(maxNanos, maxDays, maxRate, soon)) {
                assertThat(handle.cancel(false)).isTrue();
            }
        }
    }

    @Test
    void delayedTasksRunInTheOrderOfTheirTriggers() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            List<ScheduledTaskHandle<?>> handles = new ArrayList<>();
            for (int delay : new int[]{50, 10, 40, 20, 30}) {
                handles.add(runtime.schedule(() -> order.add(delay), delay, TimeUnit.MILLISECONDS));
            }
            for (ScheduledTaskHandle<?> handle : handles) {
                handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        assertThat(order).containsExactly(10, 20, 30, 40, 50);
    }

    private static Delayed fixedDelay(long nanos) {
        return new Delayed() {
            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed other) {
                return Long.compare(nanos, other.getDelay(TimeUnit.NANOSECONDS));
            }
        };
    }
}
