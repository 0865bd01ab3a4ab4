package io.moirai.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's REST API. Every handler returns a {@link CompletableFuture} or a {@link Callable},
 * so Spring MVC releases the request thread at once and completes the response from Moirai.
 */
@RestController
@RequestMapping("/api")
class DemoController {

    private final WorkService work;
    private final LoadGenerator loadGenerator;
    private final RateSampler rates;
    private final PipelineService pipelines;

    DemoController(WorkService work, LoadGenerator loadGenerator, RateSampler rates, PipelineService pipelines) {
        this.work = work;
        this.loadGenerator = loadGenerator;
        this.rates = rates;
        this.pipelines = pipelines;
    }

    /** CPU work on the CPU lane, through {@code @Async("moiraiCpuTaskExecutor")}. */
    @GetMapping("/cpu")
    CompletableFuture<WorkResult> cpu(@RequestParam(required = false) @Nullable String limit) {
        return this.work.countPrimes(WholeNumber.parseInt("limit", limit, 200_000, 2, 20_000_000));
    }

    /** Simulated I/O on the blocking lane, through plain {@code @Async}. */
    @GetMapping("/io")
    CompletableFuture<WorkResult> io(@RequestParam(required = false) @Nullable String millis) {
        return this.work.simulateIo(Duration.ofMillis(WholeNumber.parse("millis", millis, 100, 0, 10_000)));
    }

    /** Who an {@code @Async} task runs as: the caller, carried over by context propagation. */
    @GetMapping("/whoami")
    CompletableFuture<Map<String, String>> whoami() {
        return this.work.currentUser().thenApply(user -> Map.of("userSeenByAsyncTask", user));
    }

    /** A {@link Callable} result: Spring MVC runs it on {@code applicationTaskExecutor}. */
    @GetMapping("/callable")
    Callable<Map<String, Object>> callable() {
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

    /** One unified-iterator pipeline in the named context: the same checksum in every context. */
    @GetMapping("/pipeline")
    CompletionStage<PipelineService.PipelineResult> pipeline(@RequestParam(required = false) @Nullable String n,
            @RequestParam(defaultValue = "parallel") String context) {
        PipelineService.Context kind = Arrays.stream(PipelineService.Context.values())
                .filter(candidate -> candidate.name().equalsIgnoreCase(context)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("context must be one of sequential, parallel, hybrid, distributed"));
        return this.pipelines.run(WholeNumber.parseInt("n", n, 1_000_000, 0, 50_000_000), kind);
    }

    /** Tasks completed per second over the last minute, sampled by a {@code @Scheduled} job. */
    @GetMapping("/rates")
    RateSampler.Rates rates() {
        return this.rates.rates();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /**
     * Work refused by the executor ({@code TaskRejectedException} from an {@code @Async} call or
     * MVC's hand-off of a {@link Callable}): the application is shutting down, or a bounded
     * queue is full, so the request may succeed later or elsewhere.
     */
    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<Map<String, String>> unavailable(RejectedExecutionException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Map.of("error", "work refused: " + ex.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    Map<String, String> conflict(IllegalStateException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }
}
