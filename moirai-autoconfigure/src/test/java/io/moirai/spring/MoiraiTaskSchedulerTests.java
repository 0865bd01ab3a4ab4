package io.moirai.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    /**
     * The third run holds until the series is cancelled, so the cancel lands at a known point;
     * a one-shot marker due several periods later then shows that no fourth run was set.
     */
    @Test
    void aTriggerRunsTheTaskRepeatedlyOnTheRuntimeUntilCancelled() throws Exception {
        Duration period = Duration.ofMillis(10);
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch thirdRunStarted = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        ScheduledFuture<?> future = this.scheduler.schedule(() -> {
            threads.add(Thread.currentThread().getName());
            if (threads.size() == 3) {
                thirdRunStarted.countDown();
                awaitQuietly(cancelled);
            }
        }, new PeriodicTrigger(period));
        assertThat((Object) future).isNotNull();
        assertThat(thirdRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(false)).isTrue();
        cancelled.countDown();
        assertThat(future.isCancelled()).isTrue();
        this.scheduler.schedule(() -> {
        }, Instant.now().plus(period.multipliedBy(5))).get(10, TimeUnit.SECONDS);
        assertThat(threads).hasSize(3).allSatisfy(name -> assertThat(name).startsWith("moirai-"));
    }

    @Test
    void cancellingATriggerBetweenRunsCancelsItsPendingTimer() {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> future = this.scheduler.schedule(runs::incrementAndGet,
                context -> (context.lastCompletion() == null) ? context.getClock().instant()
                        : context.lastCompletion().plus(Duration.ofHours(1)));
        assertThat((Object) future).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1 && future.getDelay(TimeUnit.MINUTES) >= 59);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.runtime.snapshot().completed() == 1);
        assertThat(future.cancel(false)).isTrue();
        assertThat(future.isCancelled()).isTrue();
        assertThat(future.isDone()).isTrue();
        RuntimeSnapshot snapshot = this.runtime.snapshot();
        assertThat(snapshot.submitted()).as("the first run and the timer set for the second").isEqualTo(2);
        assertThat(snapshot.cancelled()).as("the pending timer").isEqualTo(1);
        assertThat(this.scheduler.cancelPendingTasks()).as("the series is no longer pending").isZero();
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

    /**
     * The first run lasts several delays (it holds until a one-shot marker due that much later
     * has run), so at a fixed rate the second run would be overdue when it ends; at a fixed
     * delay the second run still starts a full delay after the first one ended. The runtime's
     * timer never fires early, so the bound holds however slow the machine is.
     */
    @Test
    void fixedDelayWaitsForTheDelayAfterEachRun() throws Exception {
        Duration delay = Duration.ofMillis(20);
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch markerRan = new CountDownLatch(1);
        AtomicLong firstRunEnded = new AtomicLong();
        AtomicLong secondRunStarted = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        this.scheduler.scheduleWithFixedDelay(() -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                firstRunStarted.countDown();
                awaitQuietly(markerRan);
                firstRunEnded.set(System.nanoTime());
            } else if (run == 2) {
                secondRunStarted.set(System.nanoTime());
            }
        }, Instant.now(), delay);
        assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
        this.scheduler.schedule(markerRan::countDown, Instant.now().plus(delay.multipliedBy(3)))
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> secondRunStarted.get() != 0);
        assertThat(secondRunStarted.get() - firstRunEnded.get()).isGreaterThanOrEqualTo(delay.toNanos());
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

    /**
     * "Execution will end once the scheduler shuts down" ({@code TaskScheduler}): each run sets the
     * next one-shot timer, and the runtime accepts those from its own threads while it drains,
     * so a series that went on setting them kept the runtime from terminating.
     */
    @Test
    void aTriggerSeriesEndsWhenTheRuntimeShutsDown() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> future = this.scheduler.schedule(runs::incrementAndGet, new PeriodicTrigger(Duration.ofMillis(5)));
        assertThat((Object) future).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
        this.runtime.shutdown();
        assertThat(this.runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
    }

    /** Beyond 292 years a duration does not fit in nanoseconds: delays and periods saturate, as the runtime's do. */
    @Test
    void durationsAndInstantsBeyondTheNanosecondRangeSaturate() throws Exception {
        CountDownLatch ranOnce = new CountDownLatch(2);
        ScheduledFuture<?> fixedDelay = this.scheduler.scheduleWithFixedDelay(ranOnce::countDown,
                Duration.ofMillis(Long.MAX_VALUE)); // @Scheduled(fixedDelay = Long.MAX_VALUE): once, after start-up
        ScheduledFuture<?> fixedRate = this.scheduler.scheduleAtFixedRate(ranOnce::countDown,
                Duration.ofDays(365L * 300));
        assertThat(ranOnce.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch pastRan = new CountDownLatch(1);
        this.scheduler.schedule(pastRan::countDown, Instant.now().minus(Duration.ofDays(365L * 300)))
                .get(10, TimeUnit.SECONDS); // in the past: runs at once
        ScheduledFuture<?> farAway = this.scheduler.schedule(() -> {
        }, Instant.MAX);
        assertThat(farAway.getDelay(TimeUnit.DAYS)).as("the runtime's longest delay, some 73 years").isGreaterThan(365L * 70);
        for (ScheduledFuture<?> future : List.of(fixedDelay, fixedRate, farAway)) {
            assertThat(future.cancel(false)).isTrue();
        }
    }

    /** As Spring's trigger futures: a series that ended by itself is done, not cancelled, and stays so. */
    @Test
    void aSeriesThatEndedByItselfIsNotCancelledByALateCancel() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> future = this.scheduler.schedule(runs::incrementAndGet,
                context -> (context.lastCompletion() == null) ? context.getClock().instant() : null);
        assertThat((Object) future).isNotNull();
        assertThat(future.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(runs.get()).isEqualTo(1);
        assertThat(future.isDone()).isTrue();
        assertThat(future.isCancelled()).isFalse();
        assertThat(future.cancel(false)).isFalse();
        assertThat(future.isCancelled()).isFalse();
        assertThat(this.scheduler.cancelPendingTasks()).isZero();
    }

    /**
     * An ErrorHandler that rethrows ends a trigger series with its run's failure; the series then
     * leaves the scheduler. It used to stay in the set of pending tasks, with its task, until
     * cancelPendingTasks(), so each such series was kept for the application's lifetime.
     */
    @Test
    void aSeriesEndedByARethrowingErrorHandlerIsNotRetained() throws Exception {
        this.scheduler.setErrorHandler(failure -> {
            throw new IllegalStateException("rethrown", failure);
        });
        WeakReference<Runnable> task = seriesEndedByItsErrorHandler();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            System.gc();
            return task.get() == null;
        });
    }

    /** Runs a series whose first run fails through the error handler; returns its task, held by nothing else. */
    private WeakReference<Runnable> seriesEndedByItsErrorHandler() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Runnable task = () -> {
            runs.incrementAndGet();
            throw new IllegalArgumentException("run fails");
        };
        ScheduledFuture<?> future = this.scheduler.schedule(task, new PeriodicTrigger(Duration.ofMillis(1)));
        assertThat((Object) future).isNotNull();
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .withCauseInstanceOf(IllegalStateException.class);
        assertThat(future.isDone()).isTrue();
        assertThat(runs.get()).isEqualTo(1);
        return new WeakReference<>(task);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
