package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.iter.Iter;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A result whose serialization throws an unchecked exception or an Error on the member, and a
 * payload whose deserialization throws an Error there, fail that task or evaluation with a clear
 * cause, and the healthy members that ran it keep serving: no member is taken for gone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnserializableResultTest {

    private static TestMembers members;

    private static List<UUID> gone;

    @BeforeAll
    static void start() {
        members = new TestMembers("unserializable-result", 16130, 2);
        gone = members.departuresHeardByCaller();
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

    /** Serializable by its type, but writing it throws an Error, as an OutOfMemoryError writing a huge result would. */
    static final class ErrorOnWrite implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new ExceptionInInitializerError("an ErrorOnWrite cannot be written");
        }
    }

    /**
     * Written fine, but reading it throws an Error, as a class whose static initialiser fails on
     * the member would; the caller never reads one (it only writes it into a chunk).
     */
    static final class ErrorOnRead implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            throw new ExceptionInInitializerError("an ErrorOnRead cannot be read here");
        }
    }

    /**
     * Written fine, but reading it fails as on a member that runs another build of the
     * application: its readObject throws the ClassNotFoundException of a member that lacks a
     * class, or, with {@code otherVersion}, the InvalidClassException of one whose class has
     * another serialVersionUID.
     */
    static final class LackedOnRead implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final boolean otherVersion;

        LackedOnRead(boolean otherVersion) {
            this.otherVersion = otherVersion;
        }

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (otherVersion) {
                throw new InvalidClassException("com.acme.billing.Invoice",
                        "local class incompatible: stream classdesc serialVersionUID = 1, local class serialVersionUID = 2");
            }
            throw new ClassNotFoundException("com.acme.billing.Invoice");
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

    @Test
    void aRemoteTaskWhoseResultThrowsAnErrorWhenWrittenFailsWithItAndNoMemberIsTakenForGone() throws Exception {
        MoiraiCluster caller = members.caller();
        for (int i = 0; i < 2; i++) {   // one per member, in turn
            assertThatThrownBy(() -> caller.executor().submit(ErrorOnWrite::new).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be serialized").hasRootCauseInstanceOf(ExceptionInInitializerError.class)
                    .hasRootCauseMessage("an ErrorOnWrite cannot be written");
        }
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(caller.executor().submit(() -> 7).get(60, TimeUnit.SECONDS)).isEqualTo(7);
        }
        assertThat(Iter.range(0, 1_000).on(caller.context()).count()).isEqualTo(1_000L);
    }

    @Test
    void anEvaluationWhosePayloadThrowsAnErrorWhenReadFailsWithTheErrorAndTheMembersStillServe() throws Exception {
        MoiraiCluster caller = members.caller();
        ErrorOnRead captured = new ErrorOnRead();
        assertThatThrownBy(() -> Iter.range(0, 1_000).map(i -> captured.hashCode() == 0 ? i : i)
                .on(caller.context()).sum())
                .isInstanceOf(ExceptionInInitializerError.class).hasMessage("an ErrorOnRead cannot be read here");
        assertThatThrownBy(() -> caller.executor().submit(() -> captured.hashCode()).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ExceptionInInitializerError.class);
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
        assertThat(Iter.range(0, 1_000).on(caller.context()).sum()).isEqualTo(499_500);
    }

    /**
     * A payload holding a class the member lacks, or has in another version, fails with
     * IllegalStateException naming the member, the work and the class. The member's
     * ClassNotFoundException, a checked exception, used to reach a sync terminal as a
     * CompletionException wrapping it, which said neither which member nor what it was reading
     * (seen with a member started without the caller's classes), and an InvalidClassException of
     * another serialVersionUID was reported as a refusal by the allow-list.
     */
    @Test
    void aPayloadWithAClassAMemberLacksFailsNamingTheMemberAndTheClassAndTheMembersStillServe() throws Exception {
        MoiraiCluster caller = members.caller();
        for (boolean otherVersion : new boolean[] {false, true}) {
            LackedOnRead captured = new LackedOnRead(otherVersion);
            Class<? extends Throwable> reason = otherVersion ? InvalidClassException.class : ClassNotFoundException.class;
            assertThatThrownBy(() -> Iter.range(0, 1_000).map(i -> captured.hashCode() == 0 ? i : i)
                    .on(caller.context()).sum())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not read job")
                    .hasMessageContaining("com.acme.billing.Invoice").hasMessageContaining("member ")
                    .hasCauseInstanceOf(reason);
            for (int i = 0; i < 2; i++) {   // one per member, in turn
                assertThatThrownBy(() -> caller.executor().submit(() -> captured.hashCode()).get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("could not read task").hasMessageContaining("com.acme.billing.Invoice");
            }
        }
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
        assertThat(Iter.range(0, 1_000).on(caller.context()).sum()).isEqualTo(499_500);
    }
}
