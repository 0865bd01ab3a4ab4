package io.moirai.demo;

import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The demo's work, as plain Spring {@code @Async} methods: computing on Moirai's CPU lane (the
 * work-stealing workers), waiting on Moirai's blocking lane (virtual threads, bounded by
 * permits). Nothing here knows Moirai beyond the executor's bean name.
 */
@Service
public class WorkService {

    /**
     * Counts the primes below {@code limit} by trial division: pure computation.
     *
     * @param limit the bound
     * @return the count, computed on a CPU worker
     */
    @Async(MoiraiTaskExecutor.CPU_BEAN_NAME)
    public CompletableFuture<WorkResult> countPrimes(int limit) {
        long start = System.nanoTime();
        long count = Primes.countBelow(limit);
        return CompletableFuture.completedFuture(result("primes below " + limit, count, start));
    }

    /**
     * Waits as a call to a slow database or service would.
     *
     * @param latency how long the simulated call takes
     * @return the latency, after waiting on the blocking lane ({@code applicationTaskExecutor})
     */
    @Async
    public CompletableFuture<WorkResult> simulateIo(Duration latency) {
        long start = System.nanoTime();
        sleep(latency);
        return CompletableFuture.completedFuture(result("simulated I/O of " + latency.toMillis() + " ms",
                latency.toMillis(), start));
    }

    /**
     * Says who the task runs as: the caller's {@code SecurityContext} travels with the task.
     *
     * @return the user name seen inside the task, or {@code anonymous}
     */
    @Async
    public CompletableFuture<String> currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return CompletableFuture.completedFuture(authentication != null ? authentication.getName() : "anonymous");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static WorkResult result(String work, long value, long startNanos) {
        Thread thread = Thread.currentThread();
        return new WorkResult(work, value, thread.getName(), thread.isVirtual(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }
}
