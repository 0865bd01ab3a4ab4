package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pipelines on a runtime whose queues are bounded, with the default {@code ABORT} policy: an
 * evaluation's own fan-out into the blocking lane is paced by the lane's permits, so a pipeline
 * far larger than the queues completes instead of having its own tasks rejected.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IterBoundedQueueTest {

    private static final List<Integer> EXPECTED = IntStream.range(0, 2_000).map(x -> x * 2).boxed().toList();

    private static MoiraiRuntime boundedRuntime() {
        return MoiraiRuntime.builder().parallelism(2).blockingConcurrency(4).queueCapacity(8)
                .rejectionPolicy(RejectionPolicy.ABORT).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void aBlockingStageOverManyMoreElementsThanTheQueueHoldsCompletes(Contexts mode) {
        try (MoiraiRuntime runtime = boundedRuntime()) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            Iter<Integer> pipeline = Iter.range(0, 2_000).boxed().on(mode.context(runtime)).mapBlocking(x -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                LockSupport.parkNanos(20_000L);
                running.decrementAndGet();
                return x * 2;
            });
            List<Integer> result = mode.run(pipeline, Iter::toList, p -> p.async().toList());
            assertThat(result).isEqualTo(EXPECTED);
            assertThat(mostAtOnce.get()).as("blocking calls at once").isLessThanOrEqualTo(4);
            assertThat(runtime.snapshot().rejected()).as("rejected").isZero();
        }
    }

    @Test
    void twoBlockingStagesAndACpuStageBetweenThemComplete() {
        try (MoiraiRuntime runtime = boundedRuntime()) {
            for (ExecutionContext context : List.of(ExecutionContext.parallel(runtime), ExecutionContext.hybrid(runtime))) {
                List<Integer> result = Iter.range(0, 2_000).boxed().on(context)
                        .mapBlocking(x -> x + 1).map(x -> x * 2).mapBlocking(x -> x - 2).toList();
                assertThat(result).as("%s", context).isEqualTo(EXPECTED);
            }
            assertThat(runtime.snapshot().rejected()).isZero();
        }
    }

    /** A failure still stops the evaluation and is what the terminal throws, with elements left unsent. */
    @Test
    void aFailingBlockingFunctionStillFailsThePipeline() {
        try (MoiraiRuntime runtime = boundedRuntime()) {
            IllegalStateException boom = new IllegalStateException("boom");
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> Iter.range(0, 100_000).boxed().on(ExecutionContext.hybrid(runtime)).mapBlocking(x -> {
                calls.incrementAndGet();
                if (x == 100) {
                    throw boom;
                }
                return x;
            }).toList()).isSameAs(boom);
            assertThat(calls.get()).as("elements sent to the blocking lane after the failure").isLessThan(50_000);
        }
    }

    /** Work the application queued itself still meets the policy: the pipeline pacing its own tasks changes nothing there. */
    @Test
    void theApplicationsOwnSubmissionsAreStillRejectedWhenTheQueueIsFull() throws Exception {
        try (MoiraiRuntime runtime = boundedRuntime()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(4);
            List<TaskHandle<Object>> accepted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                accepted.add(runtime.spawnBlocking(() -> {
                    running.countDown(); // started: its queue slot is given back
                    release.await();
                    return null;
                }));
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).as("the first four hold every permit").isTrue();
            for (int i = 0; i < 8; i++) {
                accepted.add(runtime.spawnBlocking(() -> {
                    release.await();
                    return null;
                }));
            }
            assertThatThrownBy(() -> runtime.spawnBlocking(() -> null))
                    .isInstanceOf(RejectedExecutionException.class);
            release.countDown();
            for (TaskHandle<Object> handle : accepted) {
                handle.get(10, TimeUnit.SECONDS); // the queue empties as the permits come back
            }
            assertThat(runtime.spawnBlocking(() -> 1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
