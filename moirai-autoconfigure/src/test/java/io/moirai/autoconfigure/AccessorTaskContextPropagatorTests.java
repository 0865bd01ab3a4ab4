package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The propagator's contract, on the submitting and the running thread alike (here the same
 * thread, so what "before" and "after" mean is plain): captured values are set, absent ones
 * cleared, and the running thread's own values restored afterwards, also when the task throws.
 */
class AccessorTaskContextPropagatorTests {

    private final ThreadLocal<String> user = new ThreadLocal<>();
    private final ThreadLocal<String> trace = new ThreadLocal<>();
    private final ContextRegistry registry = new ContextRegistry()
            .registerThreadLocalAccessor("user", user)
            .registerThreadLocalAccessor("trace", trace);
    private final AccessorTaskContextPropagator propagator = new AccessorTaskContextPropagator(registry);

    @Test
    void setsCapturedValuesClearsAbsentOnesAndRestoresTheRunningThreadsOwn() {
        user.set("alice");
        Runnable wrapped = propagator.wrap(() -> {
            assertThat(user.get()).isEqualTo("alice");
            assertThat(trace.get()).isNull();
        });
        user.set("bob");
        trace.set("left-behind");
        wrapped.run();
        assertThat(user.get()).isEqualTo("bob");
        assertThat(trace.get()).isEqualTo("left-behind");
    }

    @Test
    void aTaskWithNothingToCarryStillRunsWithNothing() {
        user.remove();
        trace.remove();
        List<String> seen = new ArrayList<>();
        Runnable wrapped = propagator.wrap(() -> seen.add(user.get() + "/" + trace.get()));
        user.set("stranger");
        wrapped.run();
        assertThat(seen).containsExactly("null/null");
        assertThat(user.get()).isEqualTo("stranger");
        assertThat(trace.get()).isNull();
    }

    @Test
    void restoresWhenTheTaskThrows() {
        user.set("alice");
        Runnable wrapped = propagator.wrap(() -> {
            throw new IllegalStateException("boom");
        });
        user.set("bob");
        assertThatThrownBy(wrapped::run).hasMessage("boom");
        assertThat(user.get()).isEqualTo("bob");
    }

    @Test
    void seesAccessorsRegisteredAfterItWasMade() {
        ThreadLocal<String> tenant = new ThreadLocal<>();
        propagator.wrap(() -> { }).run();
        registry.registerThreadLocalAccessor("tenant", tenant);
        tenant.set("acme");
        Runnable wrapped = propagator.wrap(() -> assertThat(tenant.get()).isEqualTo("acme"));
        tenant.remove();
        wrapped.run();
        assertThat(tenant.get()).isNull();
        registry.removeThreadLocalAccessor("tenant");
        tenant.set("gone");
        Runnable after = propagator.wrap(() -> assertThat(tenant.get()).isEqualTo("gone"));
        after.run();
    }

    @Test
    void anAccessorRemovedWhileTheRegistryIsReadDoesNotFailTheSubmission() {
        // the registry's list is a live view: here the accessor "trace" goes between the size()
        // and the get(1) that the propagator reads, as when another thread removes it meanwhile
        ThreadLocalAccessor<?> userAccessor = registry.getThreadLocalAccessors().get(0);
        AtomicBoolean removed = new AtomicBoolean();
        ContextRegistry changing = new ContextRegistry() {
            @Override
            public List<ThreadLocalAccessor<?>> getThreadLocalAccessors() {
                List<ThreadLocalAccessor<?>> live = registry.getThreadLocalAccessors();
                return !removed.get() ? live : new AbstractList<>() {
                    @Override
                    public int size() {
                        return live.size(); // read before the removal
                    }

                    @Override
                    public ThreadLocalAccessor<?> get(int index) {
                        return List.<ThreadLocalAccessor<?>>of(userAccessor).get(index);
                    }

                    @Override
                    public Object[] toArray() {
                        return new Object[] { userAccessor };
                    }

                    @Override
                    public <T> T[] toArray(T[] array) {
                        return List.of(userAccessor).toArray(array);
                    }
                };
            }
        };
        AccessorTaskContextPropagator reading = new AccessorTaskContextPropagator(changing);
        reading.wrap(() -> { }).run();
        removed.set(true);
        user.set("alice");
        trace.set("t-1");
        Runnable wrapped = reading.wrap(() -> assertThat(user.get() + "/" + trace.get()).isEqualTo("alice/t-1"));
        user.remove();
        wrapped.run();
        assertThat(user.get()).isNull();
    }

