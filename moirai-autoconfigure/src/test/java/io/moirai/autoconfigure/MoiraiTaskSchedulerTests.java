package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.PeriodicTrigger;

/** Cron-style triggers, fixed rate, fixed delay and one-shot tasks on the runtime's timer. */
class MoiraiTaskSchedulerTests {

    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build();

    private final MoiraiTaskScheduler scheduler = new MoiraiTaskScheduler(this.runtime, TaskContextPropagator.NONE,
            null);

    @AfterEach
    void closeRuntime() {
        this.runtime.shutdownNow();
        this.runtime.close();
    }

    @Test
    void aTriggerRunsTheTaskRepeatedlyOnTheRuntimeUntilCancelled() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        ScheduledFuture<?> future = this.scheduler.schedule(() -> {
            threads.add(Thread.currentThread().getName());
            three.countDown();
        }, new PeriodicTrigger(Duration.ofMillis(10)));
        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat((Object) future).isNotNull();
        assertThat(future.cancel(false)).isTrue();
        assertThat(future.isCancelled()).isTrue();
        int runs = threads.size();
        Thread.sleep(50);
        assertThat(threads).hasSizeLessThanOrEqualTo(runs + 1).allSatisfy(name -> assertThat(name).startsWith("moirai-"));
    }

    @Test
    void aTriggerThatNeverFiresSchedulesNothing() {
        ScheduledFuture<?> future = this.scheduler.schedule(() -> {
        }, context -> null);
        assertThat((Object) future).isNull();
    }

    @Test
    void aFailingRepeatingTaskKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        this.scheduler.scheduleAtFixedRate(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("expected by the test");
        }, Duration.ofMillis(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    }

    @Test
    void aFailingTriggerTaskKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        this.scheduler.schedule(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("expected by the test");
        }, new PeriodicTrigger(Duration.ofMillis(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    }

    @Test
    void fixedDelayWaitsForTheDelayAfterEachRun() {
        List<Long> starts = new CopyOnWriteArrayList<>();
        this.scheduler.scheduleWithFixedDelay(() -> {
            starts.add(System.nanoTime());
            sleep(20);
        }, Instant.now(), Duration.ofMillis(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() >= 3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(2) - starts.get(1))).isGreaterThanOrEqualTo(38);
    }

    @Test
    void aOneShotTaskRunsOnceAtItsTime() throws Exception {
        Instant due = Instant.now().plusMillis(50);
        ScheduledFuture<?> future = this.scheduler.schedule(() -> {
        }, due);
        future.get(10, TimeUnit.SECONDS);
        assertThat(Instant.now()).isAfterOrEqualTo(due.minusMillis(5));
    }

    @Test
    void cancellingPendingTasksStopsTriggersAndOneShotsButNotWhatAlreadyRan() throws Exception {
        ScheduledFuture<?> trigger = this.scheduler.schedule(() -> {
        }, new PeriodicTrigger(Duration.ofHours(1)));
        ScheduledFuture<?> oneShot = this.scheduler.schedule(() -> {
        }, Instant.now().plusSeconds(3600));
        ScheduledFuture<?> done = this.scheduler.schedule(() -> {
        }, Instant.now());
        done.get(10, TimeUnit.SECONDS);
        assertThat(this.scheduler.cancelPendingTasks()).isEqualTo(2);
        assertThat(trigger.isCancelled()).isTrue();
        assertThat(oneShot.isCancelled()).isTrue();
        assertThat(done.isCancelled()).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
