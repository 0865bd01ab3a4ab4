package io.moirai.channel;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@code Channels.oneshot()}'s non-blocking operations ({@code trySend},
 * {@code tryReceive}, {@code close}, {@code isClosedForReceive}) are linearizable against
 * {@link ChannelSpecification.Oneshot}. Model checking explores interleavings of the algorithm;
 * the stress run executes the JIT-compiled code. Each default run takes under 15 s of CPU on 2
 * cores; the {@code long} runs explore ten times as many scenarios:
 * {@code ./mvnw -pl moirai-runtime test -Plong -Dtest=OneshotChannelLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class OneshotChannelLincheckTest {

    private final Channel<Integer> channel = Channels.oneshot();

    @Operation
    public String trySend(@Param(name = "value") int value) {
        return ChannelLincheck.trySend(channel, value);
    }

    @Operation
    public Integer tryReceive() {
        return channel.tryReceive();
    }

    @Operation
    public boolean close() {
        return channel.close();
    }

    @Operation
    public boolean isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        ChannelLincheck.modelChecking(1, ChannelSpecification.Oneshot.class).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        ChannelLincheck.stress(1, ChannelSpecification.Oneshot.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        ChannelLincheck.modelChecking(10, ChannelSpecification.Oneshot.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        ChannelLincheck.stress(10, ChannelSpecification.Oneshot.class).check(getClass());
    }
}
