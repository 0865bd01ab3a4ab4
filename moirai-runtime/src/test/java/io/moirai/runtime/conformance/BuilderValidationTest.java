package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.Priority;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder validates each setting as it is given: an out-of-range value throws
 * {@link IllegalArgumentException} whose message names the setting and the value, a null throws
 * {@link NullPointerException} naming the parameter. Valid settings show in the snapshot.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BuilderValidationTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -7, Integer.MIN_VALUE, 32768, Integer.MAX_VALUE})
    void parallelismOutOfRangeIsRefusedNamingSettingAndValue(int parallelism) {
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().parallelism(parallelism))
                .withMessageContaining("parallelism").withMessageContaining(String.valueOf(parallelism));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, Integer.MIN_VALUE})
    void blockingConcurrencyBelowOneIsRefusedNamingSettingAndValue(int blockingConcurrency) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MoiraiRuntime.builder().blockingConcurrency(blockingConcurrency))
                .withMessageContaining("blockingConcurrency")
                .withMessageContaining(String.valueOf(blockingConcurrency));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, Integer.MIN_VALUE})
    void queueCapacityBelowOneIsRefusedNamingSettingAndValue(int queueCapacity) {
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().queueCapacity(queueCapacity))
                .withMessageContaining("queueCapacity").withMessageContaining(String.valueOf(queueCapacity));
    }

    @Test
    void negativeBlockTimeoutIsRefusedNamingSettingAndValue() {
        Duration negative = Duration.ofMillis(-250);
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().blockTimeout(negative))
                .withMessageContaining("blockTimeout").withMessageContaining(negative.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankThreadNamePrefixIsRefusedNamingTheSetting(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> MoiraiRuntime.builder().threadNamePrefix(prefix))
                .withMessageContaining("threadNamePrefix").withMessageContaining("'" + prefix + "'");
    }

    @ParameterizedTest
    @MethodSource("invalidDetectionThresholds")
    void blockingDetectionThresholdThatIsNegativeOrBelowOneMillisecondIsRefused(Duration threshold) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MoiraiRuntime.builder().blockingDetectionThreshold(threshold))
                .withMessageContaining("blockingDetectionThreshold").withMessageContaining(threshold.toString());
    }

    static Stream<Arguments> invalidDetectionThresholds() {
        return Stream.of(Arguments.of(Duration.ofMillis(-1)), Arguments.of(Duration.ofNanos(1)),
                Arguments.of(Duration.ofNanos(999_999)), Arguments.of(Duration.ofSeconds(-3)));
    }

    @Test
    void nullsAreRefusedNamingTheParameter() {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder();
        assertThatNullPointerException().isThrownBy(() -> builder.rejectionPolicy(null))
                .withMessageContaining("rejectionPolicy");
        assertThatNullPointerException().isThrownBy(() -> builder.blockTimeout(null))
                .withMessageContaining("blockTimeout");
        assertThatNullPointerException().isThrownBy(() -> builder.threadNamePrefix(null))
                .withMessageContaining("threadNamePrefix");
        assertThatNullPointerException().isThrownBy(() -> builder.uncaughtExceptionHandler(null))
                .withMessageContaining("handler");
        assertThatNullPointerException().isThrownBy(() -> builder.listener(null))
                .withMessageContaining("listener");
        assertThatNullPointerException().isThrownBy(() -> builder.blockingDetectionThreshold(null))
                .withMessageContaining("threshold");
    }

    @Test
    void aRefusedValueLeavesTheBuilderUsable() {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder().parallelism(3);
        assertThatIllegalArgumentException().isThrownBy(() -> builder.parallelism(0));
        try (MoiraiRuntime runtime = builder.build()) {
            assertThat(runtime.snapshot().parallelism()).isEqualTo(3);
        }
    }

    @Test
    void boundaryValuesAreAccepted() {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder()
                .parallelism(1)
                .blockingConcurrency(1)
                .queueCapacity(1)
                .blockTimeout(Duration.ZERO)
                .blockingDetectionThreshold(Duration.ofMillis(1))
                .blockingDetectionThreshold(Duration.ZERO);
        assertThat(MoiraiRuntime.builder().parallelism(32767)).isNotNull();
        try (MoiraiRuntime runtime = builder.build()) {
            assertThat(runtime.snapshot().queueCapacity()).isEqualTo(1);
        }
    }

    @Test
    void defaultsShowInTheSnapshot() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().build()) {
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.state()).isEqualTo(RuntimeState.RUNNING);
            assertThat(snapshot.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(snapshot.workers()).hasSize(snapshot.parallelism());
            assertThat(snapshot.blockingConcurrency()).isEqualTo(256);
            assertThat(snapshot.queueCapacity()).isEqualTo(Integer.MAX_VALUE);
            assertThat(snapshot.topology().availableProcessors()).isPositive();
            assertThat(snapshot.submitted()).isZero();
        }
    }

    @Test
    void settingsShowInTheSnapshot() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(3).blockingConcurrency(7)
                .queueCapacity(11).rejectionPolicy(RejectionPolicy.CALLER_RUNS).build()) {
            RuntimeSnapshot snapshot = runtime.snapshot();
            assertThat(snapshot.parallelism()).isEqualTo(3);
            assertThat(snapshot.workers()).hasSize(3);
            assertThat(snapshot.blockingConcurrency()).isEqualTo(7);
            assertThat(snapshot.queueCapacity()).isEqualTo(11);
        }
    }

    @Test
    void rejectionPolicyHasExactlyTheFourDocumentedValues() {
        assertThat(RejectionPolicy.values()).containsExactly(RejectionPolicy.ABORT, RejectionPolicy.CALLER_RUNS,
                RejectionPolicy.BLOCK, RejectionPolicy.DISCARD_OLDEST);
    }

    @Test
    void taskOptionsValidateTheirComponents() {
        assertThatNullPointerException().isThrownBy(() -> TaskOptions.named(null)).withMessageContaining("name");
        assertThatNullPointerException().isThrownBy(() -> TaskOptions.defaults().withLane(null))
                .withMessageContaining("lane");
        assertThatNullPointerException().isThrownBy(() -> TaskOptions.defaults().withPriority(null))
                .withMessageContaining("priority");
        assertThatNullPointerException().isThrownBy(() -> TaskOptions.defaults().withDeadlineIn(null))
                .withMessageContaining("timeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TaskOptions.defaults().withDeadlineIn(Duration.ofSeconds(-1)))
                .withMessageContaining("timeout").withMessageContaining("PT-1S");
        TaskOptions defaults = TaskOptions.defaults();
        assertThat(defaults.name()).isEmpty();
        assertThat(defaults.lane()).isEqualTo(Lane.CPU);
        assertThat(defaults.priority()).isEqualTo(Priority.NORMAL);
        assertThat(defaults.deadline()).isNull();
    }

    @Test
    void durationsTooLongForNanosecondsAreRefusedBeforeAnyThreadStarts() {
        long before = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("overflow-")).count();
        Duration tooLong = Duration.ofDays(1_000_000_000L);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MoiraiRuntime.builder().threadNamePrefix("overflow-").blockTimeout(tooLong))
                .withMessageContaining("blockTimeout").withMessageContaining(tooLong.toString());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MoiraiRuntime.builder().threadNamePrefix("overflow-").blockingDetectionThreshold(tooLong))
                .withMessageContaining("blockingDetectionThreshold").withMessageContaining(tooLong.toString());
        Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999L); // too long even for milliseconds
        for (Duration extreme : new Duration[] {longest, Duration.ofSeconds(Long.MAX_VALUE)}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MoiraiRuntime.builder().blockTimeout(extreme))
                    .withMessageContaining("blockTimeout").withMessageContaining(extreme.toString());
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MoiraiRuntime.builder().blockingDetectionThreshold(extreme))
                    .withMessageContaining("blockingDetectionThreshold").withMessageContaining(extreme.toString());
        }
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("overflow-")).count()).isEqualTo(before);
        MoiraiRuntime.builder().blockTimeout(Duration.ofNanos(Long.MAX_VALUE))
                .blockingDetectionThreshold(Duration.ofNanos(Long.MAX_VALUE)).parallelism(1).build().close();
    }
}
