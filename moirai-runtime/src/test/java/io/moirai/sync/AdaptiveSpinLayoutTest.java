package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Checks with JOL that {@link AdaptiveSpin}'s counters sit at least 128 bytes from both ends of
 * the object, so their atomic updates never share a cache line (pair) with the lock word of the
 * synchronizer allocated just before it, or with whatever follows.
 */
class AdaptiveSpinLayoutTest {

    private static final int SEPARATION = 128;

    @Test
    void countersAreFarFromBothEnds() {
        ClassLayout layout = ClassLayout.parseClass(AdaptiveSpin.class);
        for (String name : new String[] {"duration", "spinners"}) {
            FieldLayout field = layout.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
            assertThat(field.offset()).as(layout.toPrintable()).isGreaterThanOrEqualTo(SEPARATION);
            assertThat(layout.instanceSize() - field.offset() - field.size()).as(layout.toPrintable())
                    .isGreaterThanOrEqualTo(SEPARATION);
        }
    }
}
