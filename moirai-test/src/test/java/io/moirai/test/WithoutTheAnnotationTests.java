package io.moirai.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TimeSource;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;

/**
 * With {@code moirai-test} on the class path but no {@code @AutoConfigureMoiraiTest}, nothing
 * changes: no virtual clock, the runtime on the system's time, the scheduler on the system clock.
 */
class WithoutTheAnnotationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class));

    @Test
    void whenTheAnnotationIsAbsentThenTheRuntimeAndSchedulerKeepTheSystemsTime() {
        this.contextRunner.run(context -> {
            assertThat(context).doesNotHaveBean(VirtualClock.class);
            assertThat(context.getBean(MoiraiRuntime.class).timeSource()).isSameAs(TimeSource.system());
            assertThat(context.getBean("taskScheduler", TaskScheduler.class).getClock())
                    .isEqualTo(Clock.systemDefaultZone());
        });
    }

    @Test
    void theTestAutoConfigurationIsNotAmongTheApplicationsAutoConfigurations() throws IOException {
        assertThat(Collections.list(getClass().getClassLoader().getResources(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")))
                .noneMatch(url -> url.toString().contains("moirai-test"));
    }
}
