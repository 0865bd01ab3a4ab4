package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Checks with JOL that the fields a worker's thread writes on every task sit at least two cache
 * lines away from the worker's other fields and from the objects before and after it.
 */
class WorkerLayoutTest {

    private static final int SEPARATION = 128;

    private static final String[] HOT_FIELDS = {"taskSequence", "status", "frameRuns", "frameNested", "batch", "batchUses",
            "searching", "tick", "helpDepth", "frame", "helpTarget"};

    @Test
    void hotFieldsHaveCacheLinesOfTheirOwn() {
        ClassLayout layout = ClassLayout.parseClass(Worker.class);
        Map<String, FieldLayout> fields = layout.fields().stream()
                .collect(Collectors.toMap(FieldLayout::name, Function.identity(), (a, b) -> a));
        long firstHot = Long.MAX_VALUE;
        long lastHotEnd = 0;
        for (String name : HOT_FIELDS) {
            assertThat(fields).as(layout.toPrintable()).containsKey(name);
            FieldLayout field = fields.get(name);
            firstHot = Math.min(firstHot, field.offset());
            lastHotEnd = Math.max(lastHotEnd, field.offset() + field.size());
        }
        assertThat(firstHot).as("distance from the object's start%n%s", layout.toPrintable())
                .isGreaterThanOrEqualTo(SEPARATION);
        for (FieldLayout other : layout.fields()) {
            boolean hot = java.util.Arrays.asList(HOT_FIELDS).contains(other.name());
            boolean padding = other.name().matches("[pq]\\d+");
            if (!hot && !padding) {
                long distance = other.offset() < firstHot ? firstHot - (other.offset() + other.size())
                        : other.offset() - lastHotEnd;
                assertThat(distance).as("distance of %s from the hot fields%n%s", other.name(), layout.toPrintable())
                        .isGreaterThanOrEqualTo(SEPARATION);
            }
        }
    }
}
