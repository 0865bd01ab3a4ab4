package io.moirai.channel;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/** Shared pieces of the channel Lincheck tests: result encoding and run options. */
final class ChannelLincheck {

    private ChannelLincheck() {
    }

    /** {@code trySend} as one value: sent, full, closed (ChannelClosedException) or spent (a used oneshot). */
    static String trySend(SendChannel<Integer> channel, int value) {
        try {
            return channel.trySend(value) ? "sent" : "full";
        } catch (ChannelClosedException e) {
            return "closed";
        } catch (IllegalStateException e) {
            return "spent";
        }
    }

    static ModelCheckingOptions modelChecking(int scale, Class<?> specification) {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(5 * scale)
                .invocationsPerIteration(300)
                .sequentialSpecification(specification);
    }

    static StressOptions stress(int scale, Class<?> specification) {
        return new StressOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(specification);
    }
}
