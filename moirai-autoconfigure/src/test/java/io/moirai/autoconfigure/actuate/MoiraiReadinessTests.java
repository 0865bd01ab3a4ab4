package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.runtime.MoiraiRuntime;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.LivenessStateHealthIndicator;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Readiness follows the runtime's pause, whether the pause comes through the Actuator endpoint
 * or the runtime's own API; liveness never does, and a refusal that is not Moirai's is never
 * undone by a resume.
 */
class MoiraiReadinessTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                    MoiraiAutoConfiguration.class));

    @Test
    void pauseAndResumeThroughTheEndpointMoveReadinessAndLeaveLivenessAlone() {
        this.runner.run(context -> {
            ApplicationAvailability availability = started(context);
            MoiraiEndpoint endpoint = new MoiraiEndpoint(context.getBean(MoiraiRuntime.class), "ADMIN");
            ReadinessStateHealthIndicator readiness = new ReadinessStateHealthIndicator(availability);
            LivenessStateHealthIndicator liveness = new LivenessStateHealthIndicator(availability);

            assertThat(endpoint.control(MoiraiEndpointTests.caller("admin", "ADMIN"), "pause").getStatus())
                    .isEqualTo(200);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
            assertThat(liveness.health().getStatus()).isEqualTo(Status.UP);

            assertThat(endpoint.control(MoiraiEndpointTests.caller("admin", "ADMIN"), "resume").getStatus())
                    .isEqualTo(200);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
        });
    }

    @Test
    void pauseAndResumeThroughTheRuntimeMoveReadiness() {
        this.runner.run(context -> {
            ApplicationAvailability availability = started(context);
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);

            runtime.pause();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            runtime.pause(); // already paused: no second event, nothing changes
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            runtime.resume();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        });
    }

    @Test
    void aResumeDoesNotUndoARefusalThatIsNotMoirais() {
        this.runner.run(context -> {
            ApplicationAvailability availability = started(context);
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);

            runtime.pause();
            // The application (or Boot, at shutdown) refuses traffic for its own reasons meanwhile.
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            runtime.resume();

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void aResumeWithoutAPauseLeavesReadinessAlone() {
        this.runner.run(context -> {
            ApplicationAvailability availability = started(context);
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);

            context.getBean(MoiraiRuntime.class).resume();

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    /**
     * Closing the context resumes a paused runtime so that the work in flight can finish; the
     * instance must still refuse traffic. Boot refuses it at the close of a web application, but
     * this context is not one, so the refusal the resume finds is still Moirai's.
     */
    @Test
    void theResumeWhenTheContextClosesLeavesReadinessRefused() {
        this.runner.run(context -> {
            ApplicationAvailability availability = started(context);
            context.getBean(MoiraiRuntime.class).pause();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            context.close();

            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void withoutBootsAvailabilityBeanPauseAndResumeStillWork() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ApplicationAvailability.class);
                    MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
                    runtime.pause();
                    assertThat(runtime.isPaused()).isTrue();
                    runtime.resume();
                    assertThat(runtime.isPaused()).isFalse();
                });
    }

    /** What Boot publishes once the application has started and is ready. */
    private static ApplicationAvailability started(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        return availability;
    }
}
