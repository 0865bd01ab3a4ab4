package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Checks with JOL that the padding of {@link WorkStealingDeque} keeps the thieves' counter
 * ({@code top}) and the owner's fields on cache lines of their own, on the JVM running the test.
 */
class WorkStealingDequeLayoutTest {

    /** Two 64-byte lines, since adjacent-line prefetchers fetch lines in pairs. */
    private static final int SEPARATION = 128;

    private static final String[] OWNER_FIELDS = {"bottom", "topCache", "clearedTo", "array"};

    private static ClassLayout layout;
    private static Map<String, FieldLayout> fields;

    @BeforeAll
    static void parseLayout() {
        layout = ClassLayout.parseClass(WorkStealingDeque.class);
        fields = layout.fields().stream().collect(Collectors.toMap(FieldLayout::name, Function.identity()));
    }

    @Test
    void topIsFarFromTheObjectsStart() {
        assertThat(offset("top")).as(layout.toPrintable()).isGreaterThanOrEqualTo(SEPARATION);
    }

    @Test
    void ownerFieldsAreFarFromTop() {
        for (String name : OWNER_FIELDS) {
            assertThat(Math.abs(offset(name) - offset("top")))
                    .as("distance of %s from top%n%s", name, layout.toPrintable())
                    .isGreaterThanOrEqualTo(SEPARATION);
        }
    }

    @Test
    void ownerFieldsAreFarFromTheObjectsEnd() {
        for (String name : OWNER_FIELDS) {
            long end = offset(name) + fields.get(name).size();
            assertThat(layout.instanceSize() - end)
                    .as("distance of %s from the end%n%s", name, layout.toPrintable())
                    .isGreaterThanOrEqualTo(SEPARATION);
        }
    }

    private static long offset(String name) {
        assertThat(fields).containsKey(name);
        return fields.get(name).offset();
    }
}
