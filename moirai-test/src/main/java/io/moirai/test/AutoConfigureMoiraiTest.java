package io.moirai.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Puts a Boot test's Moirai runtime on virtual time: a {@link VirtualClock} bean named
 * {@code moiraiVirtualClock} drives the runtime's timer and the {@code taskScheduler} (its
 * triggers and its {@code getClock()}), so {@code @Scheduled} jobs run when the test advances
 * the clock, not when real time passes.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureMoiraiTest
 * class ReportJobTests {
 *
 *     @Autowired VirtualClock moiraiVirtualClock;
 *     @Autowired ReportJob job; // @Scheduled(cron = "0 0 9 * * MON-FRI")
 *
 *     @Test
 *     void runsOnWeekdayMornings() {
 *         moiraiVirtualClock.advance(Duration.ofDays(7));
 *         assertThat(job.runs()).isEqualTo(5);
 *     }
 * }
 * }</pre>
 *
 * <p>The clock starts at the instant the context is built, in the system's default zone. A test
 * that needs a fixed calendar defines its own {@code VirtualClock} bean named
 * {@code moiraiVirtualClock} (in a {@code @TestConfiguration}), which is used instead.
 *
 * <p>The runtime is the one Moirai's auto-configuration builds; an application that defines its
 * own {@code MoiraiRuntime} bean passes the clock to
 * {@link io.moirai.runtime.MoiraiRuntime.Builder#timeSource(io.moirai.runtime.TimeSource)}
 * itself.
 *
 * @see VirtualClock
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("moirai.test")
public @interface AutoConfigureMoiraiTest {

    /**
     * Whether {@code @Async} methods run on the caller's thread, as with Spring's
     * {@code SyncTaskExecutor}, so a test sees their effects as soon as the call returns. Only
     * the default {@code @Async} executor is replaced; {@code @Async("name")} keeps the named one.
     * Mapped to the property {@code moirai.test.synchronous-async}.
     *
     * @return true to run {@code @Async} methods synchronously; default false
     */
    boolean synchronousAsync() default false;
}
