package io.moirai.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/**
 * Which path {@link Simd} takes. Surefire sets {@code moirai.simd.expectVectorized}: false in
 * the default execution (no {@code --add-modules jdk.incubator.vector}), true in the
 * {@code simd-vector} execution, which has the flag.
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest='SimdPathTest'}
 */
class SimdPathTest {

    private static final String EXPECT_VECTORIZED = "moirai.simd.expectVectorized";

    @Test
    void simdTakesThePathTheBuildExecutionExpects() {
        String expected = System.getProperty(EXPECT_VECTORIZED);
        assumeTrue(expected != null, EXPECT_VECTORIZED + " is set by the build's surefire executions");

        assertThat(Simd.isVectorized()).isEqualTo(Boolean.parseBoolean(expected));
        if (Simd.isVectorized()) {
            assertThat(Simd.vectorBitSize()).isGreaterThanOrEqualTo(128);
        } else {
            assertThat(Simd.vectorBitSize()).isZero();
        }
    }

    @Test
    void withoutTheVectorModuleTheScalarPathIsTakenAndOneLineSaysHowToEnableSimd() {
        RecordingLogger log = new RecordingLogger();

        Kernels kernels = KernelSelection.select(false, false, log);

        assertThat(kernels).isInstanceOf(ScalarKernels.class);
        assertThat(kernels.vectorBitSize()).isZero();
        assertThat(log.lines).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(Level.INFO);
            assertThat(line.message()).contains("--add-modules jdk.incubator.vector");
        });
    }

    @Test
    void theDisablingPropertyForcesTheScalarPathEvenWithTheModule() {
        RecordingLogger log = new RecordingLogger();

        Kernels kernels = KernelSelection.select(true, true, log);

        assertThat(kernels).isInstanceOf(ScalarKernels.class);
        assertThat(log.lines).singleElement()
                .satisfies(line -> assertThat(line.message()).contains("moirai.simd.disabled=true"));
    }

    @Test
    void withTheVectorModuleTheVectorPathIsTakenSilently() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "runs where the JVM was started with --add-modules jdk.incubator.vector");
        RecordingLogger log = new RecordingLogger();

        Kernels kernels = KernelSelection.select(false, true, log);

        assertThat(kernels.getClass().getSimpleName()).isEqualTo("VectorKernels");
        assertThat(kernels.vectorBitSize()).isGreaterThanOrEqualTo(128);
        assertThat(log.lines).isEmpty();
    }

    private record Line(Level level, String message) {
    }

    /** A System.Logger that keeps what it is given. */
    private static final class RecordingLogger implements Logger {

        final List<Line> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Line(level, msg));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Line(level, format));
        }
    }
}
