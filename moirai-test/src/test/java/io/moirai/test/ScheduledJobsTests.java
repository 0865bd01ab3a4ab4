package io.moirai.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code @Scheduled} jobs of a Boot application on {@code @AutoConfigureMoiraiTest}'s virtual
 * clock: cron, fixed rate and fixed delay run when the clock is advanced, the right number of
 * times at the right instants, in a fraction of a second of real time. Each test measures from
 * where the previous ones left the shared clock.
 */
@SpringBootTest(classes = ScheduledJobsTests.Application.class)
@AutoConfigureMoiraiTest
class ScheduledJobsTests {

    private static final ZoneId ZONE = ZoneId.systemDefault();

    @Autowired
    private VirtualClock moiraiVirtualClock;

    @Autowired
    private Jobs jobs;

    @Autowired
    private MoiraiRuntime runtime;

    @Autowired
    @Qualifier("taskScheduler")
    private TaskScheduler taskScheduler;

    @Test
    void aWeekdayMorningCronJobRunsFiveTimesOverASimulatedWeekAtNineOnWeekdays() {
        ZonedDateTime now = moiraiVirtualClock.instant().atZone(ZONE);
        LocalDate nextMonday = now.toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        Instant monday = nextMonday.atStartOfDay(ZONE).toInstant();
        moiraiVirtualClock.advanceTo(monday);
        int before = jobs.weekdayMornings.size();

        long started = System.nanoTime();
        moiraiVirtualClock.advance(Duration.ofDays(7));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        List<Instant> week = jobs.weekdayMornings.subList(before, jobs.weekdayMornings.size());
        List<Instant> expected = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            expected.add(nextMonday.plusDays(day).atTime(LocalTime.of(9, 0)).atZone(ZONE).toInstant());
        }
        assertThat(week).containsExactlyElementsOf(expected);
        assertThat(tookMillis).as("real milliseconds for a simulated week").isLessThan(1_000L);
    }

    @Test
    void aFixedRateJobRunsOncePerPeriod() {
        int before = jobs.fixedRate.get();

        moiraiVirtualClock.advance(Duration.ofHours(10));

        assertThat(jobs.fixedRate.get() - before).isEqualTo(10 * 6); // every 10 minutes
    }

    @Test
    void aFixedDelayJobRunsOncePerDelay() {
        int before = jobs.fixedDelay.get();

        moiraiVirtualClock.advance(Duration.ofHours(10));

        assertThat(jobs.fixedDelay.get() - before).isEqualTo(10 * 4); // 15 minutes after each run
    }

    @Test
    void theRuntimeAndTheTaskSchedulerReadTheVirtualClock() {
        assertThat(runtime.timeSource()).isSameAs(moiraiVirtualClock);
        assertThat(taskScheduler.getClock()).isSameAs(moiraiVirtualClock);
    }

    @Test
    void realTimeDoesNotRunJobs() {
        int before = jobs.fixedRate.get();

        moiraiVirtualClock.advance(Duration.ZERO);

        assertThat(jobs.fixedRate.get()).isEqualTo(before);
    }

    /** The application under test. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class Application {

        @Bean
        Jobs jobs(VirtualClock moiraiVirtualClock) {
            return new Jobs(moiraiVirtualClock);
        }
    }

    /** Scheduled jobs that record when they ran. */
    static class Jobs {

        final List<Instant> weekdayMornings = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger fixedRate = new AtomicInteger();
        final AtomicInteger fixedDelay = new AtomicInteger();
        private final VirtualClock clock;

        Jobs(VirtualClock clock) {
            this.clock = clock;
        }

        @Scheduled(cron = "0 0 9 * * MON-FRI")
        void weekdayMorning() {
            weekdayMornings.add(clock.instant());
        }

        @Scheduled(fixedRate = 10, timeUnit = TimeUnit.MINUTES)
        void everyTenMinutes() {
            fixedRate.incrementAndGet();
        }

        @Scheduled(fixedDelay = 15, timeUnit = TimeUnit.MINUTES)
        void fifteenMinutesAfterTheLastRun() {
            fixedDelay.incrementAndGet();
        }
    }
}
