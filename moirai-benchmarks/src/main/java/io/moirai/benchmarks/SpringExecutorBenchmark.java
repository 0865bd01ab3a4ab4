package io.moirai.benchmarks;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Moirai as a Spring Boot application gets it, with nothing but the starter added, against the two
 * executors Spring Boot configures on its own: every implementation runs in a real Spring context
 * ({@link SpringApplicationBuilder}, no web server), started once per trial and closed after it.
 *
 * <p>Implementations ({@code impl}):
 * <ul>
 *   <li>{@code moirai}: the starter with {@code moirai.task-execution.default-lane=cpu}, so
 *       {@code applicationTaskExecutor} and {@code @Async} run tiny tasks on the work-stealing
 *       CPU workers;</li>
 *   <li>{@code moirai-blocking}: the starter with its defaults, where {@code applicationTaskExecutor}
 *       runs each task on a virtual thread of the blocking lane (what an application gets when it
 *       changes nothing);</li>
 *   <li>{@code moirai-512}, {@code moirai-256}: the starter's blocking lane with
 *       {@code moirai.blocking.max-concurrency} 512 and 256;</li>
 *   <li>{@code boot-default}: {@code moirai.enabled=false}, so Boot's own
 *       {@code applicationTaskExecutor} comes back: a {@code ThreadPoolTaskExecutor} with 8 core
 *       threads and an unbounded queue;</li>
 *   <li>{@code boot-virtual}: {@code moirai.enabled=false} and
 *       {@code spring.threads.virtual.enabled=true}: Boot's {@code SimpleAsyncTaskExecutor}, one new
 *       virtual thread per task, without a concurrency limit.</li>
 * </ul>
 * Each trial checks, before it measures, that the context gave the expected executor and that
 * {@code applicationTaskExecutor} and {@code @Async} run on the expected threads, and prints what it
 * found; a context that did not come up as intended fails the trial instead of measuring the wrong
 * thing.
 *
 * <h2>Tiny tasks ({@link #execute}, {@link #asyncProxyInline}, {@link #async})</h2>
 * One operation hands {@value #BATCH} tasks to the context and waits until all of them have run,
 * as in {@link ExternalSubmitBenchmark}: the score is tasks completed per second
 * ({@code @OperationsPerInvocation}), the task counts a {@link BatchLatch} down (whose waiter parks
 * at once, as ExternalSubmitBenchmark's submitter does), and the same {@code Runnable} is handed
 * over each time.
 * <ul>
 *   <li>{@link #execute}: {@code applicationTaskExecutor.execute(Runnable)}. Goal: {@code moirai}
 *       at least 3x {@code boot-default}.</li>
 *   <li>{@link #asyncProxyInline}: the caller's cost of the {@code @Async} proxy alone: the same
 *       proxy of the same bean, through a method whose {@code @Async} names an executor that runs
 *       the task on the caller ({@link SyncTaskExecutor}, bean {@value #INLINE_EXECUTOR}). It pays
 *       everything {@code @Async} adds on the caller (the interceptor, the executor look-up, the
 *       {@code Callable} and its future) but no hand-off, so it is the same in every context;
 *       measured first, it says how much of {@link #async} no executor can remove.</li>
 *   <li>{@link #async}: the same tasks through a plain {@code @Async} method of a bean in the
 *       context, end to end: the proxy, the hand-off to the executor {@code @Async} resolves (the
 *       context's {@code applicationTaskExecutor}), and the run. For information: the ratio to
 *       {@code boot-default} is reported, with no goal.</li>
 * </ul>
 * Context propagation is on for both sides, as the issue that set these goals asks: Moirai's
 * executor carries the caller's context (Spring Security, MDC, observation) into each task, as the
 * starter always does, and Boot's executors are started with
 * {@code spring.task.execution.propagate-context=true}, which gives them Boot's
 * {@code ContextPropagatingTaskDecorator} (Boot's default is off: an application that leaves it
 * off pays about 40 ns less per task on Boot's side, so the ratios to Boot would be lower).
 *
 * <h2>Blocking bursts ({@link #blockingBurst})</h2>
 * {@code tasks} tasks (512) that each sleep {@code sleepMillis} (10 ms) are handed to
 * {@code applicationTaskExecutor} at once; one operation is the burst, timed from the first
 * {@code execute} to the last completion ({@code SingleShotTime}). With 512 permits all of them
 * sleep at once (about one sleep); Boot's pool runs 8 at a time (about 64 sleeps); a virtual thread
 * per task runs them all at once. Goals: {@code moirai-512} at least 50x {@code boot-default} and
 * at least 0.9x {@code boot-virtual}. With 256 permits ({@code moirai-256}) the burst takes two
 * rounds of sleeping, and no more than 256 may ever run at once.
 *
 * <p>Each task records how many burst tasks are running when it starts; the highest count of each
 * burst is the secondary metric {@code peakConcurrency} (one value per burst in JMH's raw results;
 * JMH's summary line adds them up over the iterations, so the report takes their maximum), is
 * printed after each iteration, and fails the benchmark when it exceeds the permits of a Moirai
 * variant.
 *
 * <p>The implementations run in pairs, each next to the one it is compared with (the blocking
 * lane beside Boot's virtual-thread executor, the CPU lane beside Boot's pool): JMH runs a
 * parameter's values in the order they are listed, and on the 2-CPU benchmark machine the
 * speed of both executors drifts by up to 2x over minutes, so two runs ten minutes apart
 * compared the machine's moods as much as the executors.
 *
 * <p>Default run: 3 forks; the tiny tasks 3 x 1 s warm-up and 5 x 1 s measurement, the bursts 10
 * warm-up and 20 measured bursts per fork. The 16 parameter combinations take about 9 minutes on a
 * 2-CPU machine, of which about 70 s are {@code boot-default}'s bursts (about 0.65 s each) and
 * about 4 s per fork are the JVM's and the Spring context's start.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="SpringExecutor"
 * </pre>
 */
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
public class SpringExecutorBenchmark {

    /** Tasks handed over before waiting for them, in the tiny-task benchmarks. */
    static final int BATCH = 1_000;

    /** Bean name of the executor that runs an {@code @Async} task on the caller. */
    public static final String INLINE_EXECUTOR = "inlineExecutor";

    private static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    // ------------------------------------------------------------------------------------------
    // The Spring application each trial starts.
    // ------------------------------------------------------------------------------------------

    /**
     * The application: auto-configuration (so the starter's, or Boot's own task execution),
     * {@code @EnableAsync}, one bean with {@code @Async} methods, and the inline executor for
     * {@link #asyncProxyInline}. The inline executor is not a default candidate, so neither
     * Boot's task execution auto-configuration (which backs off when an {@code Executor} bean
     * exists) nor {@code @Async} without a qualifier sees it.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableAsync
    public static class BenchmarkApplication {

        @Bean
        AsyncTarget asyncTarget() {
            return new AsyncTarget();
        }

        @Bean(name = INLINE_EXECUTOR, defaultCandidate = false)
        TaskExecutor inlineExecutor() {
            return new SyncTaskExecutor();
        }
    }

    /** The bean whose {@code @Async} methods the benchmarks call, through its proxy. */
    public static class AsyncTarget {

        /**
         * Runs the task on the executor {@code @Async} resolves: {@code applicationTaskExecutor}.
         *
         * @param task what to run
         */
        @Async
        public void run(Runnable task) {
            task.run();
        }

        /**
         * Runs the task through the same proxy, on the caller ({@value #INLINE_EXECUTOR}).
         *
         * @param task what to run
         */
        @Async(INLINE_EXECUTOR)
        public void runInline(Runnable task) {
            task.run();
        }

        /**
         * The thread an {@code @Async} task runs on, to check the context's wiring.
         *
         * @return that thread
         */
        @Async
        public CompletableFuture<Thread> thread() {
            return CompletableFuture.completedFuture(Thread.currentThread());
        }

        /**
         * The thread an inline {@code @Async} task runs on, to check the context's wiring.
         *
         * @return that thread
         */
        @Async(INLINE_EXECUTOR)
        public CompletableFuture<Thread> threadInline() {
            return CompletableFuture.completedFuture(Thread.currentThread());
        }
    }

    /**
     * One trial's Spring context, configured for one implementation.
     *
     * @param impl      the {@code impl} parameter
     * @param context   the running context
     * @param executor  its {@code applicationTaskExecutor}
     * @param target    the proxy of {@link AsyncTarget}
     * @param permits   the blocking-lane permits of a Moirai variant on that lane; 0 when there is
     *                  no bound to check
     */
    record SpringContext(String impl, ConfigurableApplicationContext context, AsyncTaskExecutor executor,
                         AsyncTarget target, int permits) {

        /**
         * Starts the context for an implementation, checks its wiring and prints what it found.
         *
         * @param impl one of the names in the class description
         * @return the started context
         * @throws IllegalArgumentException for an unknown implementation
         * @throws IllegalStateException    if the context is not wired as the implementation says
         */
        static SpringContext start(String impl) {
            // Context propagation on for both sides: Moirai propagates by default, Boot when asked.
            List<String> args = new ArrayList<>(List.of("--logging.level.root=WARN", "--spring.main.log-startup-info=false",
                    "--spring.task.execution.propagate-context=true"));
            int permits = 0;
            switch (impl) {
                case "moirai" -> args.add("--moirai.task-execution.default-lane=cpu");
                case "moirai-blocking" -> { }
                case "moirai-512" -> permits = 512;
                case "moirai-256" -> permits = 256;
                case "boot-default" -> args.add("--moirai.enabled=false");
                case "boot-virtual" -> {
                    args.add("--moirai.enabled=false");
                    args.add("--spring.threads.virtual.enabled=true");
                }
                default -> throw new IllegalArgumentException("impl must be moirai, moirai-blocking, moirai-512, "
                        + "moirai-256, boot-default or boot-virtual, was '" + impl + "'");
            }
            if (permits > 0) {
                args.add("--moirai.blocking.max-concurrency=" + permits);
            }
            ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .run(args.toArray(String[]::new));
            try {
                SpringContext started = new SpringContext(impl, context,
                        context.getBean(APPLICATION_TASK_EXECUTOR, AsyncTaskExecutor.class),
                        context.getBean(AsyncTarget.class), permits);
                started.checkWiring();
                return started;
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
        }

        /** Closes the context: its executor stops as the application's would. */
        void close() {
            context.close();
        }

        private void checkWiring() {
            Thread caller = Thread.currentThread();
            Thread executed = await(executor.submit(Thread::currentThread));
            Thread async = await(target.thread());
            Thread inline = await(target.threadInline());
            boolean moirai = impl.startsWith("moirai");
            if (moirai) {
                if (!(executor instanceof MoiraiTaskExecutor moiraiExecutor)) {
                    throw miswired("applicationTaskExecutor is " + executor.getClass().getName() + ", not Moirai's");
                }
                Lane lane = "moirai".equals(impl) ? Lane.CPU : Lane.BLOCKING;
                if (moiraiExecutor.getLane() != lane) {
                    throw miswired("applicationTaskExecutor runs on the " + moiraiExecutor.getLane() + " lane, not " + lane);
                }
                MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
                if (permits > 0 && runtime.snapshot().blockingConcurrency() != permits) {
                    throw miswired("the runtime has " + runtime.snapshot().blockingConcurrency()
                            + " blocking permits, not " + permits);
                }
                expectThread("applicationTaskExecutor", executed, lane == Lane.CPU ? "moirai-cpu-" : "moirai-blocking-",
                        lane == Lane.BLOCKING);
                expectThread("@Async", async, lane == Lane.CPU ? "moirai-cpu-" : "moirai-blocking-", lane == Lane.BLOCKING);
            } else if ("boot-default".equals(impl)) {
                if (!(executor instanceof ThreadPoolTaskExecutor pool)) {
                    throw miswired("applicationTaskExecutor is " + executor.getClass().getName()
                            + ", not Boot's ThreadPoolTaskExecutor");
                }
                if (context.getBeanNamesForType(MoiraiRuntime.class).length != 0) {
                    throw miswired("moirai.enabled=false left a MoiraiRuntime bean");
                }
                expectThread("applicationTaskExecutor", executed, pool.getThreadNamePrefix(), false);
                expectThread("@Async", async, pool.getThreadNamePrefix(), false);
            } else {
                if (!(executor instanceof SimpleAsyncTaskExecutor)) {
                    throw miswired("applicationTaskExecutor is " + executor.getClass().getName()
                            + ", not Boot's virtual-thread SimpleAsyncTaskExecutor");
                }
                expectThread("applicationTaskExecutor", executed, "", true);
                expectThread("@Async", async, "", true);
            }
            if (inline != caller) {
                throw miswired("@Async(\"" + INLINE_EXECUTOR + "\") ran on " + inline + ", not on the caller");
            }
            System.out.println(impl + ": applicationTaskExecutor " + executor.getClass().getSimpleName()
                    + (moirai ? " (" + ((MoiraiTaskExecutor) executor).getLane().name().toLowerCase(Locale.ROOT) + " lane"
                    + (permits > 0 ? ", " + permits + " permits" : "") + ")" : "")
                    + "; execute runs on " + describe(executed) + ", @Async on " + describe(async)
                    + ", @Async(\"" + INLINE_EXECUTOR + "\") on the caller");
        }

        private void expectThread(String path, Thread thread, String namePrefix, boolean virtual) {
            if (!thread.getName().startsWith(namePrefix) || thread.isVirtual() != virtual) {
                throw miswired(path + " ran on " + describe(thread) + ", expected a " + (virtual ? "virtual" : "platform")
                        + " thread" + (namePrefix.isEmpty() ? "" : " named " + namePrefix + "*"));
            }
        }

        private static String describe(Thread thread) {
            return (thread.isVirtual() ? "virtual" : "platform") + " thread '" + thread.getName() + "'";
        }

        private IllegalStateException miswired(String problem) {
            return new IllegalStateException("impl=" + impl + ": " + problem);
        }

        private static <T> T await(Future<T> future) {
            try {
                return BoundedWait.get(future);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a check task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the context", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tiny tasks.
    // ------------------------------------------------------------------------------------------

    /** A context for the tiny-task benchmarks. */
    @State(Scope.Benchmark)
    public static class TinyTasks {

        /** The implementation under test. */
        @Param({"moirai-blocking", "boot-virtual", "moirai", "boot-default"})
        public String impl;

        SpringContext spring;

        @Setup(Level.Trial)
        public void start() {
            spring = SpringContext.start(impl);
        }

        @TearDown(Level.Trial)
        public void stop() {
            spring.close();
        }
    }

    /** One submitter's latch and task, reused for each of its batches. */
    @State(Scope.Thread)
    public static class Batch {
        final BatchLatch latch = new BatchLatch();
        final Runnable task = latch::countDown;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(BATCH)
    public void execute(TinyTasks tiny, Batch batch) {
        AsyncTaskExecutor executor = tiny.spring.executor();
        BatchLatch latch = batch.latch;
        Runnable task = batch.task;
        latch.reset(BATCH);
        for (int i = 0; i < BATCH; i++) {
            executor.execute(task);
        }
        latch.await();
    }

    /** As {@link #execute}, from four submitting threads at once (request threads, say). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(BATCH)
    @Threads(4)
    public void executeFourThreads(TinyTasks tiny, Batch batch) {
        execute(tiny, batch);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(BATCH)
    public void asyncProxyInline(TinyTasks tiny, Batch batch) {
        AsyncTarget target = tiny.spring.target();
        BatchLatch latch = batch.latch;
        Runnable task = batch.task;
        latch.reset(BATCH);
        for (int i = 0; i < BATCH; i++) {
            target.runInline(task);
        }
        latch.await();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(BATCH)
    public void async(TinyTasks tiny, Batch batch) {
        AsyncTarget target = tiny.spring.target();
        BatchLatch latch = batch.latch;
        Runnable task = batch.task;
        latch.reset(BATCH);
        for (int i = 0; i < BATCH; i++) {
            target.run(task);
        }
        latch.await();
    }

    // ------------------------------------------------------------------------------------------
    // Blocking bursts.
    // ------------------------------------------------------------------------------------------

    /** A context for the blocking bursts, and the burst's task with its concurrency count. */
    @State(Scope.Benchmark)
    public static class BlockingBurst {

        /** The implementation under test. */
        @Param({"moirai-512", "boot-virtual", "moirai-256", "boot-default"})
        public String impl;

        /** Tasks in the burst. */
        @Param("512")
        public int tasks;

        /** How long each task sleeps. */
        @Param("10")
        public int sleepMillis;

        SpringContext spring;
        SleepingBurst burst;

        @Setup(Level.Trial)
        public void start() {
            spring = SpringContext.start(impl);
            burst = new SleepingBurst(sleepMillis);
        }

        /** Prints the burst's peak concurrency and fails the run if it broke the permit limit. */
        @TearDown(Level.Iteration)
        public void checkPeak() {
            int observed = burst.takePeak();
            int limit = spring.permits();
            System.out.println("peak concurrency: " + observed + " (limit " + (limit > 0 ? limit : "none") + ")");
            if (limit > 0 && observed > limit) {
                throw new IllegalStateException(impl + " ran " + observed + " tasks at once, above its limit of "
                        + limit + " (moirai.blocking.max-concurrency)");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            spring.close();
        }
    }

    /** The secondary metric of {@link #blockingBurst}: JMH records it once per burst. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Peak {

        /** The most tasks of the burst that were running at once. */
        public long peakConcurrency;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10)
    @Measurement(iterations = 20)
    public void blockingBurst(BlockingBurst burst, Peak peak) {
        AsyncTaskExecutor executor = burst.spring.executor();
        SleepingBurst sleepers = burst.burst;
        Runnable task = sleepers.task();
        int tasks = burst.tasks;
        sleepers.reset(tasks);
        for (int i = 0; i < tasks; i++) {
            executor.execute(task);
        }
        sleepers.await();
        peak.peakConcurrency = sleepers.peak();
    }
}
