package io.moirai.hazelcast;

import java.io.Serial;
import java.util.List;
import java.util.UUID;

/**
 * Work sent to the cluster could not be completed because the members that were to run it left
 * (or stopped serving) and no other member could take it over: a non-retryable remote task whose
 * member left, or chunks of a distributed evaluation that no serving member remained to run. The
 * evaluation then fails as a whole; no partial result is ever returned.
 */
public final class ClusterWorkLostException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The chunk indices (part indices) of the evaluation that could not be run; empty for a task. */
    private final List<Integer> chunks;
    /** The member that left, when one is known. */
    private final UUID member;

    ClusterWorkLostException(String message, List<Integer> chunks, UUID member, Throwable cause) {
        super(message, cause);
        this.chunks = List.copyOf(chunks);
        this.member = member;
    }

    /**
     * The indices, in encounter order, of the chunks that could not be run.
     *
     * @return the chunk indices; empty for a remote task
     */
    public List<Integer> chunks() {
        return chunks;
    }

    /**
     * The member whose departure lost the work, when known.
     *
     * @return the member's UUID, or null
     */
    public UUID member() {
        return member;
    }
}
