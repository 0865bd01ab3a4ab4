package io.moirai.demo;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's REST API. Every handler returns a {@link CompletableFuture} or a {@link Callable},
 * so Spring MVC releases the request thread at once and completes the response from Moirai.
 *
 * <p>While Moirai is paused, the handlers whose work runs on it answer 503 at once
 * ({@link MoiraiPausedException}) instead of waiting for a resume; work that was already waiting
 * when the pause came starts when the runtime resumes, and its request answers 503 if
 * {@code spring.mvc.async.request-timeout} passes first. Errors are answered by {@link ApiProblems}.
 */
@RestController
@RequestMapping("/api")
class DemoController {

    private final WorkService work;
    private final LoadGenerator loadGenerator;
    private final RateSampler rates;
    private final PipelineService pipelines;
    private final MoiraiRuntime runtime;

    DemoController(WorkService work, LoadGenerator loadGenerator, RateSampler rates, PipelineService pipelines,
            MoiraiRuntime runtime) {
        this.work = work;
        this.loadGenerator = loadGenerator;
        this.rates = rates;
        this.pipelines = pipelines;
        this.runtime = runtime;
    }

    /** CPU work on the CPU lane, through {@code @Async("moiraiCpuTaskExecutor")}. */
    @GetMapping("/cpu")
    CompletableFuture<WorkResult> cpu(@RequestParam(required = false) @Nullable String limit) {
        int checked = WholeNumber.parseInt("limit", limit, 200_000, 2, 20_000_000);
        requireRunning("counting the primes");
        return this.work.countPrimes(checked);
    }

    /** Simulated I/O on the blocking lane, through plain {@code @Async}. */
    @GetMapping("/io")
    CompletableFuture<WorkResult> io(@RequestParam(required = false) @Nullable String millis) {
        Duration latency = Duration.ofMillis(WholeNumber.parse("millis", millis, 100, 0, 10_000));
        requireRunning("the simulated I/O");
        return this.work.simulateIo(latency);
    }

    /** Who an {@code @Async} task runs as: the caller, carried over by context propagation. */
    @GetMapping("/whoami")
    CompletableFuture<Map<String, String>> whoami() {
        requireRunning("the @Async task that reads the caller");
        return this.work.currentUser().thenApply(user -> Map.of("userSeenByAsyncTask", user));
    }

    /** A {@link Callable} result: Spring MVC runs it on {@code applicationTaskExecutor}. */
    @GetMapping("/callable")
    Callable<Map<String, Object>> callable() {
        requireRunning("the Callable, which Spring MVC runs on applicationTaskExecutor,");
        return () -> Map.of("thread", Thread.currentThread().getName(), "virtual", Thread.currentThread().isVirtual());
    }

    /**
     * Runs a workload on Boot's default executor, Boot's virtual-thread executor and Moirai, one
     * after the other, and compares them; the dashboard shows the run live.
     */
    @PostMapping("/load")
    Callable<LoadGenerator.LoadReport> load(@RequestParam(required = false) @Nullable String workload,
            @RequestParam(required = false) @Nullable String tasks,
            @RequestParam(required = false) @Nullable String millis) {
        LoadRequest request = LoadRequest.of(workload, tasks, millis);
        this.loadGenerator.checkCanRun(request);
        return () -> this.loadGenerator.compare(request);
    }

    /** The comparison in progress, or the last one; 204 before the first. */
    @GetMapping("/load")
    ResponseEntity<LoadGenerator.LoadReport> lastLoad() {
        LoadGenerator.LoadReport report = this.loadGenerator.current();
        return report != null ? ResponseEntity.ok(report) : ResponseEntity.noContent().build();
    }

    /**
     * One unified-iterator pipeline in the named context: the same checksum in every context. An
     * absent {@code context} is {@code parallel}; an empty one is refused, as an empty number is
     * ({@link WholeNumber}), rather than taken for the default as {@code @RequestParam(defaultValue)} would.
     */
    @GetMapping("/pipeline")
    CompletionStage<PipelineService.PipelineResult> pipeline(@RequestParam(required = false) @Nullable String n,
            @RequestParam(required = false) @Nullable String context) {
        String named = context != null ? context : PipelineService.Context.PARALLEL.name();
        PipelineService.Context kind = Arrays.stream(PipelineService.Context.values())
                .filter(candidate -> candidate.name().equalsIgnoreCase(named)).findFirst()
                .orElseThrow(() -> new BadParameterException("context must be one of sequential, parallel, hybrid, distributed"));
        int checked = WholeNumber.parseInt("n", n, 1_000_000, 0, 50_000_000);
        if (kind != PipelineService.Context.SEQUENTIAL) {
            // the sequential context runs on a thread of its own; the others on this instance's runtime
            requireRunning("the pipeline in the " + kind.name().toLowerCase(Locale.ROOT) + " context");
        }
        return this.pipelines.run(checked, kind);
    }

    /** Tasks completed per second over the last minute, sampled by a {@code @Scheduled} job. */
    @GetMapping("/rates")
    RateSampler.Rates rates() {
        return this.rates.rates();
    }

    /**
     * The fast path of the refusal while paused: racy (a pause may come right after it), which
     * the request timeout covers.
     */
    private void requireRunning(String work) {
        if (this.runtime.isPaused()) {
            throw new MoiraiPausedException(work);
        }
    }
}
