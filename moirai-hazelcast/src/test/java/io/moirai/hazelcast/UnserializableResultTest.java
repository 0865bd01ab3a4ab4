package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.iter.Iter;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A result whose serialization throws an unchecked exception on the member fails that task or
 * evaluation with a clear cause, and the healthy members that ran it keep serving.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnserializableResultTest {

    private static TestMembers members;

    @BeforeAll
    static void start() {
        members = new TestMembers("unserializable-result", 16130, 2);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** Serializable by its type, but writing it fails with an unchecked exception. */
    static final class Brittle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new IllegalStateException("a Brittle cannot be written");
        }
    }

    private static long serving() {
        return members.caller().snapshot().members().stream().filter(ClusterSnapshot.MemberState::serving).count();
    }

    @Test
    void aRemoteTaskWhoseResultCannotBeWrittenFailsAndItsMemberStillServes() throws Exception {
        MoiraiCluster caller = members.caller();
        for (int i = 0; i < 2; i++) {   // one per member, in turn
            assertThatThrownBy(() -> caller.executor().submit(Brittle::new).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be serialized").hasRootCauseMessage("a Brittle cannot be written");
        }
        assertThat(serving()).isEqualTo(2);
        assertThat(caller.executor().submit(() -> 7).get(60, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void anEvaluationWhoseElementsCannotBeWrittenFailsAndTheMembersStillServe() {
        MoiraiCluster caller = members.caller();
        assertThatThrownBy(() -> Iter.range(0, 100).mapToObj(i -> new Brittle()).on(caller.context())
                .collect(Collectors.toList()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be serialized")
                .hasRootCauseMessage("a Brittle cannot be written");
        assertThat(serving()).isEqualTo(2);
        assertThat(Iter.range(0, 1_000).on(caller.context()).count()).isEqualTo(1_000L);
    }
}
