package io.moirai.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@link TreiberStack}'s {@code push}, {@code pop}, {@code peek} and
 * {@code isEmpty} are linearizable against a stack ({@link ArrayDeque}'s {@code push},
 * {@code pollFirst}, {@code peekFirst}, {@code isEmpty}). Every operation runs on every thread.
 * {@code size} is a weakly consistent estimate and is left out.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so it
 * proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking run was seen
 * to fail, within its default budget, for each of these deliberate mistakes: pop returning
 * {@code null} when its cas fails instead of retrying, and push installing its node with a plain
 * read of the top and a plain store instead of a cas.
 *
 * <p>Each default run takes 5 to 15 s on 2 cores. The {@code long} tests explore twenty
 * times as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=TreiberStackLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class TreiberStackLincheckTest {

    private final TreiberStack<Integer> stack = new TreiberStack<>();

    @Operation
    public void push(@Param(name = "value") int value) {
        stack.push(value);
    }

    @Operation
    public Integer pop() {
        return stack.pop();
    }

    @Operation
    public Integer peek() {
        return stack.peek();
    }

    @Operation
    public boolean isEmpty() {
        return stack.isEmpty();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        modelChecking(1).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        stress(1).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        modelChecking(20).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        stress(20).check(getClass());
    }

    private static ModelCheckingOptions modelChecking(int scale) {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(Specification.class);
    }

    private static StressOptions stress(int scale) {
        return new StressOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(30 * scale)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(Specification.class);
    }

    /** The sequential behaviour: a stack. */
    public static final class Specification {
        private final ArrayDeque<Integer> stack = new ArrayDeque<>();

        public void push(int value) {
            stack.push(value);
        }

        public Integer pop() {
            return stack.pollFirst();
        }

        public Integer peek() {
            return stack.peekFirst();
        }

        public boolean isEmpty() {
            return stack.isEmpty();
        }
    }
}
