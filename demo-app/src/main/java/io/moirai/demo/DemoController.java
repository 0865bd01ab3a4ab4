package io.moirai.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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
    CompletableFuture<WorkResult> cpu(@RequestParam(defaultValue = "200000") int limit) {
        check(limit >= 2 && limit <= 20_000_000, "limit must be between 2 and 20000000");
        return this.work.countPrimes(limit);
    }

    /** Simulated I/O on the blocking lane, through plain {@code @Async}. */
    @GetMapping("/io")
    CompletableFuture<WorkResult> io(@RequestParam(defaultValue = "100") long millis) {
        check(millis >= 0 && millis <= 10_000, "millis must be between 0 and 10000");
        return this.work.simulateIo(Duration.ofMillis(millis));
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
    Callable<LoadGenerator.LoadReport> load(@RequestParam(defaultValue = "io") String workload,
            @RequestParam(defaultValue = "2000") int tasks, @RequestParam(defaultValue = "20") long millis) {
        LoadRequest request = new LoadRequest(Workload.of(workload), tasks, millis);
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
    CompletionStage<PipelineService.PipelineResult> pipeline(@RequestParam(defaultValue = "1000000") int n,
            @RequestParam(defaultValue = "parallel") String context) {
        PipelineService.Context kind = Arrays.stream(PipelineService.Context.values())
                .filter(candidate -> candidate.name().equalsIgnoreCase(context)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("context must be one of sequential, parallel, hybrid, distributed"));
        check(n >= 0 && n <= 50_000_000, "n must be between 0 and 50000000");
        return this.pipelines.run(n, kind);
    }

    /** Tasks completed per second over the last minute, sampled by a {@code @Scheduled} job. */
    @GetMapping("/rates")
    RateSampler.Rates rates() {
        return this.rates.rates();
    }

    /** A number parameter that is not a whole number: name it, rather than echo the parser's "For input string". */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> notANumber(MethodArgumentTypeMismatchException ex) {
        return Map.of("error", ex.getName() + " must be a whole number within the allowed range, was '"
                + ex.getValue() + "'");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    Map<String, String> conflict(IllegalStateException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    private static void check(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }
}
