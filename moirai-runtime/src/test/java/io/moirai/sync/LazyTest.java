package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Lazy}: exactly-once initialisation, exceptions, null results, toString. */
class LazyTest {

    @Test
    void computesOnceAndCaches() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "v" + calls.incrementAndGet());
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.toString()).isEqualTo("Lazy[not initialized]");
        assertThat(calls).hasValue(0);
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(calls).hasValue(1);
        assertThat(lazy.isInitialized()).isTrue();
        assertThat(lazy.toString()).isEqualTo("Lazy[v1]");
    }

    @Test
    void whatTheSupplierCapturedCanBeCollectedOnceTheValueIsComputed() {
        Object[] captured = {new byte[1024]};
        WeakReference<Object> ref = new WeakReference<>(captured[0]);
        Lazy<Integer> lazy = lazyOver(captured);
        captured[0] = null;
        assertThat(lazy.get()).isEqualTo(1024);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertThat(ref.get()).as("kept reachable by the supplier").isNull();
        assertThat(lazy.get()).isEqualTo(1024);
    }

    private static Lazy<Integer> lazyOver(Object[] holder) {
        byte[] data = (byte[]) holder[0];
        return Lazy.of(() -> data.length);
    }

    @Test
    void nullSupplierIsRefused() {
        assertThatThrownBy(() -> Lazy.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("supplier");
    }

    @Test
    void exceptionPropagatesAndNothingIsCached() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        });
        assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class).hasMessage("not yet");
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.get()).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void nullResultThrowsAndIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> calls.incrementAndGet() == 1 ? null : "second");
        assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class);
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.get()).isEqualTo("second");
    }

    @Test
    void recursiveGetFailsFast() {
        AtomicReference<Lazy<String>> self = new AtomicReference<>();
        self.set(Lazy.of(() -> self.get().get()));
        assertThatThrownBy(() -> self.get().get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void waiterReceivesTheValueComputedByTheRunner() throws Throwable {
        CountDownLatch inside = new CountDownLatch(1);
        Latch finish = new Latch(1);
        AtomicInteger calls = new AtomicInteger();
        Lazy<Integer> lazy = Lazy.of(() -> {
            calls.incrementAndGet();
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return 42;
        });
        Actor runner = Actor.start(() -> assertThat(lazy.get()).isEqualTo(42));
        inside.await();
        Actor waiter = Actor.start(() -> assertThat(lazy.get()).isEqualTo(42)).awaitParked();
        finish.countDown();
        runner.join();
        waiter.join();
        assertThat(calls).hasValue(1);
    }
}
