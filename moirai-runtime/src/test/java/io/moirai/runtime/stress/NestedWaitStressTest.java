package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tasks that wait inside tasks, at random: children joined, got, got with timeouts that expire,
 * cancelled with and without interrupts, given deadlines that pass, blocking-lane tasks and
 * futures of other threads waited for, on one or two workers with the blocking detector on.
 * Every task must end, nothing may overflow a stack, the counts must add up, and the runtime
 * must terminate with no thread left, whether it is closed or stopped with {@code shutdownNow}
 * in the middle. A fortieth of {@code moirai.stress.items} tasks per run (25,000 by default).
 *
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Dtest=NestedWaitStressTest
 * </pre>
 */
class NestedWaitStressTest {

    private static final int MAX_DEPTH = 5;

    @ParameterizedTest(name = "parallelism {0}, {1}")
    @CsvSource({"1, close", "2, close", "1, shutdownNow", "2, shutdownNow"})
    void nestedWaitsOfEveryKindEndAndTheCountsAddUp(int parallelism, String ending) throws Exception {
        long seed = StressSizes.seed();
        long budget = Math.max(10_000L, StressSizes.items() / 10 / 4);
        System.out.printf("%s: parallelism %d, %s, %d tasks, seed %d%n",
                getClass().getSimpleName(), parallelism, ending, budget, seed);
        String prefix = RuntimeThreads.uniquePrefix("nested-wait");
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(parallelism).blockingConcurrency(32)
                .threadNamePrefix(prefix).blockingDetectionThreshold(Duration.ofMillis(20)).build();
        Run run = new Run(runtime, budget, seed);
        Set<Thread> virtualThreads = ConcurrentHashMap.newKeySet();
        run.virtualThreads = virtualThreads;

        List<TaskHandle<Long>> roots = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        boolean stopEarly = ending.equals("shutdownNow");
        int rootCount = (int) Math.max(1L, budget / 16); // the roots' subtrees use up the budget
        for (int i = 0; i < rootCount; i++) {
            long rootSeed = random.nextLong();
            roots.add(runtime.spawn(() -> run.node(MAX_DEPTH, new SplittableRandom(rootSeed))));
            run.created.incrementAndGet();
        }
        List<Runnable> neverStarted = List.of();
        if (stopEarly) {
            // stop in the middle: many waits in progress, many tasks queued
            Conditions.await("a third of the tasks to be created",
                    () -> run.created.get() >= budget / 3 || roots.stream().allMatch(TaskHandle::isDone),
                    runtime::toString);
            neverStarted = runtime.shutdownNow();
        } else {
            for (TaskHandle<Long> root : roots) {
                Conditions.await("every root to end", root::isDone, () -> runtime.snapshot().toString());
            }
            runtime.shutdown();
        }

        RuntimeSnapshot s = Termination.awaitAndClose(runtime, prefix, virtualThreads);
        assertThat(run.overflow.get()).as("a StackOverflowError anywhere").isNull();
        for (TaskHandle<Long> root : roots) {
            assertThat(root.isDone() || neverStarted.contains(root)).as("every root ended or was handed back").isTrue();
        }
        assertThat(s.submitted()).isGreaterThanOrEqualTo(roots.size());
        System.out.printf("  submitted %d: completed %d, failed %d, cancelled %d, never started %d%n",
                s.submitted(), s.completed(), s.failed(), s.cancelled(), s.neverStarted());
    }

    /** The random program every task runs. */
    private static final class Run {

        final MoiraiRuntime runtime;
        final long budget;
        final AtomicLong created = new AtomicLong();
        final AtomicReference<Throwable> overflow = new AtomicReference<>();
        Set<Thread> virtualThreads;

        Run(MoiraiRuntime runtime, long budget, long seed) {
            this.runtime = runtime;
            this.budget = budget;
        }

        long node(int depth, SplittableRandom random) throws Exception {
            try {
                return body(depth, random);
            } catch (StackOverflowError e) {
                overflow.compareAndSet(null, e);
                throw e;
            }
        }

        private long body(int depth, SplittableRandom random) throws Exception {
            if (depth == 0 || created.get() >= budget) {
                return 1L;
            }
            long sum = 1L;
            int children = 1 + random.nextInt(3);
            List<TaskHandle<Long>> handles = new ArrayList<>(children);
            for (int i = 0; i < children; i++) {
                handles.add(spawnChild(depth, random));
            }
            for (TaskHandle<Long> handle : handles) {
                sum += await(handle, random);
            }
            return sum;
        }

        private TaskHandle<Long> spawnChild(int depth, SplittableRandom random) {
            created.incrementAndGet();
            long childSeed = random.nextLong();
            int kind = random.nextInt(10);
            return switch (kind) {
                case 0 -> runtime.spawnBlocking(() -> {
                    virtualThreads.add(Thread.currentThread());
                    if (childSeed % 4 == 0) {
                        Thread.sleep(1);
                    }
                    return 1L;
                });
                case 1 -> runtime.spawn(() -> node(depth - 1, new SplittableRandom(childSeed)),
                        TaskOptions.defaults().withDeadline(Instant.now().plusNanos(childSeed & 0xFFFF)));
                case 2 -> runtime.spawn(() -> {
                    CompletableFuture<Long> foreign = new CompletableFuture<>();
                    Thread.ofPlatform().daemon().start(() -> foreign.complete(1L));
                    return foreign.get(Conditions.hangBound().toMillis(), TimeUnit.MILLISECONDS);
                });
                default -> runtime.spawn(() -> node(depth - 1, new SplittableRandom(childSeed)));
            };
        }

        private long await(TaskHandle<Long> handle, SplittableRandom random) throws InterruptedException {
            try {
                return switch (random.nextInt(6)) {
                    case 0 -> handle.get();
                    case 1 -> handle.get(random.nextInt(200), TimeUnit.MICROSECONDS);
                    case 2 -> {
                        handle.cancel(random.nextBoolean());
                        yield handle.isCancelled() ? 0L : handle.join();
                    }
                    default -> handle.join();
                };
            } catch (TimeoutException | CancellationException ended) {
                return 0L;
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof StackOverflowError overflowed) {
                    overflow.compareAndSet(null, overflowed);
                }
                return 0L;
            } catch (java.util.concurrent.CompletionException failed) {
                if (failed.getCause() instanceof StackOverflowError overflowed) {
                    overflow.compareAndSet(null, overflowed);
                }
                return 0L;
            }
            // an InterruptedException (this task cancelled with an interrupt, or shutdownNow) ends it
        }
    }
}
