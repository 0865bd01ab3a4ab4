package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/**
 * Single-threaded tests of {@link TreiberStack}; {@code TreiberStackLincheckTest},
 * {@code QueueStressTest} and the jcstress tests prove its concurrent behaviour. Run with
 * {@code ./mvnw -pl moirai-runtime -am test -Dtest=TreiberStackTest}.
 */
class TreiberStackTest {

    @Test
    void newStackIsEmpty() {
        TreiberStack<String> stack = new TreiberStack<>();

        assertThat(stack.isEmpty()).isTrue();
        assertThat(stack.size()).isZero();
        assertThat(stack.pop()).isNull();
        assertThat(stack.peek()).isNull();
    }

    @Test
    void popReturnsTheNewestElementFirst() {
        TreiberStack<String> stack = stackOf("a", "b", "c");

        assertThat(stack.peek()).isEqualTo("c");
        assertThat(stack.pop()).isEqualTo("c");
        assertThat(stack.pop()).isEqualTo("b");
        assertThat(stack.peek()).isEqualTo("a");
        assertThat(stack.pop()).isEqualTo("a");
        assertThat(stack.pop()).isNull();
        assertThat(stack.isEmpty()).isTrue();
    }

    @Test
    void sizeCountsPushesMinusPops() {
        TreiberStack<String> stack = stackOf("a", "b", "c");
        stack.pop();

        assertThat(stack.size()).isEqualTo(2);
        assertThat(stack.isEmpty()).isFalse();
    }

    @Test
    void theSameElementMayBePushedAgainAfterItWasPopped() {
        TreiberStack<String> stack = new TreiberStack<>();
        String element = "x";

        for (int i = 0; i < 1000; i++) {
            stack.push(element);
            stack.push("y");
            assertThat(stack.pop()).isEqualTo("y");
            assertThat(stack.pop()).isSameAs(element);
        }
        assertThat(stack.isEmpty()).isTrue();
    }

    @Test
    void refusesNull() {
        TreiberStack<String> stack = new TreiberStack<>();

        assertThatNullPointerException().isThrownBy(() -> stack.push(null)).withMessage("e");
        assertThat(stack.isEmpty()).isTrue();
    }

    private static TreiberStack<String> stackOf(String... elements) {
        TreiberStack<String> stack = new TreiberStack<>();
        for (String e : elements) {
            stack.push(e);
        }
        return stack;
    }
}
