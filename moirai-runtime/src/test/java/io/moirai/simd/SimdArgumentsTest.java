package io.moirai.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failure paths of every public kernel, found by reflection so that no overload is
 * forgotten: a null array or comparison ({@link NullPointerException} naming the parameter),
 * arrays of different lengths ({@link IllegalArgumentException} naming both), ranges outside
 * the arrays ({@link IndexOutOfBoundsException}), empty ranges of {@code min}, {@code max},
 * {@code argMin} and {@code argMax} ({@link NoSuchElementException}), and unordered
 * {@code clamp} bounds.
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest='SimdArgumentsTest'}
 */
class SimdArgumentsTest {

    private static final int LENGTH = 4;
    private static final Set<String> NEED_NON_EMPTY = Set.of("min", "max", "argMin", "argMax");

    static Stream<Method> kernels() {
        return Arrays.stream(Simd.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0)
                .sorted((x, y) -> x.toString().compareTo(y.toString()));
    }

    static Stream<Method> rangeKernels() {
        return kernels().filter(SimdArgumentsTest::hasRange);
    }

    @Test
    void everyKernelHasAWholeArrayAndARangeForm() {
        List<Method> all = kernels().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(2 * (16 + 16 + 12 + 12));
        for (Method range : all.stream().filter(SimdArgumentsTest::hasRange).toList()) {
            Class<?>[] types = range.getParameterTypes();
            Class<?>[] wholeTypes = Arrays.copyOf(types, types.length - 2);
            assertThat(all).as("whole-array form of %s", range)
                    .anyMatch(m -> m.getName().equals(range.getName()) && Arrays.equals(m.getParameterTypes(), wholeTypes));
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void validArgumentsAreAccepted(Method kernel) {
        assertThatNoException().isThrownBy(() -> invoke(kernel, validArguments(kernel)));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aNullReferenceIsRefusedWithItsName(Method kernel) {
        Parameter[] parameters = kernel.getParameters();
        for (int p = 0; p < parameters.length; p++) {
            if (parameters[p].getType().isPrimitive()) {
                continue;
            }
            Object[] args = validArguments(kernel);
            args[p] = null;
            assertThat(thrownBy(kernel, args)).as("%s with %s = null", kernel, parameters[p].getName())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage(parameters[p].getName());
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void arraysOfDifferentLengthsAreRefusedWithTheirNames(Method kernel) {
        Parameter[] parameters = kernel.getParameters();
        for (int p = 1; p < parameters.length; p++) {
            if (!parameters[p].getType().isArray()) {
                continue;
            }
            Object[] args = validArguments(kernel);
            args[p] = java.lang.reflect.Array.newInstance(parameters[p].getType().getComponentType(), LENGTH + 1);
            assertThat(thrownBy(kernel, args)).as("%s with a longer %s", kernel, parameters[p].getName())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(parameters[p].getName() + ".length = " + (LENGTH + 1))
                    .hasMessageContaining(".length = " + LENGTH);
        }
    }

    @ParameterizedTest
    @MethodSource("rangeKernels")
    void aRangeOutsideTheArraysIsRefused(Method kernel) {
        int[][] badRanges = {{-1, 2}, {3, 2}, {0, LENGTH + 1}, {LENGTH + 1, LENGTH + 1}, {Integer.MIN_VALUE, 0}};
        for (int[] range : badRanges) {
            Object[] args = validArguments(kernel);
            args[args.length - 2] = range[0];
            args[args.length - 1] = range[1];
            assertThat(thrownBy(kernel, args)).as("%s over [%d, %d)", kernel, range[0], range[1])
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void anEmptyRangeIsFineExceptForTheExtremes(Method kernel) {
        Object[] args = validArguments(kernel);
        if (hasRange(kernel)) {
            args[args.length - 2] = 2;
            args[args.length - 1] = 2;
        } else {
            Class<?>[] types = kernel.getParameterTypes();
            for (int p = 0; p < args.length; p++) {
                if (types[p].isArray()) {
                    args[p] = java.lang.reflect.Array.newInstance(types[p].getComponentType(), 0);
                }
            }
        }
        Throwable thrown = thrownBy(kernel, args);
        if (NEED_NON_EMPTY.contains(kernel.getName())) {
            assertThat(thrown).as("%s", kernel).isInstanceOf(NoSuchElementException.class);
        } else {
            assertThat(thrown).as("%s", kernel).isNull();
        }
    }

    @Test
    void clampRefusesUnorderedOrNanBounds() {
        float[] f = new float[LENGTH];
        double[] d = new double[LENGTH];
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(f, 1f, 0f, f))
                .withMessage("lo = 1.0 and hi = 0.0 are not ordered bounds");
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(f, 0.0f, -0.0f, f));
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(f, Float.NaN, 0f, f));
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(d, 0, Double.NaN, d));
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(new int[1], 2, 1, new int[1]))
                .withMessage("lo = 2 is greater than hi = 1");
        assertThatIllegalArgumentException().isThrownBy(() -> Simd.clamp(new long[1], 2L, 1L, new long[1]));
        assertThatNoException().isThrownBy(() -> Simd.clamp(f, -0.0f, 0.0f, f));
    }

    @Test
    void emptyArraysSumToZero() {
        assertThat(Simd.sum(new float[0])).isEqualTo(0f);
        assertThat(Simd.sum(new double[0])).isEqualTo(0d);
        assertThat(Simd.sum(new int[0])).isZero();
        assertThat(Simd.sum(new long[0])).isZero();
        assertThat(Simd.dot(new float[0], new float[0])).isEqualTo(0f);
        assertThat(Simd.count(new int[0], Comparison.EQ, 0)).isZero();
    }

    private static boolean hasRange(Method m) {
        Parameter[] p = m.getParameters();
        return p.length >= 3 && p[p.length - 2].getName().equals("from") && p[p.length - 1].getName().equals("to");
    }

    /** Arrays of {@link #LENGTH} elements, the whole range, comparison LT, clamp bounds 0 and 1. */
    private static Object[] validArguments(Method kernel) {
        Class<?>[] types = kernel.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int p = 0; p < types.length; p++) {
            Class<?> t = types[p];
            if (t.isArray()) {
                args[p] = java.lang.reflect.Array.newInstance(t.getComponentType(), LENGTH);
            } else if (t == Comparison.class) {
                args[p] = Comparison.LT;
            } else if (t == int.class) {
                args[p] = 0;
            } else if (t == long.class) {
                args[p] = 0L;
            } else if (t == float.class) {
                args[p] = 0f;
            } else if (t == double.class) {
                args[p] = 0d;
            } else {
                throw new AssertionError("unexpected parameter type " + t + " in " + kernel);
            }
        }
        if (kernel.getName().equals("clamp")) {
            args[2] = box(types[2], 1);
        }
        if (hasRange(kernel)) {
            args[args.length - 2] = 0;
            args[args.length - 1] = LENGTH;
        }
        return args;
    }

    private static Object box(Class<?> type, int value) {
        return type == int.class ? (Object) value : type == long.class ? (Object) (long) value
                : type == float.class ? (Object) (float) value : (Object) (double) value;
    }

    private static Object invoke(Method kernel, Object[] args) throws Throwable {
        try {
            return kernel.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Throwable thrownBy(Method kernel, Object[] args) {
        try {
            invoke(kernel, args);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
