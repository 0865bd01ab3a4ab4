package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A submitter whose tasks never stop coming does not starve the tasks of another submitter: the
 * CPU lane's workers stay with the submission queue they last found work in, but only for a
 * bounded number of batches.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubmitterFairnessTest {

    /** Tasks the flooding submitter keeps queued at any moment. */
    private static final int FLOOD_IN_FLIGHT = 2_000;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void tasksOfAnotherSubmitterRunWhileOneSubmitterKeepsItsQueueFull(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong flooded = new AtomicLong();
            AtomicReference<Throwable> floodFailure = new AtomicReference<>();
            Semaphore room = new Semaphore(FLOOD_IN_FLIGHT);
            Runnable floodTask = () -> {
                // a few microseconds of work, so that the flooder refills its queue faster than
                // the workers empty it
                for (long until = System.nanoTime() + 5_000; System.nanoTime() < until; ) {
                    Thread.onSpinWait();
                }
                flooded.incrementAndGet();
                room.release();
            };
            Thread flooder = Thread.ofPlatform().name("flooder").start(() -> {
                try {
                    while (flooding.get()) {
                        if (room.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            runtime.execute(floodTask);
                        }
                    }
                } catch (Throwable t) {
                    floodFailure.set(t);
                }
            });
            try {
                await().atMost(Waits.LONG).until(() -> flooded.get() >= 5_000);
                CompletableFuture<Integer> victimDone = new CompletableFuture<>();
                Runnable victimBody = () -> {
                    try {
                        int ran = 0;
                        for (int i = 0; i < 20; i++) {
                            CompletableFuture<Void> one = new CompletableFuture<>();
                            runtime.execute(() -> one.complete(null));
                            one.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                            ran++;
                        }
                        victimDone.complete(ran);
                    } catch (Throwable t) {
                        victimDone.completeExceptionally(t);
                    }
                };
                // Submissions spread over queues by the submitting thread's id: a thread whose id
                // differs from the flooder's in the low bits is certain to use another queue.
                Thread submitter = Thread.ofPlatform().name("victim").unstarted(victimBody);
                while ((submitter.threadId() & 3) == (flooder.threadId() & 3)) {
                    submitter = Thread.ofPlatform().name("victim").unstarted(victimBody);
                }
                long floodedBefore = flooded.get();
                submitter.start();
                assertThat(victimDone.get(Waits.LONG.toMillis() * 2, TimeUnit.MILLISECONDS))
                        .as("tasks of the second submitter that ran while the first kept its queue full")
                        .isEqualTo(20);
                // The flood still runs. Not asserted within the victim's run: its twenty round trips
                // can take half a millisecond, and on two cores the operating system may give that
                // time to the victim, the flooder and this thread rather than to a worker.
                await().atMost(Waits.LONG).until(() -> flooded.get() > floodedBefore);
            } finally {
                flooding.set(false);
                flooder.join();
            }
            assertThat(floodFailure.get()).isNull();
        }
    }
}
