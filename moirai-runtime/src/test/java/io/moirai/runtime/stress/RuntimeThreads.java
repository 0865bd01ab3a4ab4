package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a runtime leaves behind. Each stress runtime gets a prefix of its own, so that a
 * check sees that runtime's threads alone, whatever ran before it in the same JVM.
 */
final class RuntimeThreads {

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private RuntimeThreads() {
    }

    /** A fresh thread-name prefix, e.g. {@code stress-outcome-7-}. */
    static String uniquePrefix(String scenario) {
        return "stress-" + scenario + "-" + RUNTIMES.incrementAndGet() + "-";
    }

    /** Platform threads alive now whose name starts with {@code prefix}. */
    static List<Thread> alivePlatformThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
                .toList();
    }

    /**
     * Asserts that no thread of the runtime is alive: no platform thread with the prefix (as
     * {@link Thread#getAllStackTraces()} lists them) and none of the virtual threads the tasks saw
     * themselves run on ({@code getAllStackTraces} does not list virtual threads).
     */
    static void assertNoneAlive(String prefix, Collection<Thread> virtualThreadsSeen, String when) {
        assertThat(alivePlatformThreads(prefix))
                .as("platform threads named %s* alive %s", prefix, when)
                .isEmpty();
        assertThat(virtualThreadsSeen.stream().filter(Thread::isAlive).map(Thread::toString).toList())
                .as("blocking-lane virtual threads alive %s", when)
                .isEmpty();
    }
}
