package io.moirai.channel;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers that start an operation on another thread and wait, without sleeping, until it blocks. */
final class Blocked {

    private Blocked() {
    }

    /** Runs {@code call} on a new platform thread; the future completes with its result or exception. */
    static <T> Async<T> start(Callable<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new Async<>(t, f);
    }

    static void untilSenders(Channel<?> channel, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedSenders(channel) >= n);
    }

    static void untilReceivers(ReceiveChannel<?> channel, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedReceivers(channel) >= n);
    }

    /** Senders queued on the channel now, dead ones included. */
    static int queuedSenders(Channel<?> channel) {
        return switch (channel) {
            case BoundedChannel<?> c -> c.queuedSenders();
            case BufferedChannel<?> c -> c.queuedSenders();
            case RemoteChannel<?> c -> throw new IllegalArgumentException("no local waiters: " + c.name());
        };
    }

    /** Receivers queued on the channel (or broadcast subscription) now, dead ones included. */
    static int queuedReceivers(ReceiveChannel<?> channel) {
        return channel instanceof BoundedChannel<?> c ? c.queuedReceivers()
                : ((BufferedChannel<?>) channel).queuedReceivers();
    }

    static void untilParked(Async<?> a) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Thread.State s = a.thread().getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }

    record Async<T>(Thread thread, CompletableFuture<T> future) {

        T join() throws Exception {
            try {
                return future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            }
        }

        Throwable failure() throws InterruptedException, TimeoutException {
            try {
                future.get(30, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }
}
