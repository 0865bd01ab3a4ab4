package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Lazy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The value's release store pairs with get()'s and isInitialized()'s acquire load. */
@JCStressTest
@Description("A thread that sees a Lazy initialised sees its value fully built; both get() calls agree.")
@Outcome(id = "42, -1", expect = ACCEPTABLE, desc = "The observer looked before initialisation.")
@Outcome(id = "42, 42", expect = ACCEPTABLE, desc = "The observer saw the value, fully built.")
@Outcome(expect = FORBIDDEN, desc = "The observer saw the value half-built.")
@State
public class LazyPublicationTest {

    private final Lazy<Box> lazy = Lazy.of(() -> new Box(42));

    @Actor
    public void initializer(II_Result r) {
        r.r1 = lazy.get().value;
    }

    @Actor
    public void observer(II_Result r) {
        r.r2 = lazy.isInitialized() ? lazy.get().value : -1;
    }
}
