package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every submission method refuses a null task, a null collection, a null element and a null
 * unit with {@link NullPointerException}, as the {@code java.util.concurrent} interfaces
 * require, and the runtime keeps working afterwards.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NullArgumentTest {

    private static final Callable<String> OK = () -> "ok";

    private MoiraiRuntime runtime;

    @BeforeEach
    void startRuntime() {
        runtime = MoiraiRuntime.builder().parallelism(2).build();
    }

    @AfterEach
    void closeRuntime() throws Exception {
        try (MoiraiRuntime closing = runtime) {
            assertThat(closing.submit(OK).get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the runtime still works after the refused calls").isEqualTo("ok");
        }
    }

    @Test
    void executeRefusesNullCommand() {
        assertThatNullPointerException().isThrownBy(() -> runtime.execute(null));
    }

    @Test
    void submitRefusesNullRunnable() {
        assertThatNullPointerException().isThrownBy(() -> runtime.submit((Runnable) null));
    }

    @Test
    void submitWithResultRefusesNullRunnable() {
        assertThatNullPointerException().isThrownBy(() -> runtime.submit((Runnable) null, "result"));
    }

    @Test
    void submitRefusesNullCallable() {
        assertThatNullPointerException().isThrownBy(() -> runtime.submit((Callable<String>) null));
    }

    @Test
    void spawnRefusesNullTaskAndNullOptions() {
        assertThatNullPointerException().isThrownBy(() -> runtime.spawn(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.spawn(null, TaskOptions.defaults()));
        assertThatNullPointerException().isThrownBy(() -> runtime.spawn(OK, null));
        assertThatNullPointerException().isThrownBy(() -> runtime.spawnBlocking(null));
        assertThatNullPointerException().isThrownBy(
                () -> runtime.spawn(null, TaskOptions.defaults().withLane(Lane.BLOCKING)));
    }

    @Test
    void scheduleRefusesNullTask() {
        assertThatNullPointerException().isThrownBy(() -> runtime.schedule((Runnable) null, 1, TimeUnit.SECONDS));
        assertThatNullPointerException().isThrownBy(
                () -> runtime.schedule((Callable<String>) null, 1, TimeUnit.SECONDS));
        assertThatNullPointerException().isThrownBy(
                () -> runtime.scheduleAtFixedRate(null, 1, 1, TimeUnit.SECONDS));
        assertThatNullPointerException().isThrownBy(
                () -> runtime.scheduleWithFixedDelay(null, 1, 1, TimeUnit.SECONDS));
    }

    @Test
    void scheduleRefusesNullUnit() {
        Runnable nothing = () -> { };
        assertThatNullPointerException().isThrownBy(() -> runtime.schedule(nothing, 1, null));
        assertThatNullPointerException().isThrownBy(() -> runtime.schedule(OK, 1, null));
        assertThatNullPointerException().isThrownBy(() -> runtime.scheduleAtFixedRate(nothing, 1, 1, null));
        assertThatNullPointerException().isThrownBy(() -> runtime.scheduleWithFixedDelay(nothing, 1, 1, null));
        assertThat(runtime.snapshot().timersPending()).as("nothing was left in the timer").isZero();
    }

    @Test
    void invokeAllRefusesNullCollection() {
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(null, 1, TimeUnit.SECONDS));
    }

    @Test
    void invokeAllRefusesNullElement() {
        List<Callable<String>> tasks = Arrays.asList(OK, null);
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(tasks));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(tasks, 1, TimeUnit.SECONDS));
    }

    @Test
    void timedInvokeAllRefusesNullUnit() {
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAll(List.of(OK), 1, null));
    }

    @Test
    void invokeAnyRefusesNullCollection() {
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(null));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(null, 1, TimeUnit.SECONDS));
    }

    @Test
    void invokeAnyRefusesNullElement() {
        List<Callable<String>> onlyNull = Arrays.asList((Callable<String>) null);
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(onlyNull));
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(onlyNull, 1, TimeUnit.SECONDS));
        Gate gate = new Gate();
        try {
            assertThatNullPointerException().isThrownBy(
                    () -> runtime.invokeAny(Arrays.asList(gate.callable("held"), null)));
        } finally {
            gate.open();
        }
    }

    @Test
    void timedInvokeAnyRefusesNullUnit() {
        assertThatNullPointerException().isThrownBy(() -> runtime.invokeAny(List.of(OK), 1, null));
    }

    @Test
    void awaitTerminationRefusesNullUnit() {
        assertThatNullPointerException().isThrownBy(() -> runtime.awaitTermination(1, null));
    }
}
