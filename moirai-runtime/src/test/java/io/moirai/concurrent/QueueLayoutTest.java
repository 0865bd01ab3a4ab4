package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;
import org.openjdk.jol.vm.VM;

/**
 * Checks with JOL that the padding of each queue keeps the fields written by different parties
 * on cache lines of their own, on the JVM running the test: every field of one group is at
 * least 128 bytes from every field of another group, from the object's start and from its end.
 * The groups are those of each class's "Layout" design note: the read-only shared fields, the
 * producers' index, the producers' cached limit or hint where there is one, and the consumers'
 * fields. Fields in one group may share a line. It also checks that the unused elements around
 * each array queue's slots span those 128 bytes, so that no slot shares a line pair with the
 * array's header or with the next object.
 */
class QueueLayoutTest {

    /** Two 64-byte lines, since adjacent-line prefetchers fetch lines in pairs. */
    private static final int SEPARATION = 128;

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(SpscArrayQueue.class, List.of(
                        List.of("buffer", "mask", "lookAhead"),
                        List.of("producerIndex", "producerLimit"),
                        List.of("consumerIndex"))),
                Arguments.of(MpscArrayQueue.class, List.of(
                        List.of("buffer", "mask"),
                        List.of("producerIndex"),
                        List.of("producerLimit"),
                        List.of("consumerIndex"))),
                Arguments.of(MpmcArrayQueue.class, List.of(
                        List.of("buffer", "sequences", "mask"),
                        List.of("producerIndex"),
                        List.of("consumerIndex"))),
                Arguments.of(MpscUnboundedQueue.class, List.of(
                        List.of("chunkMask"),
                        List.of("producerIndex"),
                        List.of("producerChunk"),
                        List.of("consumerIndex", "consumerChunk"))));
    }

    @Test
    void unusedElementsAroundTheSlotsSpanTwoCacheLines() {
        int elementBytes = VM.current().arrayIndexScale("java.lang.Object");
        assertThat(AbstractMessageQueue.PAD * elementBytes)
                .as("bytes of %d unused %d-byte elements", AbstractMessageQueue.PAD, elementBytes)
                .isGreaterThanOrEqualTo(SEPARATION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void groupsOfFieldsSitOnCacheLinesOfTheirOwn(Class<?> queue, List<List<String>> groups) {
        ClassLayout layout = ClassLayout.parseClass(queue);
        Map<String, FieldLayout> fields = layout.fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, Function.identity(), (a, b) -> a));
        String printable = layout.toPrintable();
        for (int g = 0; g < groups.size(); g++) {
            for (String name : groups.get(g)) {
                assertThat(fields).as(printable).containsKey(name);
                FieldLayout field = fields.get(name);
                assertThat(field.offset()).as("distance of %s from the start%n%s", name, printable)
                        .isGreaterThanOrEqualTo(SEPARATION);
                assertThat(layout.instanceSize() - field.offset() - field.size())
                        .as("distance of %s from the end%n%s", name, printable)
                        .isGreaterThanOrEqualTo(SEPARATION);
                for (int h = g + 1; h < groups.size(); h++) {
                    for (String other : groups.get(h)) {
                        assertThat(fields).as(printable).containsKey(other);
                        assertThat(Math.abs(fields.get(other).offset() - field.offset()))
                                .as("distance of %s from %s%n%s", name, other, printable)
                                .isGreaterThanOrEqualTo(SEPARATION);
                    }
                }
            }
        }
    }
}
