package io.moirai.channel;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@code Channels.unbounded()}'s non-blocking operations ({@code trySend},
 * {@code tryReceive}, {@code close}, {@code isClosedForReceive}) are linearizable against
 * {@link ChannelSpecification.Unbounded}. Model checking explores interleavings of the algorithm;
 * the stress run executes the JIT-compiled code. Each default run takes under 15 s of CPU on 2
 * cores; the {@code long} runs explore ten times as many scenarios:
 * {@code ./mvnw -pl moirai-runtime test -Plong -Dtest=UnboundedChannelLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class UnboundedChannelLincheckTest {

    private final Channel<Integer> channel = Channels.unbounded();

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
        ChannelLincheck.modelChecking(1, ChannelSpecification.Unbounded.class).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        ChannelLincheck.stress(1, ChannelSpecification.Unbounded.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        ChannelLincheck.modelChecking(10, ChannelSpecification.Unbounded.class).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        ChannelLincheck.stress(10, ChannelSpecification.Unbounded.class).check(getClass());
    }
}
