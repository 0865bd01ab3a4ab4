package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A CPU task stuck in a socket read is RUNNABLE, like a task that computes; the detector tells
 * them apart by the CPU time the thread uses, reports the first and compensates for it, and
 * leaves the second alone.
 */
class BlockingIoDetectionTest {

    @Test
    void aCpuTaskBlockedInASocketReadIsDetectedAndCompensated() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).threadNamePrefix("io-")
                     .blockingDetectionThreshold(Duration.ofMillis(100)).listener(listener).build()) {
            CountDownLatch reading = new CountDownLatch(1);
            TaskHandle<Integer> reader = runtime.spawn(() -> {
                try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    socket.setSoTimeout((int) Waits.LONG.toMillis());
                    InputStream in = socket.getInputStream();
                    reading.countDown();
                    return in.read(); // the server never writes: blocks until the server side closes
                }
            }, TaskOptions.named("socket-reader"));
            try (Socket accepted = server.accept()) {
                Waits.await(reading);

                assertThat(runtime.spawn(() -> Thread.currentThread().getName())
                        .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                        .as("another CPU task ran beside the blocked reader").startsWith("io-cpu-compensator-");
                await().atMost(Waits.LONG).until(() -> !listener.eventsOf(RuntimeEvent.BlockingDetected.class).isEmpty());
                RuntimeEvent.BlockingDetected event = listener.eventsOf(RuntimeEvent.BlockingDetected.class).getFirst();
                assertThat(event.taskName()).isEqualTo("socket-reader");
                assertThat(event.threadState()).isEqualTo(Thread.State.RUNNABLE);
                assertThat(event.compensated()).isTrue();
            }
            assertThat(reader.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(-1);
        }
    }

    @Test
    void aLongComputationIsNotReportedAsBlocked() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1)
                .blockingDetectionThreshold(Duration.ofMillis(50)).listener(listener).build()) {
            long spinNanos = Duration.ofMillis(600).toNanos();
            AtomicLong result = new AtomicLong();
            TaskHandle<Double> spinner = runtime.spawn(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpuAtStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long x = 0;
                while (System.nanoTime() - start < spinNanos) {
                    x += Long.numberOfTrailingZeros(x + start);
                }
                result.set(x);
                return (threads.getCurrentThreadCpuTime() - cpuAtStart) / (double) (System.nanoTime() - start);
            });
            double cpuShare = spinner.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            // the detector takes a RUNNABLE worker that gets under a quarter of a CPU for one that waits
            // outside the JVM; on a machine so overloaded that a spinning thread got that little, the
            // verdict says nothing about the detector
            assumeThat(cpuShare).as("share of a CPU the spinning worker got").isGreaterThan(0.8);
            assertThat(listener.eventsOf(RuntimeEvent.BlockingDetected.class)).isEmpty();
            assertThat(runtime.snapshot().blockingDetected()).isZero();
        }
    }
}