    @Test
    void anAccessorWithNoValueOnTheRunningThreadIsNotClearedAgainButStillRestored() {
        List<String> calls = new ArrayList<>();
        ContextRegistry counting = new ContextRegistry().registerThreadLocalAccessor(new ThreadLocalAccessor<String>() {
            @Override
            public Object key() {
                return "counted";
            }

            @Override
            public String getValue() {
                calls.add("get");
                return null;
            }

            @Override
            public void setValue(String value) {
                calls.add("set " + value);
            }

            @Override
            public void setValue() {
                calls.add("clear");
            }

            @Override
            public void restore() {
                calls.add("restore");
            }
        });
        Runnable wrapped = new AccessorTaskContextPropagator(counting).wrap(() -> calls.add("task"));
        calls.clear();
        wrapped.run();
        assertThat(calls).containsExactly("get", "task", "restore");
    }

    @Test
    void anAccessorThatFailsToSetLeavesTheOthersAsTheRunningThreadHadThem() {
        ThreadLocal<String> failing = new ThreadLocal<>();
        registry.registerThreadLocalAccessor(new FailingAccessor(failing, "setValue"));
        user.set("alice");
        failing.set("captured");
        List<String> ran = new ArrayList<>();
        Runnable wrapped = propagator.wrap(() -> ran.add(user.get()));
        user.set("bob");
        assertThatThrownBy(wrapped::run).hasMessage("setValue failed");
        assertThat(ran).isEmpty();
        assertThat(user.get()).isEqualTo("bob");
    }

    @Test
    void anAccessorThatFailsToRestoreDoesNotKeepTheOthersFromBeingRestored() {
        ThreadLocal<String> failing = new ThreadLocal<>();
        registry.registerThreadLocalAccessor(new FailingAccessor(failing, "restore"));
        user.set("alice");
        Runnable wrapped = propagator.wrap(() -> assertThat(user.get()).isEqualTo("alice"));
        user.set("bob");
        trace.set("own");
        assertThatThrownBy(wrapped::run).hasMessage("restore failed");
        assertThat(user.get()).isEqualTo("bob");
        assertThat(trace.get()).isEqualTo("own");
    }

    @Test
    void aFailureToRestoreAfterAFailedTaskIsAddedToTheTasksFailure() {
        ThreadLocal<String> failing = new ThreadLocal<>();
        registry.registerThreadLocalAccessor(new FailingAccessor(failing, "restore"));
        user.set("alice");
        Runnable wrapped = propagator.wrap(() -> {
            throw new IllegalStateException("boom");
        });
        user.set("bob");
        assertThatThrownBy(wrapped::run).hasMessage("boom")
                .satisfies(failure -> assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("restore failed"));
        assertThat(user.get()).isEqualTo("bob");
    }

    /** An accessor over {@code local} whose {@code failing} operation throws. */
    private record FailingAccessor(ThreadLocal<String> local, String failing) implements ThreadLocalAccessor<String> {

        @Override
        public Object key() {
            return "failing";
        }

        @Override
        public String getValue() {
            return local.get();
        }

        @Override
        public void setValue(String value) {
            fail("setValue");
            local.set(value);
        }

        @Override
        public void setValue() {
            fail("setValue");
            local.remove();
        }

        @Override
        public void restore(String previousValue) {
            fail("restore");
            local.set(previousValue);
        }

        @Override
        public void restore() {
            fail("restore");
            local.remove();
        }

        private void fail(String operation) {
            if (operation.equals(failing)) {
                throw new IllegalStateException(operation + " failed");
            }
        }
    }
}
