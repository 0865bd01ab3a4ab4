package io.moirai.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use, exactly once, however many threads ask for it.
 *
 * <pre>{@code
 * private final Lazy<Pattern> pattern = Lazy.of(() -> Pattern.compile(config.regex()));
 *
 * boolean matches(String s) {
 *     return pattern.get().matcher(s).matches();
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The first {@link #get()} calls the supplier; callers that arrive meanwhile wait (they
 *       park, uninterruptibly; an interrupt is re-asserted on return) and receive its value.
 *       Once a value is computed, every {@code get} returns it without locking.</li>
 *   <li>If the supplier throws, the exception propagates to the caller that called it, nothing
 *       is cached, and one of the waiting callers (or a later one) calls the supplier again.</li>
 *   <li>A {@code null} result is refused: that caller gets {@link NullPointerException}, nothing
 *       is cached, and the next caller tries again (a null would make the lock-free read
 *       ambiguous; wrap optional values in {@link java.util.Optional}).</li>
 *   <li>A supplier that calls {@code get} on its own {@code Lazy} gets
 *       {@link IllegalStateException}.</li>
 *   <li>Everything the supplier did, the value's construction included, happens-before every
 *       return of that value: a thread that sees the value sees it fully built.</li>
 *   <li>Once a value is computed the supplier is dropped, so what it captured can be
 *       collected; until then it is kept for the next attempt.</li>
 * </ul>
 *
 * @param <T> the type of the value
 */
public final class Lazy<T> implements Supplier<T> {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Lazy.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null once the value is computed: read and cleared only by the caller whose turn it is. */
    private Supplier<? extends T> supplier;
    private final OnceSync sync = new OnceSync();
    private T value;

    private Lazy(Supplier<? extends T> supplier) {
        this.supplier = supplier;
    }

    /**
     * A lazy value computed by {@code supplier}.
     *
     * @param supplier computes the value; called until it returns a non-null value once
     * @param <T>      the type of the value
     * @return the lazy value, not yet computed
     * @throws NullPointerException if {@code supplier} is null
     */
    public static <T> Lazy<T> of(Supplier<? extends T> supplier) {
        return new Lazy<>(Objects.requireNonNull(supplier, "supplier"));
    }

    /**
     * The value, computing it if no call has yet succeeded.
     *
     * @return the value, never null
     * @throws NullPointerException  if this call ran the supplier and it returned null
     * @throws IllegalStateException if called from within this lazy value's own supplier
     */
    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        // Acquire: pairs with the release store below, so the value is seen fully built.
        T v = (T) VALUE.getAcquire(this);
        return v != null ? v : initialize();
    }

    @SuppressWarnings("unchecked")
    private T initialize() {
        while (sync.awaitTurn()) {
            boolean succeeded = false;
            try {
                T v = Objects.requireNonNull(supplier.get(), "the supplier returned null");
                // Release: publishes the value's construction to get()'s acquire load.
                VALUE.setRelease(this, v);
                supplier = null; // plain: no turn follows a success, so no thread reads it again
                succeeded = true;
                return v;
            } finally {
                sync.finish(succeeded);
            }
        }
        // DONE was read by a volatile load after the value's release store.
        return (T) VALUE.getAcquire(this);
    }

    /**
     * Whether the value has been computed; never triggers the computation.
     *
     * @return true if a value is available
     */
    public boolean isInitialized() {
        return VALUE.getAcquire(this) != null;
    }

    /** {@code Lazy[VALUE]} or {@code Lazy[not initialized]}; never triggers the computation. */
    @Override
    public String toString() {
        Object v = VALUE.getAcquire(this);
        return v != null ? "Lazy[" + v + "]" : "Lazy[not initialized]";
    }
}
