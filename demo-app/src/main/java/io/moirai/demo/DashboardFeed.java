package io.moirai.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's server-sent-events stream: once a second a {@link DashboardSample} and the load
 * comparison's progress go to every open page, and a page that connects first gets the last two
 * minutes, so its charts start full.
 *
 * <p>The feed watches Moirai from outside it: it samples on its own platform thread and writes to
 * the pages on JDK virtual threads, never on the runtime. So a paused runtime (nothing starts on
 * it) still shows up on the page as paused, and the feed's own work adds nothing to the counts it
 * reports.
 *
 * <p>As a {@link SmartLifecycle} in the last phase it stops first when the application closes,
 * completing every open stream; otherwise the web server's graceful shutdown would wait for the
 * pages' never-ending requests.
 */
@Component
public class DashboardFeed implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DashboardFeed.class);

    /** Two minutes of one sample per second. */
    static final int HISTORY = 120;

    /** A page's stream ends after this; the browser's EventSource reconnects by itself. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final MoiraiRuntime runtime;
    private final LaneMeters cpu;
    private final LaneMeters blocking;
    private final LoadGenerator load;
    private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();
    private final Deque<DashboardSample> history = new ArrayDeque<>(HISTORY);
    private @Nullable ScheduledExecutorService sampler;
    private @Nullable ExecutorService writers;
    private @Nullable DashboardSample previous;
    /** Set by {@link #stop()}, cleared by {@link #start()}; guarded by {@code this}. */
    private boolean closing;

    DashboardFeed(MoiraiRuntime runtime, MeterRegistry registry, LoadGenerator load) {
        this.runtime = runtime;
        this.cpu = new LaneMeters(registry, "moirai-cpu");
        this.blocking = new LaneMeters(registry, "moirai-blocking");
        this.load = load;
    }

    /**
     * Opens a stream for one page: a {@code history} event at once, then a {@code sample} and,
     * once a comparison has run, a {@code load} event every second.
     *
     * @return the stream
     * @throws IOException if the page went away before the history was written
     */
    public SseEmitter subscribe() throws IOException {
        SseEmitter stream = new SseEmitter(STREAM_TIMEOUT.toMillis());
        stream.onCompletion(() -> this.streams.remove(stream));
        stream.onTimeout(stream::complete);
        stream.onError(error -> this.streams.remove(stream));
        stream.send(SseEmitter.event().name("history").data(history(), MediaType.APPLICATION_JSON));
        LoadGenerator.LoadReport report = this.load.current();
        if (report != null) {
            stream.send(SseEmitter.event().name("load").data(report, MediaType.APPLICATION_JSON));
        }
        synchronized (this) {
            if (this.closing) {
                // stop() has completed the open streams: a page that reconnects now (EventSource does
                // so at once) gets its history and an ended stream, not one that keeps the web
                // server's graceful shutdown waiting for it until its 30 s run out
                stream.complete();
                return stream;
            }
            this.streams.add(stream);
        }
        return stream;
    }

    /**
     * The samples of the last two minutes, oldest first.
     *
     * @return the samples
     */
    public synchronized List<DashboardSample> history() {
        return List.copyOf(this.history);
    }

    /** Takes one sample, keeps it, and sends it to every open page. */
    void publish() {
        DashboardSample sample = sample();
        LoadGenerator.LoadReport report = this.load.current();
        ExecutorService out = this.writers;
        for (SseEmitter stream : this.streams) {
            if (out != null) {
                out.execute(() -> send(stream, sample, report));
            }
        }
    }

    private void send(SseEmitter stream, DashboardSample sample, LoadGenerator.@Nullable LoadReport report) {
        try {
            stream.send(SseEmitter.event().name("sample").data(sample, MediaType.APPLICATION_JSON));
            if (report != null) {
                stream.send(SseEmitter.event().name("load").data(report, MediaType.APPLICATION_JSON));
            }
        } catch (IOException | IllegalStateException ex) {
            // the page went away, or its stream already ended: forget it, and end its request, which
            // otherwise stays open until the stream's timeout, where stop() no longer finds it: a
            // graceful shutdown then waits its full 30 s for that request
            this.streams.remove(stream);
            stream.complete();
        }
    }

    synchronized DashboardSample sample() {
        RuntimeSnapshot snapshot = this.runtime.snapshot();
        long now = System.currentTimeMillis();
        DashboardSample last = this.previous;
        double seconds = last != null ? Math.max(0.001, (now - last.time()) / 1000.0) : 1;
        DashboardSample sample = new DashboardSample(now, snapshot.state().name(), snapshot.parallelism(),
                snapshot.blockingConcurrency(), lane(this.cpu, last != null ? last.cpu() : null, seconds),
                lane(this.blocking, last != null ? last.blocking() : null, seconds), snapshot.steals(),
                rate(snapshot.steals(), last != null ? last.steals() : snapshot.steals(), seconds), snapshot.parks(),
                rate(snapshot.parks(), last != null ? last.parks() : snapshot.parks(), seconds),
                snapshot.blockingInUse(), snapshot.blockingWaiting(), snapshot.blockingDetected(),
                snapshot.workers().size(), busiest(snapshot.workers()));
        if (this.history.size() == HISTORY) {
            this.history.removeFirst();
        }
        this.history.addLast(sample);
        this.previous = sample;
        return sample;
    }

    /**
     * The {@link DashboardSample#WORKERS_SHOWN} busiest workers, kept in the runtime's order so
     * that a row moves only when its worker drops out of the busiest: first those doing anything
     * but parking, then those with the most tasks in their deques, the runtime's order breaking
     * ties (a stable sort), so an idle pool shows its first workers.
     */
    static List<DashboardSample.Worker> busiest(List<RuntimeSnapshot.WorkerSnapshot> workers) {
        Comparator<Integer> busiestFirst = Comparator
                .<Integer, Boolean>comparing(i -> workers.get(i).state() == RuntimeSnapshot.WorkerState.PARKED)
                .thenComparing(i -> workers.get(i).queueDepth(), Comparator.reverseOrder());
        return IntStream.range(0, workers.size()).boxed().sorted(busiestFirst).limit(DashboardSample.WORKERS_SHOWN)
                .sorted().map(workers::get).map(worker -> new DashboardSample.Worker(worker.name(),
                        worker.state().name(), worker.queueDepth(), worker.compensating())).toList();
    }

    private static DashboardSample.LaneSample lane(LaneMeters meters, DashboardSample.@Nullable LaneSample last,
            double seconds) {
        long completed = (long) meters.completed();
        long rejected = (long) meters.rejected();
        return new DashboardSample.LaneSample(completed,
                rate(completed, last != null ? last.completed() : completed, seconds),
                (long) meters.gauge("executor.active"), (long) meters.gauge("executor.queued"), rejected,
                rate(rejected, last != null ? last.rejected() : rejected, seconds), meters.runTime(),
                meters.queueWait());
    }

    private static double rate(long now, long before, double seconds) {
        return Math.round(Math.max(0, now - before) / seconds * 10) / 10.0;
    }

    @Override
    public synchronized void start() {
        this.closing = false;
        this.writers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dashboard-writer-", 0).factory());
        this.sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dashboard-sampler").daemon().factory());
        this.sampler.scheduleAtFixedRate(this::publishQuietly, 0, 1, TimeUnit.SECONDS);
    }

    /** A failed sample must not end the schedule, which a thrown exception would. */
    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException ex) {
            logger.warn("Dashboard sample failed", ex);
        }
    }

    @Override
    public synchronized void stop() {
        this.closing = true;
        ScheduledExecutorService sampling = this.sampler;
        ExecutorService writing = this.writers;
        if (sampling != null && writing != null) {
            sampling.shutdownNow();
            writing.shutdownNow();
            this.streams.forEach(SseEmitter::complete);
            this.streams.clear();
            this.sampler = null;
            this.writers = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.sampler != null;
    }
}
