package io.moirai.autoconfigure.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cluster} field of {@code GET /actuator/moirai}, present when the application has a
 * {@code moiraiCluster}: the Hazelcast members and which of them serve Moirai work, and the
 * distributed evaluations this member started and has not finished, each with its chunks done
 * out of its total and its chunks in flight on each member. Keys, in this order:
 *
 * <pre>
 * members[]: uuid, address, local, serving, parallelism
 * jobs[]:    id, stages, chunksDone, chunksTotal, inFlightByMember {member uuid: chunks}
 * </pre>
 *
 * <p>Plain values only, like {@link MoiraiSnapshotDescriptor}: the endpoint's JSON is a contract
 * of its own, independent of {@code io.moirai.hazelcast.ClusterSnapshot}'s Java shape (and
 * loadable without {@code moirai-hazelcast} on the classpath).
 *
 * @param members the cluster's members, this one included
 * @param jobs    the running distributed evaluations this member started, oldest first
 */
public record MoiraiClusterDescriptor(List<Member> members, List<Job> jobs) {

    /**
     * Copies the lists.
     *
     * @param members the members
     * @param jobs    the jobs
     */
    public MoiraiClusterDescriptor {
        members = List.copyOf(members);
        jobs = List.copyOf(jobs);
    }

    /**
     * One member.
     *
     * @param uuid        its Hazelcast UUID
     * @param address     where it listens, {@code host:port}
     * @param local       whether it is this application's member
     * @param serving     whether it runs chunks and remote tasks
     * @param parallelism its runtime's CPU workers, 0 when it does not serve
     */
    public record Member(String uuid, String address, boolean local, boolean serving, int parallelism) {
    }

    /**
     * One distributed evaluation.
     *
     * @param id               its id on this member
     * @param stages           its stages, by name
     * @param chunksDone       chunks whose results are in
     * @param chunksTotal      all its chunks
     * @param inFlightByMember chunks sent and not yet answered, by member UUID
     */
    public record Job(long id, List<String> stages, int chunksDone, int chunksTotal,
            Map<String, Integer> inFlightByMember) {

        /**
         * Copies the collections, keeping the members' order.
         *
         * @param id               its id
         * @param stages           its stages
         * @param chunksDone       chunks done
         * @param chunksTotal      all chunks
         * @param inFlightByMember chunks in flight per member
         */
        public Job {
            stages = List.copyOf(stages);
            inFlightByMember = Collections.unmodifiableMap(new LinkedHashMap<>(inFlightByMember));
        }
    }
}
