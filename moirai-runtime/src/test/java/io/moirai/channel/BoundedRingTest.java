package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * {@link BoundedRing} on one thread: exact capacity (powers of two or not), order across laps,
 * and the closed flag. Its concurrent behaviour is proved through the channel: Lincheck
 * ({@link BoundedChannelLincheckTest}), {@link ChannelStressTest} and the jcstress tests of
 * {@code io.moirai.jcstress.channel}.
 */
class BoundedRingTest {

    /** Two 64-byte lines, since adjacent-line prefetchers fetch lines in pairs. */
    private static final int SEPARATION = 128;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 3, 5, 100, 128})
    void holdsExactlyItsCapacityInOrderLapAfterLap(int capacity) {
        BoundedRing ring = new BoundedRing(capacity);
        int next = 0;
        int expected = 0;
        for (int lap = 0; lap < 5; lap++) {
            for (int i = 0; i < capacity; i++) {
                assertThat(ring.offer(next++)).isEqualTo(BoundedRing.ACCEPTED);
            }
            assertThat(ring.offer(-1)).isEqualTo(BoundedRing.FULL);
            assertThat(ring.relaxedOffer(-1)).isEqualTo(BoundedRing.FULL);
            assertThat(ring.mayOffer()).isFalse();
            assertThat(ring.size()).isEqualTo(capacity);
            for (int i = 0; i < capacity; i++) {
                assertThat(ring.mayPoll()).isTrue();
                assertThat(i % 2 == 0 ? ring.poll() : ring.relaxedPoll()).isEqualTo(expected++);
            }
            assertThat(ring.poll()).isNull();
            assertThat(ring.relaxedPoll()).isNull();
            assertThat(ring.mayPoll()).isFalse();
            assertThat(ring.size()).isZero();
        }
    }

    @Test
    void closingKeepsWhatEnteredAndRefusesTheRest() {
        BoundedRing ring = new BoundedRing(3);
        assertThat(ring.offer("a")).isEqualTo(BoundedRing.ACCEPTED);
        assertThat(ring.offer("b")).isEqualTo(BoundedRing.ACCEPTED);
        assertThat(ring.isClosed()).isFalse();
        assertThat(ring.close()).isTrue();
        assertThat(ring.close()).isFalse();
        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.offer("c")).isEqualTo(BoundedRing.CLOSED);
        assertThat(ring.relaxedOffer("c")).isEqualTo(BoundedRing.CLOSED);
        assertThat(ring.isDrained()).isFalse();
        assertThat(ring.poll()).isEqualTo("a");
        assertThat(ring.isDrained()).isFalse();
        assertThat(ring.poll()).isEqualTo("b");
        assertThat(ring.isDrained()).isTrue();
        assertThat(ring.poll()).isNull();
    }

    @Test
    void aFullRingClosedReportsClosedToSenders() {
        BoundedRing ring = new BoundedRing(1);
        ring.offer("a");
        ring.close();
        assertThat(ring.offer("b")).isEqualTo(BoundedRing.CLOSED);
    }

    @Test
    void indicesAndSharedFieldsSitOnCacheLinesOfTheirOwn() {
        ClassLayout layout = ClassLayout.parseClass(BoundedRing.class);
        Map<String, FieldLayout> fields = layout.fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, Function.identity(), (a, b) -> a));
        List<List<String>> groups = List.of(
                List.of("elements", "sequences", "capacity", "mask"),
                List.of("producerIndex"),
                List.of("consumerIndex"));
        String printable = layout.toPrintable();
        for (int g = 0; g < groups.size(); g++) {
            for (String name : groups.get(g)) {
                long offset = fields.get(name).offset();
                assertThat(offset).as("%s from the start%n%s", name, printable).isGreaterThanOrEqualTo(SEPARATION);
                assertThat(layout.instanceSize() - offset - fields.get(name).size())
                        .as("%s from the end%n%s", name, printable).isGreaterThanOrEqualTo(SEPARATION);
                for (int h = g + 1; h < groups.size(); h++) {
                    for (String other : groups.get(h)) {
                        assertThat(Math.abs(fields.get(other).offset() - offset))
                                .as("%s from %s%n%s", name, other, printable).isGreaterThanOrEqualTo(SEPARATION);
                    }
                }
            }
        }
    }
}
