package io.moirai.channel;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that a broadcast channel with one subscriber behaves, through its
 * non-blocking operations, as a bounded channel of the same capacity ({@link
 * ChannelSpecification.Bounded}): {@code trySend} and {@code close} on the broadcast,
 * {@code tryReceive} and {@code isClosedForReceive} on the subscription. The
 * {@code long} runs explore ten times as many scenarios:
 * {@code ./mvnw -pl moirai-runtime test -Plong -Dtest=BroadcastChannelLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class BroadcastChannelLincheckTest {

    private final BroadcastChannel<Integer> broadcast = Channels.broadcast(2);
    private final ReceiveChannel<Integer> subscription = broadcast.subscribe();

    @Operation
    public String trySend(@Param(name = "value") int value) {
        return ChannelLincheck.trySend(broadcast, value);
    }

    @Operation
    public Integer tryReceive() {
        return subscription.tryReceive();
    }

    @Operation
    public boolean close() {
        return broadcast.close();
    }

    @Operation
    public boolean isClosedForReceive() {
        return subscription.isClosedForReceive();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        ChannelLincheck.modelChecking(1, ChannelSpecification.Bounded.class).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        ChannelLincheck.stress(1, ChannelSpecification.Bounded.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        ChannelLincheck.modelChecking(10, ChannelSpecification.Bounded.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        ChannelLincheck.stress(10, ChannelSpecification.Bounded.class).check(getClass());
    }
}
