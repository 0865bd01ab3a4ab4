package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Checks with JOL that {@link MutexSync}'s release count sits right after AQS's state, in the same
 * aligned 8 bytes, so that the two fields a spinning successor polls always share a cache line,
 * whatever the object's address (see Layout in MutexSync's design note). Assumes the default
 * 12-byte object header: with compact headers the count still follows the state, but the state
 * sits at offset 20 and the two straddle an 8-byte boundary, which this test reports.
 */
class MutexSyncLayoutTest {

    @Test
    void releaseCountSharesTheStateWordsAlignedEightBytes() {
        ClassLayout layout = ClassLayout.parseClass(MutexSync.class);
        long state = offset(layout, "state");
        long releases = offset(layout, "releases");
        assertThat(releases).as(layout.toPrintable()).isEqualTo(state + Integer.BYTES);
        assertThat(state / Long.BYTES).as(layout.toPrintable()).isEqualTo(releases / Long.BYTES);
    }

    private static long offset(ClassLayout layout, String name) {
        FieldLayout field = layout.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        return field.offset();
    }
}
