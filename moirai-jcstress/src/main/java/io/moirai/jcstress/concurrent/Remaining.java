package io.moirai.jcstress.concurrent;

import io.moirai.concurrent.MessageQueue;
import io.moirai.concurrent.TreiberStack;

/**
 * What an arbiter found left in a queue or stack, as one number: the values of the payloads in
 * the order they come out, one decimal digit each (so values must be 1 to 9), e.g. 34 for
 * payloads 3 then 4, and 0 for none. A payload whose value the arbiter cannot see would show as
 * a 0 digit inside the number.
 */
final class Remaining {

    private Remaining() {
    }

    /** Polls {@code queue} empty; the arbiter is its only consumer by then. */
    static int of(MessageQueue<Payload> queue) {
        int digits = 0;
        for (Payload p; (p = queue.poll()) != null; ) {
            digits = digits * 10 + p.value;
        }
        return digits;
    }

    /** Pops {@code stack} empty, top first. */
    static int of(TreiberStack<Payload> stack) {
        int digits = 0;
        for (Payload p; (p = stack.pop()) != null; ) {
            digits = digits * 10 + p.value;
        }
        return digits;
    }
}
